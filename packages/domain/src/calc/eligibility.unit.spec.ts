import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../policy/ladder.ts';
import { type CandidateRecord, eligibility } from './eligibility.ts';

const YUAN = 100;
const rep: CandidateRecord = {
  personId: 'emp-7',
  currentLevel: 'sales_representative',
  score: 92,
  kpis: { salesCompletionRate: 1.2, collectionRate: 0.92, customerRetentionRate: 0.8 },
  completedCourses: [],
  menteeClosedDeals: 5,
  experienceMonths: 36,
  annualSales: 1_600_000 * YUAN,
  teamSalesGrowth: null,
};

describe('eligibility for the next ladder level', () => {
  it('lists every supervisor requirement with its gap, in English and Chinese', () => {
    const [supervisor] = eligibility(rep, DEFAULT_LADDER);
    expect(supervisor?.toLevel).toBe('sales_supervisor');
    expect(supervisor?.eligible).toBe(false);
    expect(supervisor?.policy).toEqual({ id: 'ladder', version: 1 });
    const unmet = supervisor?.checks.filter((c) => !c.met).map((c) => c.text);
    expect(unmet).toEqual([
      { en: 'collection 92% of 95% required', zh: '回款率 92%，要求 95%' },
      { en: 'course Sales Team Management not completed', zh: '未完成课程《销售团队管理》' },
    ]);
    const met = supervisor?.checks.filter((c) => c.met).map((c) => c.text.en);
    expect(met).toEqual([
      'score 92 (≥ 90 required)',
      'completion 120% (≥ 110% required)',
      'deals closed by mentees 5 (≥ 5 required)',
      'experience (months) 36 (≥ 24 required)',
      'annual sales ¥1,600,000 (≥ ¥1,500,000 required)',
    ]);
    expect(supervisor?.summary.en).toBe(
      'not yet eligible for Sales Supervisor: 5 of 7 requirements met; missing: collection 92% of 95% required; course Sales Team Management not completed',
    );
    expect(supervisor?.checks.find((c) => !c.met)?.task?.en).toBe('raise collection from 92% to 95%');
  });

  it('is eligible once collection reaches 95% and the course is done', () => {
    const [supervisor] = eligibility(
      { ...rep, kpis: { ...rep.kpis, collectionRate: 0.95 }, completedCourses: ['sales-team-management'] },
      DEFAULT_LADDER,
    );
    expect(supervisor?.eligible).toBe(true);
    expect(supervisor?.summary.zh).toBe('符合晋升销售主管的全部 7 项要求');
  });

  it('offers a representative both continuing tracks, and the key-account track has its own gaps', () => {
    const verdicts = eligibility(rep, DEFAULT_LADDER);
    expect(verdicts.map((v) => [v.track, v.toLevel])).toEqual([
      ['sales_management', 'sales_supervisor'],
      ['key_account', 'key_account_consultant'],
    ]);
    expect(verdicts[1]?.checks.filter((c) => !c.met).map((c) => c.text.en)).toEqual([
      'course Key Account Sales Strategy not completed',
    ]);
  });

  it('a supervisor needs team sales growth of 15%; unknown growth is unmet, not guessed', () => {
    const sup: CandidateRecord = {
      ...rep,
      currentLevel: 'sales_supervisor',
      score: 96,
      kpis: { collectionRate: 0.97 },
      completedCourses: ['strategic-selling'],
      experienceMonths: 60,
    };
    const [manager] = eligibility({ ...sup, teamSalesGrowth: 0.12 }, DEFAULT_LADDER);
    expect(manager?.checks.filter((c) => !c.met).map((c) => c.text)).toEqual([
      { en: 'team sales growth 12% of 15% required', zh: '团队销售增长 12%，要求 15%' },
    ]);
    const [unknown] = eligibility(sup, DEFAULT_LADDER);
    expect(unknown?.checks.filter((c) => !c.met).map((c) => c.text.en)).toEqual([
      'team sales growth not measured (15% required)',
    ]);
    expect(eligibility({ ...sup, teamSalesGrowth: 0.18 }, DEFAULT_LADDER)[0]?.eligible).toBe(true);
  });

  it('a regional director has no next level', () => {
    expect(eligibility({ ...rep, currentLevel: 'regional_director' }, DEFAULT_LADDER)).toEqual([]);
  });
});
