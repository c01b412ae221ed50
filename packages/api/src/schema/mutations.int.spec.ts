import {
  DEFAULT_COLD_START_RULES,
  DEFAULT_COMMISSION_PLAN,
  DEFAULT_COURSE_POLICY,
  DEFAULT_FIELD_RULES,
  DEFAULT_LADDER,
  DEFAULT_PROBATION_POLICY,
  DEFAULT_SCORING_POLICY,
  DEFAULT_TARGET_POLICY,
  type DomainCommandType,
  domainCommandSchemas,
  employeeStream,
} from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
beforeAll(async () => {
  database = await createTestDatabase('api_mutations');
  api = await startApiHarness(database.url);
  hr = await api.token({ userId: 'hr-1', name: 'HR', role: 'hr_admin' });
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const RESULT = `__typename
  ... on CommandSucceeded { commandId streamId position duplicate events { type position } }
  ... on ValidationFailed { message problems { path message } }
  ... on NotFound { message }
  ... on RuleViolation { code message }
  ... on Forbidden { message }`;

interface Result {
  __typename: string;
  commandId?: string;
  streamId?: string;
  position?: string;
  duplicate?: boolean;
  events?: { type: string; position: string }[];
  problems?: { path: string[]; message: string }[];
  code?: string;
  message?: string;
}

/** Runs the mutation of a command through HTTP; the input is given in the domain's form. */
async function send(type: DomainCommandType, data: unknown, token = hr, commandId?: string): Promise<Result> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { status, body } = await api.graphql<Record<string, Result>>(
    `mutation Run($input: ${type}Input!, $commandId: String) { ${field}(input: $input, commandId: $commandId) { ${RESULT} } }`,
    { token, variables: { input: toGraphQL(domainCommandSchemas[type], data), commandId } },
  );
  if (!body.data) throw new Error(`${type}: HTTP ${status} ${JSON.stringify(body.errors)}`);
  return body.data[field] as Result;
}

const ok = async (type: DomainCommandType, data: unknown, token = hr) => {
  const result = await send(type, data, token);
  expect(result, `${type}: ${JSON.stringify(result)}`).toMatchObject({ __typename: 'CommandSucceeded' });
  return result;
};

const hire = (employeeId: string, branchId: string, teamId: string, extra: Record<string, unknown> = {}) =>
  ok('HireEmployee', {
    employeeId,
    name: `Person ${employeeId}`,
    branchId,
    teamId,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: '2026-04-05',
    recruitingFit: 75,
    ...extra,
  });

const at = '2026-03-10T09:00:00Z';
const retentionModel = {
  id: 'retention-test',
  version: 1,
  horizonWeeks: 12,
  threshold: 0.5,
  features: ['tenureMonths'],
  intercept: -1,
  coefficients: [-0.2],
  means: [12],
  stds: [6],
  l2: 0.01,
  coldStart: DEFAULT_COLD_START_RULES,
};

describe('mutations, one per command, through HTTP', () => {
  it('accepts every command of the catalogue and records the actor', async () => {
    const done = new Set<DomainCommandType>();
    const run = async (type: DomainCommandType, data: unknown, token = hr) => {
      const result = await ok(type, data, token);
      done.add(type);
      return result;
    };
    await hire('e1', 'sh', 'sh-1');
    await hire('e2', 'sh', 'sh-1');
    await hire('e3', 'sh', 'sh-2');
    await hire('e4', 'bj', 'bj-1');
    await hire('c1', 'hq', 'hq-1', { probationEnd: null, level: 'sales_manager' });
    done.add('HireEmployee');
    await run('TransferEmployee', {
      employeeId: 'e3',
      toBranchId: 'sh',
      toTeamId: 'sh-1',
      managerId: null,
      effectiveAt: '2026-02-01',
    });
    await run('PassProbation', { employeeId: 'e1' });
    await run('FailProbation', { employeeId: 'e2', reason: 'missed targets' });
    await run('RecordDeparture', {
      employeeId: 'e4',
      voluntary: true,
      reason: 'moved city',
      leftAt: '2026-02-20',
    });
    const sale = {
      saleId: 's1',
      employeeId: 'e1',
      amount: 1_000_000,
      grossMargin: 0.3,
      productLine: 'crm',
      customerId: 'k1',
      customerType: 'smb',
      channel: 'direct',
      newCustomer: true,
      cycleDays: 20,
      closedAt: at,
    };
    const closed = await run('CloseSale', sale);
    expect(closed.streamId).toBe('sale-s1');
    expect(closed.events?.map((e) => e.type)).toEqual(['SaleClosed']);
    await run('CorrectSale', {
      saleId: 's1',
      amount: 1_200_000,
      grossMargin: 0.32,
      reason: 'typo',
      correctedAt: at,
    });
    await run('CollectPayment', {
      paymentId: 'p1',
      saleId: 's1',
      amount: 600_000,
      collectedAt: at,
      reason: '现金收款 paid in cash',
    });
    await run('RefundPayment', {
      paymentId: 'p1',
      saleId: 's1',
      amount: 100_000,
      reason: '部分退货',
      refundedAt: at,
    });
    const seller = await api.token({ userId: 'u-e1', name: 'E1', role: 'sales_rep', employeeId: 'e1' });
    const disputed = await run(
      'DisputeCommissionLine',
      { disputeId: 'd1', saleId: 's1', paymentId: 'p1', comment: '提成比例不对' },
      seller,
    );
    expect(disputed.events?.map((e) => e.type)).toEqual(['CommissionLineDisputed']);
    await run('ResolveCommissionDispute', {
      disputeId: 'd1',
      saleId: 's1',
      outcome: 'rejected',
      amount: 0,
      reason: 'rate is right',
    });
    await run('CloseCommissionPeriod', { month: '2025-12' });
    await ok('CloseSale', { ...sale, saleId: 's2' });
    await run('ReverseSale', { saleId: 's2', reason: 'contract void', reversedAt: at });
    const fact = { employeeId: 'e1', customerId: 'k1', at };
    await run('CreateOpportunity', { employeeId: 'e1', opportunityId: 'o1', customerId: 'k1', at });
    await run('GiveDemo', fact);
    await run('LogFollowUp', fact);
    await run('RecordCustomerRetention', fact);
    await run('RecordCustomerChurn', { ...fact, customerId: 'k2' });
    await run('RecordCustomerFeedback', { ...fact, rating: 4, comment: '很专业' });
    await run('RecordExpense', { employeeId: 'e1', expenseId: 'x1', amount: 12_000, category: 'travel', at });
    await run('CreditCollaboration', { employeeId: 'e3', helpedEmployeeId: 'e1', saleId: 's1', at });
    await run('GiveFeedback360', { employeeId: 'e1', from: 'manager', fromId: 'c1', rating: 5, at });
    await run('RecordAttendance', {
      employeeId: 'e1',
      month: '2026-03',
      workingDays: 22,
      daysPresent: 21,
      lateArrivals: 1,
      earlyLeaves: 0,
      at,
    });
    await run('AnswerSatisfactionPulse', { employeeId: 'e1', score: 8, at });
    await run('RecordIntervention', { employeeId: 'e1', kind: 'career_talk', note: '谈了晋升路径', at });
    const course = { employeeId: 'e1', courseId: 'basic-selling-skills' };
    await run('AssignCourse', { ...course, assignedBy: 'hr-1', at });
    await run('StartCourse', { ...course, at });
    await run('CompleteCourse', { ...course, testScore: 88, at });
    await run('RecordSkillAssessment', { employeeId: 'e1', test: '销售技能测评', score: 72.5, at });
    await run('AssignMentor', { menteeId: 'e3', mentorId: 'e1', at });
    await run('RecordMentorTask', { menteeId: 'e3', mentorId: 'e1', task: 'deal_review', notes: '复盘', at });
    await run('RateMentor', { menteeId: 'e3', mentorId: 'e1', rating: 9, at });
    const target = { subjectId: 'e1', subjectKind: 'employee', period: '2026-03' };
    await run('SetTarget', { ...target, amount: 5_000_000, basis: 'history × 1.1', setBy: 'hr-1', at });
    await run('RequestTargetAdjustment', {
      ...target,
      requestId: 'r1',
      requestedAmount: 4_000_000,
      reason: 'illness',
      at,
    });
    await run('ApproveTargetAdjustment', {
      ...target,
      requestId: 'r1',
      approvedAmount: 4_500_000,
      approvedBy: 'hr-1',
      at,
    });
    await ok('RequestTargetAdjustment', {
      ...target,
      requestId: 'r2',
      requestedAmount: 3_000_000,
      reason: 'again',
      at,
    });
    await run('RejectTargetAdjustment', { ...target, requestId: 'r2', reason: 'no', rejectedBy: 'hr-1', at });
    await run('SplitTeamTarget', {
      teamId: 'sh-1',
      period: '2026-03',
      teamAmount: 9_000_000,
      strategy: 'equal',
      shares: [
        { employeeId: 'e1', amount: 4_500_000 },
        { employeeId: 'e3', amount: 4_500_000 },
      ],
      at,
    });
    await run('ChangeRank', {
      employeeId: 'e3',
      fromLevel: 'sales_representative',
      toLevel: 'sales_supervisor',
      track: 'sales_management',
      reason: 'correction',
      reviewId: null,
      effectiveAt: at,
    });
    await run('Nominate', {
      reviewId: 'rv1',
      employeeId: 'e1',
      fromLevel: 'sales_representative',
      toLevel: 'sales_supervisor',
      track: 'sales_management',
      score: 92,
      reason: 'manager_nomination',
      nominatedBy: 'hr-1',
      at,
    });
    await run('OpenReview', { reviewId: 'rv1', employeeId: 'e1', committee: ['c1'], quorum: 1, at });
    const committee = await api.token({
      userId: 'c1',
      name: 'C',
      role: 'committee_member',
      employeeId: 'c1',
    });
    await run(
      'CastVote',
      { reviewId: 'rv1', memberId: 'c1', vote: 'approve', comment: '同意', at },
      committee,
    );
    const decided = await run(
      'DecidePromotion',
      {
        reviewId: 'rv1',
        outcome: 'approved',
        rationale: 'met every requirement',
        evidencePosition: '40',
        policyVersions: { 'scoring-demo': 1, ladder: 1 },
        evidence: { score: 92, scoreMonth: '2026-02', eligible: true },
        decidedBy: 'c1',
        at,
      },
      committee,
    );
    await run('AnnotateCalibration', { round: '2026-Q1', employeeId: null, note: '本轮次回款普遍稳定', at });
    await run('NameOrgUnit', { kind: 'branch', unitId: 'b1', nameZh: '上海分公司', nameEn: 'Shanghai' });
    await run('PublishScoringPolicy', { policy: DEFAULT_SCORING_POLICY });
    // A branch's variant (the branch must be known to the read models), then withdrawn.
    await api.rebuild();
    await ok('PublishScoringPolicy', {
      policy: { ...DEFAULT_SCORING_POLICY, id: 'scoring-sh' },
      branchId: 'sh',
    });
    await run('WithdrawPolicyVariant', {
      policyId: 'scoring-sh',
      reason: 'back to the headquarters default',
    });
    await run('PublishLadder', { ladder: DEFAULT_LADDER });
    await run('PublishCommissionPlan', { plan: DEFAULT_COMMISSION_PLAN });
    await run('PublishRetentionModel', { model: retentionModel });
    await run('PublishCoursePolicy', { courses: DEFAULT_COURSE_POLICY });
    await run('PublishTargetPolicy', { targetPolicy: DEFAULT_TARGET_POLICY });
    await run('PublishProbationPolicy', { probationPolicy: DEFAULT_PROBATION_POLICY });
    await run('PublishFieldRules', { fieldRules: DEFAULT_FIELD_RULES });
    // e4 left in February: their personal fields may be redacted on their request.
    await run('RedactPersonalData', { employeeId: 'e4', reason: '本人申请删除 at their request' });
    await run('RaiseAlert', {
      alertId: 'a1',
      kind: 'risk_high',
      employeeId: 'e1',
      assignees: [{ role: 'hr' }, { role: 'manager', id: 'e2' }],
      evidence: { kind: 'retention_risk', ref: 'retention-demo v1', position: '1' },
      message: { en: 'e1 may leave', zh: 'e1 可能离职' },
      raisedBy: 'hr-1',
      at,
    });
    await run('AcknowledgeAlert', { alertId: 'a1', acknowledgedBy: 'e2', note: '已约谈', at });
    await run('LinkUser', { subject: 'user-e2', displayName: 'e2', employeeId: 'e2' });
    await run('GrantRole', { subject: 'user-e2', role: 'team_manager', scope: 'team', unitId: 'sh-1' });
    await run('RevokeRole', { subject: 'user-e2', role: 'team_manager', reason: 'moved' });

    // A trained model is published by the product's training alone: no mutation takes it.
    const direct = await api.graphql('mutation { publishTrainedRetentionModel { __typename } }', {
      token: hr,
    });
    expect((direct.body as { errors?: { message: string }[] }).errors?.[0]?.message).toMatch(
      /Cannot query field "publishTrainedRetentionModel"/,
    );
    done.add('PublishTrainedRetentionModel');
    expect([...done].sort()).toEqual(Object.keys(domainCommandSchemas).sort());
    const [decision] = await api.store.readStream('review-rv1', { direction: 'backward', maxCount: 1 });
    expect(decision?.type).toBe('PromotionDecided');
    expect(decision?.position.toString()).toBe(decided.position);
    expect(decision?.metadata).toMatchObject({
      actor: 'user:c1',
      source: 'api',
      commandId: decided.commandId,
    });
    expect(decision?.data).toMatchObject({ policyVersions: { 'scoring-demo': 1, ladder: 1 } });
    const [ladder] = await api.store.readStream('policy-ladder');
    expect(ladder?.data).toEqual({ ladder: DEFAULT_LADDER });
  });

  it('names every wrong field of bad input and appends nothing', async () => {
    const head = await api.store.headPosition();
    const result = await send('CloseSale', {
      saleId: '',
      employeeId: 'e1',
      amount: -5,
      grossMargin: 1.5,
      productLine: 'crm',
      customerId: 'k1',
      customerType: 'smb',
      channel: 'direct',
      newCustomer: false,
      cycleDays: 3,
      closedAt: 'yesterday',
    });
    expect(result.__typename).toBe('ValidationFailed');
    expect(result.problems?.map((p) => p.path.join('.')).sort()).toEqual([
      'input.amount',
      'input.closedAt',
      'input.grossMargin',
      'input.saleId',
    ]);
    expect(await api.store.headPosition()).toBe(head);
  });

  it('refuses a value GraphQL itself cannot accept (fractional fen) with an error, appending nothing', async () => {
    const head = await api.store.headPosition();
    const { status, body } = await api.graphql(
      `mutation { recordExpense(input: { employeeId: "e1", expenseId: "x9", amount: 1.5, category: "t", at: "${at}" }) { __typename } }`,
      { token: hr },
    );
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain('Fen must be a whole number of fen');
    expect(await api.store.headPosition()).toBe(head);
  });

  it('answers NotFound and RuleViolation with the domain code, appending nothing', async () => {
    const head = await api.store.headPosition();
    const missing = await send('CollectPayment', {
      paymentId: 'p9',
      saleId: 'nope',
      amount: 1,
      collectedAt: at,
      reason: 'paid in cash',
    });
    expect(missing).toMatchObject({ __typename: 'NotFound', message: 'sale nope is not known' });
    const twice = await send('CompleteCourse', {
      employeeId: 'e1',
      courseId: 'basic-selling-skills',
      testScore: 90,
      at,
    });
    expect(twice).toMatchObject({ __typename: 'RuleViolation', code: 'ILLEGAL_STATE' });
    expect(twice.message).toContain('already completed');
    expect(await api.store.headPosition()).toBe(head);
  });

  it('appends nothing when a mutation is retried with the same commandId', async () => {
    const data = { employeeId: 'e1', customerId: 'k7', at };
    const first = await send('LogFollowUp', data, hr, 'follow-up-k7-1');
    const head = await api.store.headPosition();
    const again = await send('LogFollowUp', data, hr, 'follow-up-k7-1');
    expect(first).toMatchObject({ __typename: 'CommandSucceeded', duplicate: false });
    expect(again).toMatchObject({
      __typename: 'CommandSucceeded',
      duplicate: true,
      position: first.position,
    });
    expect(await api.store.headPosition()).toBe(head);
    const bad = await send('LogFollowUp', data, hr, 'has spaces');
    expect(bad).toMatchObject({ __typename: 'ValidationFailed', problems: [{ path: ['commandId'] }] });
  });
});

describe('who may issue which command', () => {
  const followUp = (employeeId: string) => ({ employeeId, customerId: 'k3', at });
  const as = (viewer: Viewer) => api.token(viewer);

  it('refuses auditors and analysts, appending nothing', async () => {
    const head = await api.store.headPosition();
    for (const role of ['auditor', 'analyst'] as const) {
      const result = await send('LogFollowUp', followUp('e1'), await as({ userId: role, name: role, role }));
      expect(result).toMatchObject({ __typename: 'Forbidden' });
      expect(result.message).toContain('may read but not change');
    }
    expect(await api.store.headPosition()).toBe(head);
  });

  it('lets a rep record only their own activity', async () => {
    const rep = await as({ userId: 'u-e1', name: 'E1', role: 'sales_rep', employeeId: 'e1' });
    expect(await send('LogFollowUp', followUp('e1'), rep)).toMatchObject({ __typename: 'CommandSucceeded' });
    const head = await api.store.headPosition();
    expect(await send('LogFollowUp', followUp('e3'), rep)).toMatchObject({ __typename: 'Forbidden' });
    // A payment on someone else's sale, found through the sale's stream.
    await ok('CloseSale', {
      saleId: 's3',
      employeeId: 'e3',
      amount: 50_000,
      grossMargin: 0.2,
      productLine: 'erp',
      customerId: 'k3',
      customerType: 'key_account',
      channel: 'direct',
      newCustomer: false,
      cycleDays: 9,
      closedAt: at,
    });
    const head2 = await api.store.headPosition();
    expect(head2).toBe(head + 1n);
    expect(
      await send('CollectPayment', { paymentId: 'p3', saleId: 's3', amount: 50_000, collectedAt: at }, rep),
    ).toMatchObject({ __typename: 'Forbidden' });
    expect(
      await send(
        'SetTarget',
        {
          subjectId: 'e1',
          subjectKind: 'employee',
          period: '2026-05',
          amount: 1,
          basis: 'x',
          setBy: 'e1',
          at,
        },
        rep,
      ),
    ).toMatchObject({ __typename: 'Forbidden', message: 'a sales rep may not issue SetTarget' });
    expect(await api.store.headPosition()).toBe(head2);
  });

  it('refuses HR recording a payment by hand without the reason, naming the field in both languages', async () => {
    await ok('CloseSale', {
      saleId: 's-hand',
      employeeId: 'e1',
      amount: 90_000,
      grossMargin: 0.2,
      productLine: 'erp',
      customerId: 'k-hand',
      customerType: 'smb',
      channel: 'direct',
      newCustomer: false,
      cycleDays: 5,
      closedAt: at,
    });
    const head = await api.store.headPosition();
    const payment = { paymentId: 'p-hand', saleId: 's-hand', amount: 90_000, collectedAt: at };
    const answers: Record<string, unknown> = {};
    for (const language of ['en', 'zh-CN']) {
      const { body } = await api.graphql<{ collectPayment: Result & { rule?: string; field?: string } }>(
        `mutation Run($input: CollectPaymentInput!) { collectPayment(input: $input) { __typename ... on Forbidden { message rule field } } }`,
        {
          token: hr,
          variables: { input: toGraphQL(domainCommandSchemas.CollectPayment, payment) },
          headers: { 'accept-language': language },
        },
      );
      answers[language] = body.data?.collectPayment;
    }
    expect(answers).toEqual({
      en: {
        __typename: 'Forbidden',
        rule: 'manual_payment_reason',
        field: 'reason',
        message:
          'payments come from the ERP; HR records one by hand only with the reason (e.g. paid in cash, ERP down): give the reason',
      },
      'zh-CN': {
        __typename: 'Forbidden',
        rule: 'manual_payment_reason',
        field: '原因',
        message:
          '回款通常来自财务系统；人力资源手工登记回款时须注明原因（如现金收款、财务系统故障）：请填写原因',
      },
    });
    expect(await api.store.headPosition()).toBe(head);
    await ok('CollectPayment', { ...payment, reason: '现金收款 paid in cash' });
  });

  it('refuses a rep recording a payment, even on their own sale, naming the rule in both languages', async () => {
    const rep = await as({ userId: 'u-e1', name: 'E1', role: 'sales_rep', employeeId: 'e1' });
    await ok('CloseSale', {
      saleId: 's-own',
      employeeId: 'e1',
      amount: 80_000,
      grossMargin: 0.2,
      productLine: 'erp',
      customerId: 'k-own',
      customerType: 'smb',
      channel: 'direct',
      newCustomer: false,
      cycleDays: 5,
      closedAt: at,
    });
    const head = await api.store.headPosition();
    const payment = { paymentId: 'p-own', saleId: 's-own', amount: 80_000, collectedAt: at };
    const answers: Record<string, unknown> = {};
    for (const language of ['en', 'zh-CN']) {
      const { body } = await api.graphql<{ collectPayment: Result & { rule?: string } }>(
        `mutation Run($input: CollectPaymentInput!) { collectPayment(input: $input) { __typename ... on Forbidden { message rule } } }`,
        {
          token: rep,
          variables: { input: toGraphQL(domainCommandSchemas.CollectPayment, payment) },
          headers: { 'accept-language': language },
        },
      );
      answers[language] = body.data?.collectPayment;
    }
    expect(answers).toEqual({
      en: {
        __typename: 'Forbidden',
        rule: 'payments_from_finance',
        message:
          'payments, refunds, commission disputes and payout periods come from the ERP (webhooks or import) or are handled by HR; a sales rep may not record or settle them, not even for their own sales',
      },
      'zh-CN': {
        __typename: 'Forbidden',
        rule: 'payments_from_finance',
        message:
          '回款、退款、提成申诉处理和结算期关闭由财务系统（ERP 接口或导入）或人力资源处理；销售代表不能登记或处理，自己的销售也不行',
      },
    });
    expect(await api.store.headPosition()).toBe(head);
  });

  it('keeps managers inside their branch or team', async () => {
    const branch = await as({ userId: 'bm', name: 'BM', role: 'branch_manager', branchId: 'sh' });
    const otherBranch = await as({ userId: 'bm2', name: 'BM2', role: 'branch_manager', branchId: 'bj' });
    const team = await as({ userId: 'tm', name: 'TM', role: 'team_manager', teamId: 'sh-2' });
    expect(await send('LogFollowUp', followUp('e1'), branch)).toMatchObject({
      __typename: 'CommandSucceeded',
    });
    const head = await api.store.headPosition();
    expect(await send('LogFollowUp', followUp('e1'), otherBranch)).toMatchObject({
      __typename: 'Forbidden',
      message: 'employee e1 is outside your branch',
    });
    expect(await send('LogFollowUp', followUp('e1'), team)).toMatchObject({ __typename: 'Forbidden' });
    expect(await send('PublishLadder', { ladder: { ...DEFAULT_LADDER, version: 2 } }, branch)).toMatchObject({
      __typename: 'Forbidden',
    });
    expect(await api.store.headPosition()).toBe(head);
  });

  it('lets managers acknowledge the alerts about their people, and only those', async () => {
    const branch = await as({ userId: 'bm', name: 'BM', role: 'branch_manager', branchId: 'sh' });
    const otherBranch = await as({ userId: 'bm2', name: 'BM2', role: 'branch_manager', branchId: 'bj' });
    await ok('RaiseAlert', {
      alertId: 'a-scope',
      kind: 'risk_high',
      employeeId: 'e1',
      assignees: [{ role: 'hr' }],
      evidence: { kind: 'retention_risk', ref: 'retention-demo v1', position: '1' },
      message: { en: 'e1 may leave', zh: 'e1 可能离职' },
      raisedBy: 'hr-1',
      at,
    });
    const head = await api.store.headPosition();
    const ack = (alertId: string) => ({ alertId, acknowledgedBy: 'bm', at });
    expect(await send('AcknowledgeAlert', ack('a-scope'), otherBranch)).toMatchObject({
      __typename: 'Forbidden',
      message: 'alert a-scope is outside your branch',
    });
    // A derived alert's id names the mentee it is about.
    expect(await send('AcknowledgeAlert', ack('mentor_overdue:e1:e2:2026-03-02'), otherBranch)).toMatchObject(
      {
        __typename: 'Forbidden',
      },
    );
    expect(await api.store.headPosition()).toBe(head);
    expect(await send('AcknowledgeAlert', ack('a-scope'), branch)).toMatchObject({
      __typename: 'CommandSucceeded',
    });
  });

  it('lets a committee member vote only as themself: the memberId of the input is ignored', async () => {
    const head = await api.store.headPosition();
    const member = await as({ userId: 'c9', name: 'C9', role: 'committee_member', employeeId: 'c9' });
    // Recorded as c9's vote (the caller), not c1's; c9 is no member of rv1's committee.
    const vote = await send('CastVote', { reviewId: 'rv1', memberId: 'c1', vote: 'reject', at }, member);
    expect(vote.__typename).not.toBe('CommandSucceeded');
    expect(JSON.stringify(vote)).not.toContain('c1');
    expect(await send('LogFollowUp', followUp('e1'), member)).toMatchObject({ __typename: 'Forbidden' });
    expect(await api.store.headPosition()).toBe(head);
  });

  it('refuses a mutation without a token', async () => {
    const { body } = await api.graphql(
      `mutation { passProbation(input: { employeeId: "e3" }) { __typename } }`,
    );
    expect(JSON.stringify(body.errors)).toContain('sign in first');
    expect((await api.store.readStream(employeeStream('e3'))).map((e) => e.type)).not.toContain(
      'ProbationPassed',
    );
  });
});
