/**
 * An error whose message is meant for the client (a bad argument, a refused read). Production
 * masks every other unexpected error; these keep their message.
 */
export class ClientError extends Error {
  override readonly name = 'ClientError';
}
