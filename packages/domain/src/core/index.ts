export * from './catalog.ts';
export * from './errors.ts';
export * from './schemas.ts';
export * from './types.ts';
