import { z } from 'zod';

/** Identifier of a policy document, stable across its versions (e.g. `scoring-demo`). */
export const PolicyIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
  .describe('The policy id, the same for all its versions (e.g. scoring-demo).');
/** Policy versions start at 1 and each publication increments by exactly one. */
export const PolicyVersionSchema = z
  .number()
  .int()
  .positive()
  .describe('The version of the policy: 1 for the first publication, one more for each after.');

/** Which policy document (and version) a computed figure was derived from; auditors replay by it. */
export type PolicyRef = { readonly id: string; readonly version: number };
export const policyRef = (p: { id: string; version: number }): PolicyRef => ({
  id: p.id,
  version: p.version,
});
