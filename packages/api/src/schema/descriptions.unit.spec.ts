import { isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { expect, it } from 'vitest';
import { schema } from './index.ts';

/** Analysts read the schema in GraphiQL: every type and field says what it holds. */
it('documents every type and field', () => {
  const undocumented: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!type.description) undocumented.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        if (!field.description) undocumented.push(`${type.name}.${field.name}`);
    }
  }
  expect(undocumented).toEqual([]);
});
