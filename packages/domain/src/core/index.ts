export * from './calendar.ts';
export * from './catalog.ts';
export * from './errors.ts';
export * from './plausibility.ts';
export * from './schemas.ts';
export * from './types.ts';
