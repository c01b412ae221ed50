export * from './fixtures.ts';
export * from './harness.ts';
export { toGraphQL } from '../schema/zodInput.ts';
