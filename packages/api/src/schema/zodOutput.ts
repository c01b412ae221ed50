import type { z } from 'zod';
import { builder } from '../builder.ts';
import {
  defOf,
  enumFor,
  fieldDescription,
  isMoney,
  OBJECT_NAMES,
  pascal,
  recordKeyDescription,
} from './zodInput.ts';

/**
 * GraphQL object types generated from the domain's zod schemas, the output twins of the input
 * types of `zodInput.ts`: a document a publish mutation takes as `XInput` reads back as
 * `X`, field for field, so what a client reads it can send again (without `__typename`).
 *
 * - objects become object types, arrays lists, enums and literals the same GraphQL enums the
 *   inputs use;
 * - integers become `Int`, money fields (`fen`, `positiveFen`) the `Fen` scalar, other numbers `Float`;
 * - an optional or nullable field becomes a nullable field;
 * - a record keyed by an enum becomes an object type with one field per key (as its input does),
 *   a record keyed by free text has no output form here (no document has one);
 * - a schema given an existing object type (`outputOf`) is exposed as that type, e.g. a
 *   discriminated union whose variants share one object type with nullable fields;
 * - types and fields are described as their inputs are: the zod description, else the glossary.
 */

// biome-ignore lint/suspicious/noExplicitAny: the Pothos ref types of generated objects are not known statically.
type OutputRef = any;
/** A generated object type: its values are plain objects as the domain's schema has them. */
export type DocumentRef = ReturnType<typeof builder.objectRef<Record<string, unknown>>>;

const objects = new Map<z.ZodType, OutputRef>();

/** Exposes values of `schema` as the existing object type `ref` wherever a generated type holds one. */
export function outputOf(schema: z.ZodType, ref: OutputRef): void {
  objects.set(schema, ref);
}

interface FieldType {
  readonly type: OutputRef;
  readonly list: boolean;
  readonly nullable: boolean;
}

function fieldType(schema: z.ZodType, name: string): FieldType {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return { ...fieldType(def.innerType as z.ZodType, name), nullable: true };
    case 'array': {
      const inner = fieldType(def.element as z.ZodType, name);
      if (inner.list || inner.nullable)
        throw new Error(`${name}: lists of lists or of nulls have no output form here`);
      return { type: inner.type, list: true, nullable: false };
    }
    default:
      return { type: namedType(schema, name), list: false, nullable: false };
  }
}

function namedType(schema: z.ZodType, name: string): OutputRef {
  const known = objects.get(schema);
  if (known) return known;
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'number':
      if (isMoney(schema)) return 'Fen';
      return (schema as z.ZodNumber).isInt ? 'Int' : 'Float';
    case 'enum':
      return enumFor((schema as unknown as { options: string[] }).options, name, schema.description);
    case 'literal':
      return enumFor((def.values as unknown[]).map(String), name, schema.description);
    case 'object':
      return objectType(schema as z.ZodObject, name);
    case 'record':
      return recordType(schema, name);
    default:
      throw new Error(`${name}: zod type "${def.type}" has no GraphQL output form here`);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the field builder of a generated type.
type Fields = any;

/** A field of type `ft` that reads `key` of its parent. */
const fieldOf = (t: Fields, key: string, ft: FieldType, description: string | undefined) =>
  t.field({
    type: ft.list ? [ft.type] : ft.type,
    nullable: ft.nullable,
    ...(description ? { description } : {}),
    resolve: (parent: Record<string, unknown>) => parent[key] ?? null,
  });

function objectType(schema: z.ZodObject, name: string, description?: string): OutputRef {
  const typeName = OBJECT_NAMES.get(schema) ?? name;
  const shape = schema.shape as Record<string, z.ZodType>;
  const ref = builder.objectRef<Record<string, unknown>>(typeName);
  objects.set(schema, ref);
  ref.implement({
    description: description ?? schema.description ?? `Part of a policy document: ${typeName}.`,
    fields: (t: Fields) =>
      Object.fromEntries(
        Object.entries(shape).map(([key, field]) => [
          key,
          fieldOf(t, key, fieldType(field, `${typeName}${pascal(key)}`), fieldDescription(field, key)),
        ]),
      ),
  });
  return ref;
}

function recordType(schema: z.ZodType, name: string): OutputRef {
  const def = defOf(schema);
  const typeName = OBJECT_NAMES.get(schema) ?? name;
  const keyType = def.keyType as z.ZodType;
  if (defOf(keyType).type !== 'enum') {
    throw new Error(`${typeName}: a record keyed by free text has no output form here`);
  }
  const keys = (keyType as unknown as { options: string[] }).options;
  const value = fieldType(def.valueType as z.ZodType, `${typeName}Value`);
  const ref = builder.objectRef<Record<string, unknown>>(typeName);
  objects.set(schema, ref);
  ref.implement({
    description: `${schema.description ?? 'A value per key.'} One field per key, every key present, as in the input.`,
    fields: (t: Fields) =>
      Object.fromEntries(keys.map((k) => [k, fieldOf(t, k, value, recordKeyDescription(schema, k))])),
  });
  return ref;
}

/**
 * The object type of a domain document's schema, named as its input is named (without `Input`).
 * Its values are the documents themselves, as the domain's type has them.
 */
export function objectTypeOf(schema: z.ZodObject, description: string): DocumentRef {
  const name = OBJECT_NAMES.get(schema);
  if (!name) throw new Error('objectTypeOf: name the schema in OBJECT_NAMES first');
  return objectType(schema, name, description);
}
