import type { z } from 'zod';
import { illegalState, notFound, validation } from '../core/errors.ts';
import type { Decider } from '../core/types.ts';
import {
  type PolicyCommand,
  PublishCommissionPlanData,
  PublishCoursePolicyData,
  PublishFieldRulesData,
  PublishLadderData,
  PublishProbationPolicyData,
  PublishRetentionModelData,
  PublishScoringPolicyData,
  PublishTargetPolicyData,
  PublishTrainedRetentionModelData,
  WithdrawPolicyVariantData,
} from './commands.ts';
import type { PolicyEvent, VariantKind } from './events.ts';
import { evolvePolicy } from './evolve.ts';
import { initialPolicyState, type PolicyKind, type PolicyState } from './state.ts';
import {
  commissionPlanProblems,
  coursePolicyIssues,
  fieldRulesIssues,
  ladderProblems,
  type PolicyProblem,
  PROBATION_FIGURE_PATHS,
  probationPolicyIssues,
  retentionModelProblems,
  scoringPolicyProblems,
  targetPolicyIssues,
} from './validate.ts';

/** Parses command data with its schema; every problem is named with its path. */
function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`);
    throw validation(`invalid ${what}: ${problems.join('; ')}`, { problems });
  }
  return result.data;
}

/** Shared rules of every publication: a valid document, same kind on the stream, version = previous + 1. */
function checkPublication(
  state: PolicyState,
  kind: PolicyKind,
  doc: { id: string; version: number },
  problems: string[],
  branchId: string | undefined = undefined,
): void {
  if (problems.length > 0) {
    throw validation(`${kind} policy ${doc.id} rejected: ${problems.join('; ')}`, { problems });
  }
  if (state.kind !== 'none' && state.kind !== kind) {
    throw illegalState(
      `policy ${doc.id} is a ${state.kind} document; cannot publish a ${kind} document on it`,
    );
  }
  if (state.kind !== 'none' && state.document.id !== doc.id) {
    throw validation(`policy id ${doc.id} does not match the stream's policy ${state.document.id}`);
  }
  checkOwner(state, doc.id, branchId);
  if (doc.version !== state.version + 1) {
    throw validation(
      `${kind} policy ${doc.id} version ${doc.version} must be ${state.version + 1} (the published version is ${state.version})`,
    );
  }
}

/**
 * A stream belongs to headquarters or to one branch for good: a version for another owner is
 * refused (a branch's variant is a document of its own, with its own id).
 */
function checkOwner(state: PolicyState, id: string, branchId: string | undefined): void {
  if (state.kind === 'none') return;
  const owner = state.branchId;
  if (owner === (branchId ?? null)) return;
  if (owner === null) {
    throw validation(
      `policy ${id} is the headquarters default; publish branch ${branchId}'s variant under an id of its own`,
      { rule: 'variant_of_headquarters', field: 'branchId', policyId: id, branchId },
    );
  }
  throw validation(
    branchId === undefined
      ? `policy ${id} is branch ${owner}'s variant; publish it with that branch, or the headquarters default under its own id`
      : `policy ${id} is branch ${owner}'s variant, not branch ${branchId}'s; publish ${branchId}'s variant under an id of its own`,
    { rule: 'variant_of_other_branch', field: 'branchId', policyId: id, branchId: branchId ?? null, owner },
  );
}

/** Only the variant kinds carry a branch: the command's `branchId`, when given. */
const withBranch = (branchId: string | undefined) => (branchId === undefined ? {} : { branchId });

function publishScoringPolicy(data: unknown, state: PolicyState): PolicyEvent[] {
  const { policy, branchId } = parse(PublishScoringPolicyData, data, 'scoring policy');
  checkPublication(state, 'scoring', policy, scoringPolicyProblems(policy), branchId);
  return [{ type: 'ScoringPolicyPublished', data: { policy, ...withBranch(branchId) } }];
}

function publishLadder(data: unknown, state: PolicyState): PolicyEvent[] {
  const { ladder, branchId } = parse(PublishLadderData, data, 'ladder');
  checkPublication(state, 'ladder', ladder, ladderProblems(ladder), branchId);
  return [{ type: 'LadderPublished', data: { ladder, ...withBranch(branchId) } }];
}

const VARIANT_KIND_OF: Partial<Record<PolicyKind, VariantKind>> = {
  scoring: 'scoring',
  ladder: 'ladder',
  target: 'target',
};

/**
 * Withdraws a branch's variant: the stream must hold a branch's scoring policy, ladder or target
 * policy, not withdrawn already. The headquarters default cannot be withdrawn.
 */
function withdrawPolicyVariant(data: unknown, state: PolicyState): PolicyEvent[] {
  const { policyId, reason } = parse(WithdrawPolicyVariantData, data, 'withdrawal');
  if (state.kind === 'none') {
    throw notFound(`no policy ${policyId} was published`, {
      rule: 'policy_unknown',
      field: 'policyId',
      policyId,
    });
  }
  const kind = VARIANT_KIND_OF[state.kind];
  if (kind === undefined || state.branchId === null) {
    throw validation(
      `policy ${policyId} is not a branch's variant: the headquarters default stays in force until a new version replaces it`,
      { rule: 'not_a_variant', field: 'policyId', policyId },
    );
  }
  if (state.withdrawn) {
    throw illegalState(
      `branch ${state.branchId}'s variant ${policyId} v${state.version} is withdrawn already`,
      {
        rule: 'variant_withdrawn',
        field: 'policyId',
        policyId,
        branchId: state.branchId,
        version: state.version,
      },
    );
  }
  return [
    {
      type: 'PolicyVariantWithdrawn',
      data: { policyId, kind, branchId: state.branchId, version: state.version, reason },
    },
  ];
}

function publishCommissionPlan(data: unknown, state: PolicyState): PolicyEvent[] {
  const { plan } = parse(PublishCommissionPlanData, data, 'commission plan');
  checkPublication(state, 'commission', plan, commissionPlanProblems(plan));
  return [{ type: 'CommissionPlanPublished', data: { plan } }];
}

function publishRetentionModel(data: unknown, state: PolicyState): PolicyEvent[] {
  const { model: input } = parse(PublishRetentionModelData, data, 'retention model');
  // Metrics are only the product's own (PublishTrainedRetentionModel): none for a model by hand.
  const model = { ...input, metrics: null, training: null };
  checkPublication(state, 'retention', model, retentionModelProblems(model));
  return [{ type: 'RetentionModelPublished', data: { model } }];
}

function publishTrainedRetentionModel(data: unknown, state: PolicyState): PolicyEvent[] {
  const { model } = parse(PublishTrainedRetentionModelData, data, 'retention model');
  checkPublication(state, 'retention', model, retentionModelProblems(model));
  return [{ type: 'RetentionModelPublished', data: { model } }];
}

function publishCoursePolicy(data: unknown, state: PolicyState): PolicyEvent[] {
  const { courses } = parse(PublishCoursePolicyData, data, 'course policy');
  const [first, ...others] = coursePolicyIssues(courses);
  if (first) {
    // Named by its field, so that the refusal stands next to it.
    throw validation(
      `courses policy ${courses.id} rejected: ${[first, ...others].map((p) => p.message).join('; ')}`,
      {
        problems: [first, ...others].map((p) => p.message),
        field: first.path,
        rule: first.code,
        ...first.params,
      },
    );
  }
  checkPublication(state, 'courses', courses, []);
  return [{ type: 'CoursePolicyPublished', data: { courses } }];
}

/**
 * A target policy: every figure in its bounds. Its problems carry the figure they are about
 * (`problems[i].field`), so the editor puts each one next to its input.
 */
function publishTargetPolicy(data: unknown, state: PolicyState): PolicyEvent[] {
  const { targetPolicy, branchId } = parse(PublishTargetPolicyData, data, 'target policy');
  refuseIssues('target policy', targetPolicy.id, targetPolicyIssues(targetPolicy), (field) => [
    'targetPolicy',
    ...targetPath(field, targetPolicy),
  ]);
  checkPublication(state, 'target', targetPolicy, [], branchId);
  return [{ type: 'TargetPolicyPublished', data: { targetPolicy, ...withBranch(branchId) } }];
}

/**
 * A probation policy: every figure in its bounds (the reduced target at most the base, the
 * stretch target at least the base), each problem named by its field as the target policy's.
 */
function publishProbationPolicy(data: unknown, state: PolicyState): PolicyEvent[] {
  const { probationPolicy } = parse(PublishProbationPolicyData, data, 'probation policy');
  refuseIssues('probation policy', probationPolicy.id, probationPolicyIssues(probationPolicy), (field) =>
    field.kind === 'probation' ? ['probationPolicy', ...PROBATION_FIGURE_PATHS[field.figure]] : [],
  );
  checkPublication(state, 'probation', probationPolicy, []);
  return [{ type: 'ProbationPolicyPublished', data: { probationPolicy } }];
}

/**
 * Field rules: HR keeps every field, no role twice; each problem names the field it is about
 * (`fieldRules.fields.<field>`), so the refusal says which field in the person's language.
 */
function publishFieldRules(data: unknown, state: PolicyState): PolicyEvent[] {
  const { fieldRules } = parse(PublishFieldRulesData, data, 'field rules');
  refuseIssues('field rules', fieldRules.id, fieldRulesIssues(fieldRules), (field) =>
    field.kind === 'fieldRule' ? ['fieldRules', 'fields', field.field] : [],
  );
  checkPublication(state, 'fieldRules', fieldRules, []);
  return [{ type: 'FieldRulesPublished', data: { fieldRules } }];
}

/**
 * Refuses a document with problems; each carries the path of the figure it is about
 * (`issues[i].path`), so the editor puts it next to its input and the API names the field.
 */
function refuseIssues(
  what: string,
  id: string,
  issues: readonly PolicyProblem[],
  pathOf: (field: PolicyProblem['field']) => (string | number)[],
): void {
  if (issues.length === 0) return;
  throw validation(`${what} ${id} rejected: ${issues.map((i) => i.message).join('; ')}`, {
    problems: issues.map((i) => i.message),
    issues: issues.map((i) => ({
      path: pathOf(i.field),
      code: `policy_${i.code}`,
      message: i.message,
      params: Object.fromEntries(Object.entries(i.params).map(([k, v]) => [k, String(v)])),
    })),
  });
}

/** Where a target policy figure lives in the document. */
function targetPath(
  field: ReturnType<typeof targetPolicyIssues>[number]['field'],
  policy: { coefficients: { region: { regionId: string }[]; market: { branchId: string }[] } },
): (string | number)[] {
  if (field.kind !== 'target') return [];
  const key = field.key ?? '';
  switch (field.figure) {
    case 'rankFactor':
      return ['rankFactors', key];
    case 'defaultMonthlyTarget':
      return ['defaultMonthlyTarget', key];
    case 'extremeAbove':
      return ['extremeShare', 'above'];
    case 'extremeBelow':
      return ['extremeShare', 'below'];
    case 'weeksBehind':
      return ['earlyWarning', 'consecutiveWeeksBehind'];
    case 'peerGap':
      return ['earlyWarning', 'peerGap'];
    case 'region':
      return [
        'coefficients',
        'region',
        policy.coefficients.region.findIndex((r) => r.regionId === key),
        'coefficient',
      ];
    case 'market':
      return [
        'coefficients',
        'market',
        policy.coefficients.market.findIndex((m) => m.branchId === key),
        'coefficient',
      ];
    case 'productDifficulty':
      return ['coefficients', 'productDifficulty'];
    default:
      return [field.figure];
  }
}

/**
 * Decides a policy command against the state of its stream (`policy-<id>`). Publishing
 * validates the document: schema, weights per rank summing to exactly 100, thresholds in range,
 * ladder levels ordered, and the version being exactly one above the published one.
 */
export function decidePolicy(command: PolicyCommand, state: PolicyState): PolicyEvent[] {
  switch (command.type) {
    case 'PublishScoringPolicy':
      return publishScoringPolicy(command.data, state);
    case 'PublishLadder':
      return publishLadder(command.data, state);
    case 'PublishCommissionPlan':
      return publishCommissionPlan(command.data, state);
    case 'PublishRetentionModel':
      return publishRetentionModel(command.data, state);
    case 'PublishTrainedRetentionModel':
      return publishTrainedRetentionModel(command.data, state);
    case 'PublishCoursePolicy':
      return publishCoursePolicy(command.data, state);
    case 'PublishTargetPolicy':
      return publishTargetPolicy(command.data, state);
    case 'PublishProbationPolicy':
      return publishProbationPolicy(command.data, state);
    case 'PublishFieldRules':
      return publishFieldRules(command.data, state);
    case 'WithdrawPolicyVariant':
      return withdrawPolicyVariant(command.data, state);
    default: {
      const unknown: never = command;
      throw validation(`unknown policy command ${JSON.stringify(unknown)}`);
    }
  }
}

/** The policy decider; publications need nothing from other streams, so no context. */
export const policyDecider: Decider<PolicyCommand, PolicyEvent, PolicyState, undefined> = {
  initialState: initialPolicyState,
  evolve: evolvePolicy,
  decide: (command, state) => decidePolicy(command, state),
};
