/**
 * The one error family of the domain. Deciders and validators throw these; the API maps the
 * code to a GraphQL result once, at its edge.
 * - VALIDATION: the input is malformed (amount <= 0, rating out of range, unknown field);
 * - ILLEGAL_STATE: the input is well-formed but the current state forbids it (course completed twice);
 * - NOT_FOUND: it names something that does not exist (unknown employee, unknown sale);
 * - CONFLICT: someone else changed the same thing first.
 */
export type DomainErrorCode = 'VALIDATION' | 'ILLEGAL_STATE' | 'NOT_FOUND' | 'CONFLICT';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export const validation = (message: string, details?: Record<string, unknown>) =>
  new DomainError('VALIDATION', message, details);
export const illegalState = (message: string, details?: Record<string, unknown>) =>
  new DomainError('ILLEGAL_STATE', message, details);
export const notFound = (message: string, details?: Record<string, unknown>) =>
  new DomainError('NOT_FOUND', message, details);
