export { toGraphQL } from '../schema/zodInput.ts';
export * from './fixtures.ts';
export * from './harness.ts';
