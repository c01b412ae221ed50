import { builder } from '../builder.ts';
import './system.ts';

export const schema = builder.toSchema();
