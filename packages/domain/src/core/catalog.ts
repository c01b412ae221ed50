import { z } from 'zod';
import { DomainError } from './errors.ts';
import type { Event } from './types.ts';

/** Lifts the data of one stored schema version to the next (`v` → `v + 1`). */
export type Upcaster = (data: unknown) => unknown;

/**
 * One event type: its name, current schema version, the zod schema of its current data, and
 * `upcast`, which lifts data stored at an older version to the current one, one step at a time.
 * Stored events are never rewritten; they are upcast whenever they are read.
 */
export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  /** The schema version new events of this type are written with. */
  readonly currentVersion: number;
  readonly schema: S;
  /** Data stored at `fromVersion`, lifted to `currentVersion` (not yet validated). */
  upcast(fromVersion: number, data: unknown): unknown;
}

/** Every problem of a failed parse, each as `path: message` (`(data)` for the whole value). */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(data)'}: ${i.message}`);
}

/**
 * Defines an event type. `upcasters[v]` turns stored version `v` into `v + 1`; every version
 * below `version` needs one, which is checked here, when the module loads, not when an old
 * event first turns up in production.
 */
export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  options: { version?: number; upcasters?: Readonly<Record<number, Upcaster>> } = {},
): EventDefinition<T, S> {
  const currentVersion = options.version ?? 1;
  const upcasters = options.upcasters ?? {};
  for (let v = 1; v < currentVersion; v++) {
    if (!upcasters[v]) throw new Error(`event ${type}: no upcaster from version ${v} to ${v + 1}`);
  }
  return {
    type,
    schema,
    currentVersion,
    upcast(fromVersion, data) {
      if (!Number.isInteger(fromVersion) || fromVersion < 1 || fromVersion > currentVersion) {
        throw new DomainError(
          'VALIDATION',
          `${type}: schema version ${fromVersion} is not known (current is ${currentVersion})`,
          { type, schemaVersion: fromVersion, currentVersion },
        );
      }
      let current = data;
      for (let v = fromVersion; v < currentVersion; v++) {
        const step = upcasters[v];
        if (!step) throw new Error(`event ${type}: no upcaster from version ${v} to ${v + 1}`);
        try {
          current = step(current);
        } catch (error) {
          const problems = error instanceof z.ZodError ? issuesOf(error) : [String(error)];
          throw new DomainError(
            'VALIDATION',
            `${type} v${v}: cannot upcast to v${v + 1}: ${problems.join('; ')}`,
            { type, schemaVersion: v, problems },
          );
        }
      }
      return current;
    },
  };
}

/** The event union of a list of definitions: `{ type, data }` with the data of each schema. */
export type EventOf<D extends readonly EventDefinition[]> = {
  [K in keyof D]: D[K] extends EventDefinition<infer T, infer S> ? Event<T, z.output<S>> : never;
}[number];

/**
 * Upcasts `data` stored at `schemaVersion` to the current version and validates it. Fails with
 * a VALIDATION DomainError naming the type, the stored version and the path of every problem.
 */
export function parseWith<S extends z.ZodType>(
  definition: EventDefinition<string, S>,
  schemaVersion: number,
  data: unknown,
): z.output<S> {
  const parsed = definition.schema.safeParse(definition.upcast(schemaVersion, data));
  if (!parsed.success) {
    const problems = issuesOf(parsed.error);
    throw new DomainError('VALIDATION', `${definition.type} v${schemaVersion}: ${problems.join('; ')}`, {
      type: definition.type,
      schemaVersion,
      problems,
    });
  }
  return parsed.data;
}

/** A list of definitions keyed by event type. */
export type CatalogOf<D extends readonly EventDefinition[]> = {
  readonly [E in D[number] as E['type']]: E;
};

/**
 * Keys a module's list of definitions by type, for the event catalog. Fails when a type is
 * defined twice, so that two modules cannot silently shadow each other's event.
 */
export function catalogOf<const D extends readonly EventDefinition[]>(definitions: D): CatalogOf<D> {
  const entries = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    if (entries.has(definition.type)) throw new Error(`event ${definition.type} is defined twice`);
    entries.set(definition.type, definition);
  }
  // The keys are exactly the definitions' `type`s, which is what CatalogOf<D> states.
  return Object.fromEntries(entries) as CatalogOf<D>;
}
