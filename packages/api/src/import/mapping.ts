import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { IMPORT_KINDS, type ImportKind, KINDS, normalizeHeader } from './kinds.ts';
import { OFFSET } from './values.ts';

/**
 * The mapping file (`--mapping mapping.json`): what the built-in headers do not cover.
 *
 * ```json
 * {
 *   "timezone": "+08:00",
 *   "files": { "crm_export_2025.csv": "sales", "hr.xlsx#Sheet1": "employees" },
 *   "columns": {
 *     "sales": { "Deal No.": "sale_id", "Net (CNY)": "amount" },
 *     "*": { "Staff #": "employee_id" }
 *   }
 * }
 * ```
 * `files` names the kind of a file (or `file.xlsx#sheet`) whose name does not tell it;
 * `columns` maps a header to a canonical column, per kind or for every kind (`"*"`);
 * `timezone` is the offset of times written without one (default +08:00, China Standard Time).
 */
export interface Mapping {
  readonly timezone: string;
  readonly files: Readonly<Record<string, ImportKind>>;
  readonly columns: Readonly<Partial<Record<ImportKind | '*', Readonly<Record<string, string>>>>>;
}

export const DEFAULT_MAPPING: Mapping = { timezone: '+08:00', files: {}, columns: {} };

const kindSchema = z.enum(IMPORT_KINDS, { error: `must be one of ${IMPORT_KINDS.join(', ')}` });
const allColumns = new Set(IMPORT_KINDS.flatMap((kind) => KINDS[kind].columns.map((c) => c.name)));

const MappingSchema = z
  .object({
    timezone: z.string().regex(OFFSET, 'must be a UTC offset such as +08:00').default('+08:00'),
    files: z.record(z.string(), kindSchema).default({}),
    columns: z
      .partialRecord(z.union([kindSchema, z.literal('*')]), z.record(z.string(), z.string()))
      .default({}),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    for (const [kind, columns] of Object.entries(mapping.columns)) {
      const known = kind === '*' ? allColumns : new Set(KINDS[kind as ImportKind].columns.map((c) => c.name));
      for (const [header, column] of Object.entries(columns ?? {})) {
        if (!known.has(column)) {
          ctx.addIssue({
            code: 'custom',
            path: ['columns', kind, header],
            message: `"${column}" is not a column of ${kind === '*' ? 'any kind' : kind}; known: ${[...known].join(', ')}`,
          });
        }
      }
    }
  });

export async function loadMapping(file: string): Promise<Mapping> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`mapping file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = MappingSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new Error(`mapping file ${file} is not valid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Header → canonical column of a kind: the mapping file first, then the built-in headers. */
export function headerResolver(mapping: Mapping, kind: ImportKind): (header: string) => string | undefined {
  // Maps, not objects: a header such as "constructor" must not find Object.prototype's.
  const builtIn = new Map<string, string>();
  for (const column of KINDS[kind].columns) {
    for (const header of column.headers) builtIn.set(normalizeHeader(header), column.name);
  }
  const mapped = new Map<string, string>();
  for (const scope of ['*', kind] as const) {
    for (const [header, column] of Object.entries(mapping.columns[scope] ?? {})) {
      if (KINDS[kind].columns.some((c) => c.name === column)) mapped.set(normalizeHeader(header), column);
    }
  }
  return (header) => mapped.get(normalizeHeader(header)) ?? builtIn.get(normalizeHeader(header));
}
