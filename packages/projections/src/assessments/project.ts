import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { NewSkillAssessmentRow, SkillAssessmentsDb } from './table.ts';

/** Skill assessment results, one row per `SkillAssessed` event. */
export const skillAssessmentsProjection: Projection<SkillAssessmentsDb, 'SkillAssessed'> = {
  name: 'skill_assessments',
  version: '1',
  tables: ['skill_assessments'],
  eventTypes: ['SkillAssessed'],
  async apply(db: Kysely<SkillAssessmentsDb>, events) {
    const rows: NewSkillAssessmentRow[] = [];
    for (const { position, id, event } of events) {
      if (event.type !== 'SkillAssessed') continue;
      const d = event.data;
      rows.push({
        event_id: id,
        employee_id: d.employeeId,
        test: d.test,
        score: d.score,
        at: d.at,
        position: pos(position),
      });
    }
    await upsert(db, 'skill_assessments', rows as unknown as Record<string, unknown>[], ['event_id']);
  },
};
