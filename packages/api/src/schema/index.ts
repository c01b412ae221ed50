import { builder } from '../builder.ts';
import './people.ts';
import './system.ts';

export const schema = builder.toSchema();
