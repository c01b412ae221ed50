import {
  type GraphQLNamedType,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { expect, it } from 'vitest';
import { schema } from './index.ts';

/**
 * `JSON` only where the payload is genuinely free-form. docs/api.md lists the same fields under
 * "Free-form JSON fields"; a new one belongs there, with why no type fits.
 */
const FREE_FORM_JSON_FIELDS = [
  // An event's data: its shape is set by its type and schema version, over the whole catalog.
  'StoredEvent.data',
];

it('has JSON fields only where the payload is free-form', () => {
  const found: string[] = [];
  const isJson = (type: GraphQLNamedType) => type.name === 'JSON';
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (isJson(getNamedType(field.type))) found.push(`${type.name}.${field.name}`);
        for (const arg of field.args) {
          if (isJson(getNamedType(arg.type))) found.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (isJson(getNamedType(field.type))) found.push(`${type.name}.${field.name}`);
      }
    }
  }
  expect(found.sort()).toEqual([...FREE_FORM_JSON_FIELDS].sort());
});
