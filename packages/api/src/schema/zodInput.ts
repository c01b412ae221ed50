import {
  ALERT_KINDS,
  CalibrationBinSchema,
  ColdStartRulesSchema,
  CommissionPlanSchema,
  CommissionTierSchema,
  CoursePolicySchema,
  CourseSchema,
  FieldRulesSchema,
  fen,
  KPI_IDS,
  KpiTemplateSchema,
  KpiWeightSchema,
  LadderLevelSchema,
  LadderSchema,
  LadderTrackSchema,
  LEVEL_IDS,
  LinearNormalisationSchema,
  ORG_UNIT_KINDS,
  ProbationPolicySchema,
  PromotionDecided,
  positiveFen,
  RETENTION_FEATURE_IDS,
  RecommendationRulesSchema,
  RequirementSchema,
  RetentionModelSchema,
  ScoringPolicySchema,
  ScoringThresholdsSchema,
  TargetPolicySchema,
  TRACK_IDS,
  TrainingMetricsSchema,
  VoteCast,
} from '@trackrecord/domain';
import type { z } from 'zod';
import { builder } from '../builder.ts';
import { fieldGloss } from '../i18n/refusals.ts';

/**
 * GraphQL input types generated from the domain's zod command schemas, so that a command's
 * GraphQL shape cannot drift from what the domain validates:
 *
 * - objects become input objects, arrays lists, enums and literals GraphQL enums;
 * - integers become `Int`, money fields (`fen`, `positiveFen`) the `Fen` scalar, other numbers `Float`;
 * - an optional field becomes an optional input field; a nullable one a nullable field, where
 *   omitting it means null (no manager, no probation end, no review);
 * - a record keyed by an enum becomes an input object with one required field per key (zod records keyed by an enum are exhaustive), a record
 *   keyed by free text a list of `{ key, value }` entries;
 * - a discriminated union becomes a `@oneOf` input object with one field per variant.
 *
 * `toDomain` turns a GraphQL input value back into what the zod schema expects; the schema then
 * validates it, so every range, length and cross-field rule stays in one place.
 */

// biome-ignore lint/suspicious/noExplicitAny: the Pothos ref types of generated inputs are not known statically.
type InputRef = any;
type Def = { type: string; [key: string]: unknown };
export const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Money fields: `fen` and `positiveFen`, also when described (a described copy shares their definition). */
export const isMoney = (schema: z.ZodType): boolean =>
  defOf(schema) === defOf(fen) || defOf(schema) === defOf(positiveFen);

/**
 * What a generated field says about itself: the zod description of the field (or of what its
 * optional/nullable/default wrapper holds), else the glossary's name of `key` in English and
 * Chinese; `undefined` when neither knows it.
 */
export function fieldDescription(schema: z.ZodType, key: string): string | undefined {
  for (let s: z.ZodType | undefined = schema; s; ) {
    const description = (s as { description?: string }).description;
    if (description) return description;
    const def = defOf(s);
    s = ['optional', 'nullable', 'default'].includes(def.type) ? (def.innerType as z.ZodType) : undefined;
  }
  return fieldGloss(key);
}

/** The description of the field holding key `key` of a record keyed by an enum. */
export const recordKeyDescription = (record: z.ZodType, key: string): string => {
  const value = fieldDescription(defOf(record).valueType as z.ZodType, '');
  return value ? `For ${key}: ${value}` : `The value for ${key}.`;
};

export const pascal = (s: string) => s.replace(/(^|_|-)([a-z0-9])/g, (_m, _p, c: string) => c.toUpperCase());

/** Names of the domain's shared documents, instead of names made from the field that holds them. */
export const OBJECT_NAMES = new Map<z.ZodType, string>([
  [ScoringPolicySchema, 'ScoringPolicy'],
  [ScoringThresholdsSchema, 'ScoringThresholds'],
  [KpiTemplateSchema, 'KpiTemplate'],
  [KpiWeightSchema, 'KpiWeight'],
  [LinearNormalisationSchema, 'LinearNormalisation'],
  [LadderSchema, 'Ladder'],
  [LadderTrackSchema, 'LadderTrack'],
  [LadderLevelSchema, 'LadderLevel'],
  [RequirementSchema, 'LadderRequirement'],
  [CommissionPlanSchema, 'CommissionPlan'],
  [CommissionTierSchema, 'CommissionTier'],
  [RetentionModelSchema, 'RetentionModel'],
  [TargetPolicySchema, 'TargetPolicy'],
  [ProbationPolicySchema, 'ProbationPolicy'],
  [FieldRulesSchema, 'FieldRules'],
  [ColdStartRulesSchema, 'RetentionColdStartRules'],
  [CalibrationBinSchema, 'RetentionCalibrationBin'],
  [TrainingMetricsSchema, 'RetentionTrainingMetrics'],
  [CoursePolicySchema, 'CoursePolicy'],
  [CourseSchema, 'CoursePolicyCourse'],
  [RecommendationRulesSchema, 'CourseRecommendationRules'],
]);
const valuesKey = (values: readonly string[]) => [...values].sort().join('|');
/** Names and descriptions of enums by their values; others are named after their field and parent. */
const ENUM_NAMES = new Map<string, { name: string; description: string }>([
  [
    valuesKey(LEVEL_IDS),
    { name: 'LevelId', description: 'A level (职级) of the career ladder, e.g. sales_supervisor.' },
  ],
  [
    valuesKey(TRACK_IDS),
    { name: 'TrackId', description: 'A career track (职业序列) of the ladder, e.g. sales_management.' },
  ],
  [valuesKey(KPI_IDS), { name: 'KpiId', description: 'A KPI of the KPI template library.' }],
  [
    valuesKey(RETENTION_FEATURE_IDS),
    { name: 'RetentionFeatureId', description: 'A feature of the retention-risk model.' },
  ],
  [
    valuesKey(ORG_UNIT_KINDS),
    {
      name: 'OrgUnitKind',
      description: 'A kind of organisation unit: region (大区), branch (分公司) or team (销售组).',
    },
  ],
  [valuesKey(ALERT_KINDS), { name: 'AlertKind', description: 'What an alert is about.' }],
  [
    valuesKey(VoteCast.schema.shape.vote.options),
    { name: 'Vote', description: 'A committee member’s vote on a promotion review.' },
  ],
  [
    valuesKey(PromotionDecided.schema.shape.outcome.options),
    { name: 'PromotionOutcome', description: 'The outcome of a promotion decision.' },
  ],
]);

const enums = new Map<string, { name: string; ref: InputRef }>();
const objects = new Map<z.ZodType, InputRef>();

/**
 * A GraphQL enum for a set of values; the same values share one enum, named after the first field
 * that used them. Enums serve inputs and outputs alike (`zodOutput.ts` uses them too). A field's
 * own enum takes the zod description of its field (`description`); a shared, named one has
 * its own (`ENUM_NAMES`), as it serves fields that mean different things.
 */
export function enumFor(values: readonly string[], name: string, description?: string): InputRef {
  // Values that are not GraphQL names (course ids like `basic-selling-skills`) travel as strings;
  // the zod schema still checks them.
  if (!values.every((v) => /^[_a-zA-Z][_a-zA-Z0-9]*$/.test(v))) return 'String';
  const key = valuesKey(values);
  const known = enums.get(key);
  if (known) return known.ref;
  const named = ENUM_NAMES.get(key);
  let unique = named?.name ?? name;
  for (let i = 2; [...enums.values()].some((e) => e.name === unique); i++) unique = `${name}${i}`;
  const ref = builder.enumType(unique, {
    values: values as string[],
    description:
      named?.description ??
      description ??
      `The values ${fieldGloss(name.charAt(0).toLowerCase() + name.slice(1)) ?? name} may take.`,
  });
  enums.set(key, { name: unique, ref });
  return ref;
}

interface FieldType {
  readonly type: InputRef;
  readonly list: boolean;
  /** False when the GraphQL field may be omitted or null. */
  readonly required: boolean;
}

/** Unwraps optional/nullable/default and says what a field of this schema looks like in GraphQL. */
function fieldType(schema: z.ZodType, name: string): FieldType {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return { ...fieldType(def.innerType as z.ZodType, name), required: false };
    case 'array': {
      const inner = fieldType(def.element as z.ZodType, name);
      if (inner.list) throw new Error(`${name}: lists of lists have no GraphQL input form here`);
      return { type: inner.type, list: true, required: true };
    }
    case 'record':
      // Keyed by free text: a list of { key, value } entries.
      return {
        type: namedType(schema, name),
        list: defOf(def.keyType as z.ZodType).type !== 'enum',
        required: true,
      };
    default:
      return { type: namedType(schema, name), list: false, required: true };
  }
}

/** The named GraphQL input type of a (non-wrapper) schema. */
function namedType(schema: z.ZodType, name: string): InputRef {
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
    case 'union': {
      if (def.discriminator) return oneOf(schema, name);
      const options = (def.options as z.ZodType[]).map((o) => defOf(o).type);
      if (options.every((t) => t === 'string')) return 'String';
      throw new Error(`${name}: a union of ${options.join(', ')} has no GraphQL input form here`);
    }
    case 'object':
      return objectInput(schema as z.ZodObject, name);
    case 'record':
      return recordInput(schema, name);
    default:
      throw new Error(`${name}: zod type "${def.type}" has no GraphQL input form here`);
  }
}

function objectInput(
  schema: z.ZodObject,
  name: string,
  omit?: string,
  actorFields: readonly string[] = [],
): InputRef {
  const known = objects.get(schema);
  if (known) return known;
  const typeName = OBJECT_NAMES.get(schema) ?? name;
  const shape = schema.shape as Record<string, z.ZodType>;
  const ref = builder.inputType(`${typeName}Input`, {
    description:
      schema.description ??
      `The data of ${typeName}, checked against the domain's schema before anything happens.`,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(shape)
          .filter(([key]) => key !== omit)
          .map(([key, field]) => {
            const ft = fieldType(
              field,
              `${typeName.replace(/^(Record|Publish|Give|Answer)/, '')}${pascal(key)}`,
            );
            const actor = actorFields.includes(key);
            const description = actor
              ? 'Ignored: the API fills it from the signed caller (their employee id). May be omitted.'
              : fieldDescription(field, key);
            return [
              key,
              t.field({
                type: ft.list ? [ft.type] : ft.type,
                required: ft.required && !actor,
                ...(description ? { description } : {}),
              }),
            ];
          }),
      ),
  });
  objects.set(schema, ref);
  return ref;
}

function recordInput(schema: z.ZodType, name: string): InputRef {
  const known = objects.get(schema);
  if (known) return known;
  const def = defOf(schema);
  name = OBJECT_NAMES.get(schema) ?? name;
  const keyType = def.keyType as z.ZodType;
  const value = fieldType(def.valueType as z.ZodType, `${name}Value`);
  const valueField = value.list ? [value.type] : value.type;
  let ref: InputRef;
  if (defOf(keyType).type === 'enum') {
    const keys = (keyType as unknown as { options: string[] }).options;
    // A record keyed by an enum is exhaustive in zod 4: every key must be given.
    ref = builder.inputType(`${name}Input`, {
      description: `${schema.description ?? 'A value per key.'} One field per key; every key is required.`,
      fields: (t) =>
        Object.fromEntries(
          keys.map((k) => [
            k,
            t.field({ type: valueField, required: true, description: recordKeyDescription(schema, k) }),
          ]),
        ),
    });
  } else {
    ref = builder.inputType(`${name}EntryInput`, {
      description: `One entry of a map keyed by text, sent as a list of entries with unique keys.${schema.description ? ` The map: ${schema.description}` : ''}`,
      fields: (t) => ({
        key: t.string({
          required: true,
          description: fieldDescription(keyType, '') ?? 'The key of the entry.',
        }),
        value: t.field({
          type: valueField,
          required: true,
          description: fieldDescription(def.valueType as z.ZodType, '') ?? 'The value of the entry.',
        }),
      }),
    });
  }
  objects.set(schema, ref);
  return ref;
}

function oneOf(schema: z.ZodType, name: string): InputRef {
  const known = objects.get(schema);
  if (known) return known;
  const unionName = OBJECT_NAMES.get(schema) ?? name;
  const def = defOf(schema);
  const discriminator = def.discriminator as string;
  const variants = (def.options as z.ZodObject[]).map((option) => {
    const tag = String((defOf(option.shape[discriminator] as z.ZodType).values as unknown[])[0]);
    return {
      tag,
      ref: objectInput(option, `${pascal(tag)}${unionName}`, discriminator),
      description: option.description ?? `The ${tag} variant, with its fields.`,
    };
  });
  const ref = builder.inputType(`${unionName}Input`, {
    isOneOf: true,
    description: `Exactly one of the fields, naming the ${discriminator}.`,
    fields: (t) =>
      Object.fromEntries(
        variants.map((v) => [v.tag, t.field({ type: v.ref, required: false, description: v.description })]),
      ),
  });
  objects.set(schema, ref);
  return ref;
}

/**
 * The input type for a command's data schema, named `<name>Input`. `actorFields` (who acts:
 * `decidedBy`, `setBy`, …) stay in the input for compatibility but are optional and ignored:
 * the API fills them from the signed caller.
 */
export function commandInput(schema: z.ZodType, name: string, actorFields: readonly string[] = []): InputRef {
  if (defOf(schema).type !== 'object') throw new Error(`${name}: a command's data must be an object`);
  return objectInput(schema as z.ZodObject, name, undefined, actorFields);
}

/**
 * A GraphQL input value → the value the zod schema expects: nulls of optional fields dropped,
 * entry lists and per-key objects turned into records, `@oneOf` objects into tagged variants.
 */
export function toDomain(schema: z.ZodType, value: unknown): unknown {
  const def = defOf(schema);
  if (value === null || value === undefined) {
    // A nullable field keeps its explicit null; an optional one is simply absent.
    return def.type === 'nullable' ? null : undefined;
  }
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return toDomain(def.innerType as z.ZodType, value);
    case 'array':
      return Array.isArray(value) ? value.map((v) => toDomain(def.element as z.ZodType, v)) : value;
    case 'object': {
      if (typeof value !== 'object') return value;
      const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const field = shape[key];
        const converted = field ? toDomain(field, v) : v;
        if (converted !== undefined) out[key] = converted;
      }
      // In GraphQL a nullable input field may be omitted; omitted means null ("no manager",
      // "no probation", "no review"), which is what the domain's nullable field records.
      for (const [key, field] of Object.entries(shape)) {
        if (!(key in out) && defOf(field).type === 'nullable') out[key] = null;
      }
      return out;
    }
    case 'record': {
      const valueType = def.valueType as z.ZodType;
      if (Array.isArray(value)) {
        return Object.fromEntries(
          (value as { key: string; value: unknown }[]).map((e) => [e.key, toDomain(valueType, e.value)]),
        );
      }
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, toDomain(valueType, v)]),
      );
    }
    case 'union': {
      if (!def.discriminator || typeof value !== 'object') return value;
      const [tag, inner] = Object.entries(value as Record<string, unknown>).find(([, v]) => v != null) ?? [];
      if (tag === undefined) return value;
      const option = (def.options as z.ZodObject[]).find(
        (o) =>
          String((defOf(o.shape[def.discriminator as string] as z.ZodType).values as unknown[])[0]) === tag,
      );
      const data = (option ? toDomain(option, inner) : inner) as Record<string, unknown>;
      return { [def.discriminator as string]: tag, ...data };
    }
    default:
      return value;
  }
}

/**
 * The inverse of {@link toDomain}: a value the zod schema accepts → the GraphQL input value of
 * the generated type (records keyed by free text as entry lists, tagged variants as `@oneOf`
 * objects). For clients that hold domain documents, such as a policy to publish, and tests.
 */
export function toGraphQL(schema: z.ZodType, value: unknown): unknown {
  const def = defOf(schema);
  if (value === null || value === undefined) return value;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return toGraphQL(def.innerType as z.ZodType, value);
    case 'array':
      return Array.isArray(value) ? value.map((v) => toGraphQL(def.element as z.ZodType, v)) : value;
    case 'object': {
      const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          shape[k] ? toGraphQL(shape[k], v) : v,
        ]),
      );
    }
    case 'record': {
      const valueType = def.valueType as z.ZodType;
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) => [k, toGraphQL(valueType, v)] as const,
      );
      if (defOf(def.keyType as z.ZodType).type === 'enum') return Object.fromEntries(entries);
      return entries.map(([key, v]) => ({ key, value: v }));
    }
    case 'union': {
      if (!def.discriminator) return value;
      const discriminator = def.discriminator as string;
      const { [discriminator]: tag, ...rest } = value as Record<string, unknown>;
      const option = (def.options as z.ZodObject[]).find(
        (o) => String((defOf(o.shape[discriminator] as z.ZodType).values as unknown[])[0]) === String(tag),
      );
      return { [String(tag)]: option ? toGraphQL(option, rest) : rest };
    }
    default:
      return value;
  }
}
