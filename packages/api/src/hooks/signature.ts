import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-trackrecord-signature';
export const TIMESTAMP_HEADER = 'x-trackrecord-timestamp';
/** How far a request's timestamp may be from the server's clock: older requests are replays. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * The signature of a webhook: `sha256=` + hex HMAC-SHA256, keyed with the source's secret,
 * of `<timestamp>.<raw body>` (timestamp in Unix seconds, as sent in X-TrackRecord-Timestamp).
 * Signing the timestamp with the body means an old request cannot be re-sent with a new time.
 */
export function signHook(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Checks a request's signature and timestamp; compares in constant time. */
export function verifyHook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: Buffer,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header (sha256=<hex HMAC>)` };
  if (!timestamp) return { ok: false, reason: `missing ${TIMESTAMP_HEADER} header (Unix seconds)` };
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: `${TIMESTAMP_HEADER} must be Unix seconds, got "${timestamp.slice(0, 40)}"` };
  }
  const skew = Math.abs(nowSeconds - Number(timestamp));
  if (skew > toleranceSeconds) {
    return {
      ok: false,
      reason: `${TIMESTAMP_HEADER} is ${skew} s away from the server's clock (at most ${toleranceSeconds} s): a replayed or delayed request`,
    };
  }
  const expected = Buffer.from(signHook(secret, timestamp, body));
  const given = Buffer.from(signature.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      reason: 'the signature does not match the body: check the secret and sign "<timestamp>.<body>"',
    };
  }
  return { ok: true };
}
