/**
 * The product's current moment, without asking anything: the browser's clock plus the offset
 * `clock.ts` last measured against the API (`Query.clock`). Kept free of imports so plain
 * modules (documents.ts's month helpers) can read it.
 */
let offsetMs = 0;

/** Sets the offset of the product's clock from the browser's (clock.ts, after asking the API). */
export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

/** The product's current moment (the last measured offset; the browser's clock until then). */
export function productNow(): Date {
  return new Date(Date.now() + offsetMs);
}
