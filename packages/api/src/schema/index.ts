import { builder } from '../builder.ts';
import './people.ts';
import './system.ts';
import './career.ts';
import './sales.ts';
import './hr.ts';
import './training.ts';
import './mentoring.ts';
import './targets.ts';
import './promotion.ts';
import './policy.ts';
import './alerts.ts';
import './events.ts';
import './kpi.ts';
import './evaluations.ts';
import './analytics.ts';
import { withDirectives } from './directives.ts';

export const schema = withDirectives(builder.toSchema());
