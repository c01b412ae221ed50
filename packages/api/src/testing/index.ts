export * from './fixtures.ts';
export * from './harness.ts';
