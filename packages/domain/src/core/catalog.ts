import type { z } from 'zod';
import { DomainError } from './errors.ts';

/**
 * One event type: its name, current schema version, the zod schema of its current data and
 * upcasters that lift stored older versions, one step at a time (`upcasters[v]` turns v into
 * v + 1). Stored events are never rewritten; they are upcast whenever they are read.
 */
export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly schema: S;
  readonly upcasters?: Readonly<Record<number, (data: unknown) => unknown>>;
}

export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  options: { version?: number; upcasters?: Record<number, (data: unknown) => unknown> } = {},
): EventDefinition<T, S> {
  return {
    type,
    schema,
    version: options.version ?? 1,
    ...(options.upcasters ? { upcasters: options.upcasters } : {}),
  };
}

/** The event union of a list of definitions: `{ type, data }` with the data of each schema. */
export type EventOf<D extends readonly EventDefinition[]> = {
  [K in keyof D]: D[K] extends EventDefinition<infer T, infer S>
    ? { readonly type: T; readonly data: z.infer<S> }
    : never;
}[number];

/** Upcasts `data` stored at `schemaVersion` to the current version and validates it. */
export function parseWith(definition: EventDefinition, schemaVersion: number, data: unknown): unknown {
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > definition.version) {
    throw new DomainError(
      'VALIDATION',
      `${definition.type}: schema version ${schemaVersion} is not known (current is ${definition.version})`,
    );
  }
  let current = data;
  for (let v = schemaVersion; v < definition.version; v++) {
    const upcast = definition.upcasters?.[v];
    if (!upcast)
      throw new DomainError('VALIDATION', `${definition.type}: no upcaster from version ${v} to ${v + 1}`);
    current = upcast(current);
  }
  const parsed = definition.schema.safeParse(current);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`);
    throw new DomainError('VALIDATION', `${definition.type} v${schemaVersion}: ${problems.join('; ')}`, {
      problems,
    });
  }
  return parsed.data;
}
