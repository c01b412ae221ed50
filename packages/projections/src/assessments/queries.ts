import type {
  ProbationNewcomer,
  ProbationPolicy,
  PublishedProbationPolicy,
  SkillScore,
} from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, whereInScope } from '../scope.ts';

/** A person's skill assessment scores, oldest first. */
export async function skillScoresOf(db: Kysely<Database>, employeeId: string): Promise<SkillScore[]> {
  const rows = await db
    .withSchema('read')
    .selectFrom('skill_assessments')
    .select(['at', 'score'])
    .where('employee_id', '=', employeeId)
    .orderBy('at')
    .execute();
  return rows.map((r) => ({ at: r.at, score: Number(r.score) }));
}

/** Every published probation policy version with its publication's business time, oldest first. */
export async function probationPolicies(db: Kysely<Database>): Promise<PublishedProbationPolicy[]> {
  const rows = await db
    .withSchema('read')
    .selectFrom('policies')
    .select(['document', 'published_at'])
    .where('kind', '=', 'probationPolicy')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ policy: r.document as ProbationPolicy, publishedAt: r.published_at }));
}

/**
 * Everyone hired on probation within `scope`, as the probation cohort report needs them: hire
 * date, probation outcome, departure, their (current or last) mentor, the mentor tasks owed and
 * done in the full weeks of their mentorships, and their best skill-assessment score.
 */
export async function probationNewcomers(
  db: Kysely<Database>,
  scope: ReadScope,
): Promise<ProbationNewcomer[]> {
  const people = await whereInScope(db.withSchema('read').selectFrom('people'), scope)
    .select(['people.employee_id', 'people.hired_at', 'people.probation', 'people.left_at'])
    .where('people.probation', '!=', 'none')
    .execute();
  if (people.length === 0) return [];
  const ids = people.map((p) => p.employee_id);
  const [mentors, tasks, scores] = await Promise.all([
    db
      .withSchema('read')
      .selectFrom('mentorships')
      .select(['mentee_id', 'mentor_id'])
      .where('mentee_id', 'in', ids)
      .execute(),
    db
      .withSchema('read')
      .selectFrom('mentor_weeks')
      .select((eb) => [
        'mentee_id',
        eb.fn.sum<string>('due').as('due'),
        eb.fn.sum<string>(eb.fn('least', ['done', 'due'])).as('done'),
      ])
      .where('mentee_id', 'in', ids)
      .where('due', '>', 0)
      .groupBy('mentee_id')
      .execute(),
    db
      .withSchema('read')
      .selectFrom('skill_assessments')
      .select((eb) => ['employee_id', eb.fn.max<string>('score').as('best')])
      .where('employee_id', 'in', ids)
      .groupBy('employee_id')
      .execute(),
  ]);
  const mentorOf = new Map(mentors.map((m) => [m.mentee_id, m.mentor_id]));
  const tasksOf = new Map(tasks.map((t) => [t.mentee_id, { due: Number(t.due), done: Number(t.done) }]));
  const bestOf = new Map(scores.map((s) => [s.employee_id, Number(s.best)]));
  return people.map((p) => ({
    employeeId: p.employee_id,
    hiredAt: p.hired_at,
    probation: p.probation as ProbationNewcomer['probation'],
    leftAt: p.left_at,
    mentorId: mentorOf.get(p.employee_id) ?? null,
    mentorTasks: tasksOf.get(p.employee_id) ?? { due: 0, done: 0 },
    bestScore: bestOf.get(p.employee_id) ?? null,
  }));
}
