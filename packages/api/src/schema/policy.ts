import {
  CalibrationBinSchema,
  CommissionPlanSchema,
  CoursePolicySchema,
  FIELD_RULE_ROLES,
  FieldRulesSchema,
  fieldRulesIssues,
  LadderSchema,
  PROTECTED_FIELDS,
  ProbationPolicySchema,
  parseEvent,
  policyCommandSchemas,
  policyStream,
  previewFieldRules,
  RequirementSchema,
  RetentionModelSchema,
  ScoringPolicySchema,
  TargetPolicySchema,
} from '@trackrecord/domain';
import { eventTime, latestPolicies, type POLICY_KINDS, type PolicyRow } from '@trackrecord/projections';
import { z } from 'zod';
import {
  canReadField,
  type FieldRulesInForce,
  fieldRulesInForce,
  fieldRulesInForceAt,
  fieldRulesOf,
  fieldRuleVersions,
} from '../auth/fieldRules.ts';
import { builder } from '../builder.ts';
import { ClientError } from '../errors.ts';
import { fieldLabel, ruleMessage } from '../i18n/refusals.ts';
import { PolicyEventTypeEnum, PolicyKindEnum } from './enums.ts';
import { commandMutations } from './mutations.ts';
import { CalibrationBinObject, RequirementObject } from './shapes.ts';
import { commandInput, toDomain } from './zodInput.ts';
import { objectTypeOf, outputOf } from './zodOutput.ts';

// A trained model is published by the product's training alone (`trainRetentionModel`).
const { PublishTrainedRetentionModel: _trainedOnly, ...publishable } = policyCommandSchemas;
commandMutations(publishable, {
  PublishScoringPolicy:
    'Publish a version of a scoring policy: KPI templates, weights per rank, thresholds. Without `branchId` it is the headquarters default; with it, that branch’s variant (a document of its own id, versioned from 1), which judges the branch’s people instead of the default until withdrawn.',
  PublishLadder:
    'Publish a version of the career ladder and its requirements per level. Without `branchId` it is the headquarters default; with it, that branch’s variant (a document of its own id), which judges the branch’s people instead of the default until withdrawn.',
  PublishCommissionPlan: 'Publish a version of a tiered commission plan on collected revenue.',
  PublishRetentionModel:
    'Publish a version of the retention-risk model and its coefficients, by hand: it carries no metrics (train it with `trainRetentionModel` for the product to measure it).',
  PublishCoursePolicy:
    'Publish a version of the course catalogue and the recommendation rules (score bands, KPI gap → courses).',
  PublishTargetPolicy:
    'Publish a version of the target policy: baseline rules, coefficients per region, market and product difficulty, extreme shares and early warnings. Without `branchId` it is the headquarters default; with it, that branch’s variant (a document of its own id), which sets the targets and warnings of the branch’s people instead of the default until withdrawn.',
  PublishProbationPolicy:
    'Publish a version of the probation policy (flexible probation target): months of probation, the base deals a month, the reduced target when weekly skill growth is above its bar and the stretch target (with a bonus in fen) when daily sales growth is above its bar.',
  PublishFieldRules:
    'Publish a version of the field rules (id `field-rules`): per protected field (commission, risk factors, feedback comments and authors, vote comments, personal data export), the roles that may read it. HR administrators keep every field. In force from the next request.',
  WithdrawPolicyVariant:
    'Withdraw a branch’s variant of the scoring policy, ladder or target policy (by its policy id), with the reason: the branch’s people are judged by the headquarters default again. Publishing the variant’s next version brings it back.',
});

// The documents as typed objects, generated from the same zod schemas as the publish inputs: a
// document read here is its input again once `__typename` is left out. A requirement reads as the
// checklists' `Requirement` (its `kind` says which fields are set), a calibration bin as the
// model quality's `CalibrationBin`.
outputOf(RequirementSchema, RequirementObject);
outputOf(CalibrationBinSchema, CalibrationBinObject);
export const FieldRulesRef = objectTypeOf(
  FieldRulesSchema,
  'The field rules (字段权限): per protected field, the roles that may read it about the people in their data scope (`sales_rep`: a rep about themself).',
);
const DOCUMENTS = [
  { has: 'fields', ref: FieldRulesRef },
  {
    has: 'weightsByRank',
    ref: objectTypeOf(
      ScoringPolicySchema,
      'A scoring policy: the KPI templates in use with their names in English and Chinese and their normalisation, the weights per rank (percent, summing to 100) and the promotion-alert thresholds.',
    ),
  },
  {
    has: 'tracks',
    ref: objectTypeOf(
      LadderSchema,
      'The career ladder: tracks of levels, named in English and Chinese, each level with the requirements to be promoted into it (ratios as fractions, amounts in fen).',
    ),
  },
  {
    has: 'tiers',
    ref: objectTypeOf(
      CommissionPlanSchema,
      'A tiered commission plan on collected revenue: each tier’s rate applies to the period’s collections from its `from` (fen) to the next tier’s.',
    ),
  },
  // Before the retention model: a target policy has `coefficients` too.
  {
    has: 'rankFactors',
    ref: objectTypeOf(
      TargetPolicySchema,
      'The target policy: the baseline (months of history, growth, a factor and a default per level, rounding), the coefficients per region (by region id), per market (by branch id) and the product difficulty, the extreme shares of a split and the early warnings (weeks behind, gap to peers).',
    ),
  },
  {
    has: 'baseDealsPerMonth',
    ref: objectTypeOf(
      ProbationPolicySchema,
      'The probation policy (flexible probation target, 试用期目标): months of probation, the base target in deals a month, the reduced target when weekly skill growth (fraction) is above its bar, and the stretch target with its bonus (fen) when daily sales growth (fraction) is above its bar; the skill rule is checked first.',
    ),
  },
  {
    has: 'coefficients',
    ref: objectTypeOf(
      RetentionModelSchema,
      'A retention-risk model: logistic regression on standardised features (risk = σ(intercept + Σ coefficient × (x − mean) ÷ std)), its flag threshold, cold-start rules and held-out metrics.',
    ),
  },
  {
    has: 'rules',
    ref: objectTypeOf(
      CoursePolicySchema,
      'The course catalogue (each course with its hours, the score band it is pitched at and the KPIs it is meant to move) and the recommendation rules: score bands (≤ basicUpTo the basics, below relationshipBelow relationship skills, else leadership) and KPI gaps (a KPI below gapBelowPoints points recommends its courses).',
    ),
  },
] as const;

/** The course policy as a typed object (the course catalogue and recommendation rules). */
export const CoursePolicyRef = (
  DOCUMENTS.find((d) => d.has === 'rules') as Extract<(typeof DOCUMENTS)[number], { has: 'rules' }>
).ref;

const PolicyDocument = builder.unionType('PolicyDocument', {
  description:
    'A policy document exactly as published, typed by its kind. Select its fields with `... on ScoringPolicy { … }` and the like; without `__typename` it is the input of its publish mutation.',
  types: DOCUMENTS.map((d) => d.ref),
  // Each kind has a field no other kind has.
  resolveType: (doc) => {
    const kind = DOCUMENTS.find((d) => d.has in (doc as object));
    if (!kind) throw new Error('a policy document of no known kind');
    return kind.ref;
  },
});

interface PolicyVersion {
  readonly version: number;
  readonly branchId: string | null;
  readonly withdrawn: boolean;
  readonly type: keyof typeof POLICY_KINDS;
  readonly name: string;
  readonly document: unknown;
  readonly position: bigint;
  readonly publishedAt: Date;
  readonly businessTime: string;
  readonly publishedBy: string | null;
}

const PolicyVersionRef = builder.objectRef<PolicyVersion>('PolicyVersion').implement({
  description: 'One published version of a policy document, as its event carries it.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The version number the document carries.' }),
    branchId: t.exposeString('branchId', {
      nullable: true,
      description: 'The branch this version is the variant of; null for the headquarters default.',
    }),
    withdrawn: t.exposeBoolean('withdrawn', {
      description:
        'The branch’s variant was withdrawn after this version (before any later one was published).',
    }),
    kind: t.field({
      type: PolicyEventTypeEnum,
      description: 'The event that published it, e.g. ScoringPolicyPublished.',
      resolve: (v) => v.type,
    }),
    name: t.exposeString('name', {
      description: 'The name the document carries (a retention model has none: its id).',
    }),
    document: t.field({
      type: PolicyDocument,
      description: 'The policy document exactly as published (amounts in fen).',
      resolve: (v) => v.document as Record<string, unknown>,
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position it was published at.',
      resolve: (v) => v.position,
    }),
    publishedAt: t.field({
      type: 'DateTime',
      description: 'When the event store recorded the publication (transaction time).',
      resolve: (v) => v.publishedAt,
    }),
    businessTime: t.exposeString('businessTime', {
      description:
        'Business time of the publication (ISO): the time its command was issued for, as `policies` shows it (an imported or seeded history was recorded later than it happened).',
    }),
    publishedBy: t.string({
      nullable: true,
      description:
        "Who published it, as the event's metadata names them (user:<user id>, or system:<source>); null when it does not.",
      resolve: (v) => v.publishedBy,
    }),
  }),
});

builder.queryField('policyVersions', (t) =>
  t.field({
    type: [PolicyVersionRef],
    description:
      'Every published version of a policy (scoring policy, ladder, commission plan or retention model), oldest first, read from its stream `policy-<id>`.',
    args: { id: t.arg.string({ required: true, description: 'Id of the policy document.' }) },
    resolve: async (_root, args, ctx) => {
      const events = await ctx.store.readStream(policyStream(args.id));
      const versions: PolicyVersion[] = [];
      for (const e of events) {
        const event = parseEvent(e.type, e.schemaVersion, e.data);
        if (event.type === 'PolicyVariantWithdrawn') {
          const last = versions.at(-1);
          if (last) versions[versions.length - 1] = { ...last, withdrawn: true };
          continue;
        }
        const data = event.data as Record<string, unknown> & { branchId?: string };
        const document = (Object.values(data).find((v) => typeof v === 'object' && v !== null) ?? {
          id: args.id,
          version: 0,
        }) as { id: string; version: number; name?: string };
        versions.push({
          version: document.version,
          branchId: data.branchId ?? null,
          withdrawn: false,
          type: e.type as keyof typeof POLICY_KINDS,
          // A retention model carries no name: its id stands for it, as in `policies`.
          name: document.name ?? document.id,
          document,
          position: e.position,
          publishedAt: e.recordedAt,
          businessTime: eventTime(e),
          publishedBy: e.metadata.actor ?? null,
        });
      }
      return versions;
    },
  }),
);

export const PolicySummary = builder.objectRef<PolicyRow>('PolicySummary').implement({
  description: 'A policy document at its latest published version (from the policies read model).',
  fields: (t) => ({
    id: t.exposeString('policy_id', {
      description: 'Id of the policy document (its stream is policy-<id>; see `policyVersions`).',
    }),
    kind: t.field({
      type: PolicyKindEnum,
      description: 'scoringPolicy, ladder, commissionPlan or retentionModel.',
      resolve: (p) => p.kind,
    }),
    eventType: t.field({
      type: PolicyEventTypeEnum,
      description: 'The event that published it, e.g. LadderPublished.',
      resolve: (p) => p.event_type,
    }),
    name: t.exposeString('name', {
      description: 'The document’s name (a retention model has none: its id).',
    }),
    version: t.exposeInt('version', { description: 'The latest published version number.' }),
    branchId: t.exposeString('branch_id', {
      nullable: true,
      description:
        'The branch this document is the variant of (scoring policy, ladder or target policy); null for the headquarters default.',
    }),
    withdrawn: t.exposeBoolean('withdrawn', {
      description:
        'The branch’s variant is withdrawn: the branch is judged by the headquarters default (until its next version).',
    }),
    publishedAt: t.exposeString('published_at', { description: 'Business time of the publication (ISO).' }),
    publishedBy: t.exposeString('published_by', {
      nullable: true,
      description:
        "Who published it, as the event's metadata names them (user:<user id>, or system:<source>); null when it does not.",
    }),
    document: t.field({
      type: PolicyDocument,
      description: 'The policy document exactly as published (amounts in fen).',
      resolve: (p) => p.document as Record<string, unknown>,
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position ($all) of the event that published this version.',
      resolve: (p) => BigInt(p.position),
    }),
  }),
});

builder.queryField('policies', (t) =>
  t.field({
    type: [PolicySummary],
    description:
      'Every policy id with its latest published version, by id; `policyVersions(id)` has every version.',
    resolve: (_root, _args, ctx) => latestPolicies(ctx.db),
  }),
);

// ——— Field rules: in force (now or at a past time), and a draft's preview ———

const ProtectedFieldEnum = builder.enumType('ProtectedField', {
  description:
    'A field the field rules protect: commission, riskFactors (and interventions), feedbackComments, feedbackAuthors, voteComments, personalData (the export of a person’s data).',
  values: PROTECTED_FIELDS,
});
const FieldRuleRoleEnum = builder.enumType('FieldRuleRole', {
  description: 'A role of the field rules (`sales_rep`: a rep reading their own record).',
  values: FIELD_RULE_ROLES,
});

const FieldRulesInForceRef = builder.objectRef<FieldRulesInForce>('FieldRulesInForce').implement({
  description:
    'The field rules in force at a time: the version published last by then, or the built-in default (version null) before any was published.',
  fields: (t) => ({
    version: t.int({
      nullable: true,
      description: 'The published version; null for the built-in default.',
      resolve: (r) => r.version,
    }),
    publishedAt: t.string({
      nullable: true,
      description: 'Business time of its publication (ISO); null for the built-in default.',
      resolve: (r) => r.publishedAt,
    }),
    publishedBy: t.string({
      nullable: true,
      description: 'Who published it (user:<id> or system:<source>).',
      resolve: (r) => r.publishedBy,
    }),
    position: t.field({
      type: 'Position',
      nullable: true,
      description: 'Global position of its event; null for the built-in default.',
      resolve: (r) => r.position,
    }),
    document: t.field({ type: FieldRulesRef, description: 'The rules.', resolve: (r) => r.rules }),
  }),
});

builder.queryField('fieldRules', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: FieldRulesInForceRef,
    description:
      'The field rules in force now, or at a past time `at` (an audit can tell which rule applied to a read the access log names with its version). Anyone signed in may read them: they say what each role sees.',
    args: {
      at: t.arg({ type: 'DateTime', required: false, description: 'A past time; now when left out.' }),
    },
    resolve: (_root, args, ctx) =>
      args.at ? fieldRulesInForceAt(ctx.store, args.at.toISOString()) : fieldRulesInForce(ctx.store),
  }),
);

builder.queryField('fieldRuleVersions', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [FieldRulesInForceRef],
    description: 'Every published version of the field rules, oldest first.',
    resolve: (_root, _args, ctx) => fieldRuleVersions(ctx.store),
  }),
);

interface PreviewCell {
  role: (typeof FIELD_RULE_ROLES)[number];
  field: (typeof PROTECTED_FIELDS)[number];
  inForce: boolean;
  draft: boolean;
}
interface PreviewProblem {
  field: (typeof PROTECTED_FIELDS)[number] | null;
  message: string;
}
interface Preview {
  version: number | null;
  cells: PreviewCell[];
  problems: PreviewProblem[];
}

const PreviewCellRef = builder.objectRef<PreviewCell>('FieldRulePreviewCell').implement({
  description: 'What one role reads of one protected field, under the rules in force and under the draft.',
  fields: (t) => ({
    role: t.field({ type: FieldRuleRoleEnum, description: 'The role.', resolve: (c) => c.role }),
    field: t.field({
      type: ProtectedFieldEnum,
      description: 'The protected field.',
      resolve: (c) => c.field,
    }),
    inForce: t.exposeBoolean('inForce', { description: 'The role reads it under the rules in force.' }),
    draft: t.exposeBoolean('draft', { description: 'The role would read it under the draft.' }),
    changed: t.boolean({
      description: 'The draft gives the role the field, or takes it away.',
      resolve: (c) => c.inForce !== c.draft,
    }),
  }),
});
const PreviewProblemRef = builder.objectRef<PreviewProblem>('FieldRuleProblem').implement({
  description: 'Why the draft would be refused, naming the field in the request’s language.',
  fields: (t) => ({
    field: t.field({
      type: ProtectedFieldEnum,
      nullable: true,
      description: 'The protected field it is about.',
      resolve: (p) => p.field,
    }),
    message: t.exposeString('message', { description: 'The refusal, in the request’s language.' }),
  }),
});
const PreviewRef = builder.objectRef<Preview>('FieldRulesPreview').implement({
  description:
    'A draft of the field rules against the rules in force: for every role and protected field, whether the role reads it now and would under the draft; and the problems that would refuse the draft.',
  fields: (t) => ({
    inForceVersion: t.int({
      nullable: true,
      description: 'The version in force compared against (null: the built-in default).',
      resolve: (p) => p.version,
    }),
    cells: t.field({ type: [PreviewCellRef], description: 'Role × field.', resolve: (p) => p.cells }),
    problems: t.field({
      type: [PreviewProblemRef],
      description: 'Empty when the draft may be published.',
      resolve: (p) => p.problems,
    }),
  }),
});

const FieldRulesDraftSchema = z.object({ fieldRules: FieldRulesSchema });
const FieldRulesDraftInput = commandInput(FieldRulesDraftSchema, 'FieldRulesDraft');

builder.queryField('fieldRulesPreview', (t) =>
  t.withAuth({ roles: ['hr_admin', 'auditor'] }).field({
    type: PreviewRef,
    description:
      'What each role would see under a draft of the field rules, against the rules in force (HR and auditors). Appends nothing; `publishFieldRules` publishes it.',
    args: {
      draft: t.arg({
        type: FieldRulesDraftInput,
        required: true,
        description: 'The draft, as `publishFieldRules` takes it.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const parsed = FieldRulesDraftSchema.safeParse(toDomain(FieldRulesDraftSchema, args.draft));
      const language = ctx.language ?? 'en';
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ClientError(
          `${fieldLabel((issue?.path ?? []) as (string | number)[], language)}: ${issue ? ruleMessage({ path: issue.path as (string | number)[], code: issue.code, message: issue.message }, language) : ''}`,
        );
      }
      const draft = parsed.data.fieldRules;
      const inForce = await fieldRulesInForce(ctx.store);
      return {
        version: inForce.version,
        cells: previewFieldRules(inForce.rules, draft),
        problems: fieldRulesIssues(draft).map((issue) => {
          const field = issue.field.kind === 'fieldRule' ? issue.field.field : null;
          const raw = {
            path: ['fieldRules', 'fields', ...(field ? [field] : [])],
            code: `policy_${issue.code}`,
            message: issue.message,
            params: Object.fromEntries(Object.entries(issue.params).map(([k, v]) => [k, String(v)])),
          };
          return { field, message: `${fieldLabel(raw.path, language)}: ${ruleMessage(raw, language)}` };
        }),
      };
    },
  }),
);

builder.queryField('visibleFields', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [ProtectedFieldEnum],
    description:
      'The protected fields the viewer may read about a person under the field rules in force (the dashboard shows or hides its sections by them; the API enforces the same rules on each field).',
    args: { employeeId: t.arg.string({ required: true, description: 'The person.' }) },
    resolve: async (_root, args, ctx) => {
      const rules = await fieldRulesOf(ctx);
      return PROTECTED_FIELDS.filter((field) => canReadField(rules, ctx.viewer, field, args.employeeId));
    },
  }),
);
