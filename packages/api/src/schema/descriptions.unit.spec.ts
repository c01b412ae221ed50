import { isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { expect, it } from 'vitest';
import { schema } from './index.ts';

/**
 * Analysts read the schema in GraphiQL: every type and field should say what it holds. Not all
 * do yet; this holds the number of undocumented ones to what it was when the rule was set, so
 * it can only go down. Lower the ceiling when you document more; never raise it.
 */
const UNDOCUMENTED_CEILING = 559;

it('documents its types and fields, with no new undocumented one', () => {
  const undocumented: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!type.description) undocumented.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        if (!field.description) undocumented.push(`${type.name}.${field.name}`);
    }
  }
  expect(undocumented.length).toBeLessThanOrEqual(UNDOCUMENTED_CEILING);
});
