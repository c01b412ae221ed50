import { z } from 'zod';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';

/**
 * Field rules (字段权限): which role may read which protected field of the people within its data
 * scope. A published, versioned policy (`PublishFieldRules` on `policy-field-rules`); the API
 * resolves the version in force at each request and enforces it through the schema's scopes.
 *
 * A sales rep only ever reads their own record: `sales_rep` in a field's list means a rep may
 * read that field about themself, never about anyone else.
 */
export const FIELD_RULE_ROLES = [
  'hr_admin',
  'committee_member',
  'analyst',
  'auditor',
  'branch_manager',
  'team_manager',
  'sales_rep',
] as const;
export type FieldRuleRole = (typeof FIELD_RULE_ROLES)[number];

/**
 * The protected fields:
 * - `commission`: commission statements, monthly commission and the payment ledger (and their CSV);
 * - `riskFactors`: the retention-risk factors and the interventions recorded on a person;
 * - `feedbackComments`: the comments of 360 feedback (and any comment on an event in the feed);
 * - `feedbackAuthors`: who gave a piece of 360 feedback;
 * - `voteComments`: the comments committee members leave with their votes;
 * - `personalData`: the export of everything recorded about a person (their personal data).
 */
export const PROTECTED_FIELDS = [
  'commission',
  'riskFactors',
  'feedbackComments',
  'feedbackAuthors',
  'voteComments',
  'personalData',
] as const;
export type ProtectedField = (typeof PROTECTED_FIELDS)[number];

/** The fields and roles as a person knows them, in both languages (refusals, the editor). */
export const PROTECTED_FIELD_LABELS: Record<ProtectedField, { readonly en: string; readonly zh: string }> = {
  commission: { en: 'commission', zh: '提成' },
  riskFactors: { en: 'risk factors and interventions', zh: '流失风险因素与干预措施' },
  feedbackComments: { en: 'feedback comments', zh: '反馈评语' },
  feedbackAuthors: { en: 'feedback authors', zh: '反馈人' },
  voteComments: { en: 'vote comments', zh: '投票意见' },
  personalData: { en: 'personal data export', zh: '个人数据导出' },
};

export const FIELD_RULE_ROLE_LABELS: Record<FieldRuleRole, { readonly en: string; readonly zh: string }> = {
  hr_admin: { en: 'HR administrator', zh: '人力资源管理员' },
  committee_member: { en: 'Review committee member', zh: '评审委员会成员' },
  analyst: { en: 'Analyst', zh: '数据分析师' },
  auditor: { en: 'Auditor', zh: '审计员' },
  branch_manager: { en: 'Branch manager', zh: '分公司经理' },
  team_manager: { en: 'Team manager', zh: '团队经理' },
  sales_rep: { en: 'Sales rep (own record)', zh: '销售代表（本人）' },
};

const RolesSchema = z.array(z.enum(FIELD_RULE_ROLES)).describe('The roles that may read the field.');

export const FieldRulesSchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  name: z.string().min(1).max(200).describe('The name of the rules, e.g. "Field rules".'),
  fields: z
    .object(
      Object.fromEntries(PROTECTED_FIELDS.map((f) => [f, RolesSchema])) as Record<
        ProtectedField,
        typeof RolesSchema
      >,
    )
    .describe('Per protected field, the roles that may read it.'),
});
export type FieldRules = z.infer<typeof FieldRulesSchema>;

/** The one stream of the field rules (`policy-field-rules`). */
export const FIELD_RULES_ID = 'field-rules';

/**
 * The rules as they were hard-coded before they became a policy, and the demo's version 1: HR,
 * auditors and managers read commission; HR and managers the risk factors; HR, the committee and
 * auditors feedback and vote comments; everyone in scope who gave feedback; HR exports a
 * person's data on their request; a rep reads all of it about themself.
 */
export const DEFAULT_FIELD_RULES: FieldRules = {
  id: FIELD_RULES_ID,
  version: 1,
  name: 'Field rules',
  fields: {
    commission: ['hr_admin', 'auditor', 'branch_manager', 'team_manager', 'sales_rep'],
    riskFactors: ['hr_admin', 'branch_manager', 'team_manager', 'sales_rep'],
    feedbackComments: ['hr_admin', 'committee_member', 'auditor', 'sales_rep'],
    feedbackAuthors: [...FIELD_RULE_ROLES],
    voteComments: ['hr_admin', 'committee_member', 'auditor', 'sales_rep'],
    personalData: ['hr_admin', 'sales_rep'],
  },
};

/** Who asks: a role and, for a rep, the employee they are. */
export interface FieldReader {
  readonly role: FieldRuleRole;
  readonly employeeId?: string | undefined;
}

/**
 * May `reader` read `field` about `subject` under `rules`? The one rule every protected read goes
 * through (the schema's `field` scope, the CSV and personal-data exports, the event feed). Data
 * scope (which people) is checked where data is loaded; this says which fields of them.
 */
export function fieldVisible(
  rules: Pick<FieldRules, 'fields'>,
  reader: FieldReader,
  field: ProtectedField,
  subject: string,
): boolean {
  if (!rules.fields[field].includes(reader.role)) return false;
  return reader.role !== 'sales_rep' || reader.employeeId === subject;
}

/** For every role, each field and whether it may read it under the rules (the editor's preview). */
export function fieldMatrix(
  rules: Pick<FieldRules, 'fields'>,
): Record<FieldRuleRole, Record<ProtectedField, boolean>> {
  return Object.fromEntries(
    FIELD_RULE_ROLES.map((role) => [
      role,
      Object.fromEntries(PROTECTED_FIELDS.map((f) => [f, rules.fields[f].includes(role)])),
    ]),
  ) as Record<FieldRuleRole, Record<ProtectedField, boolean>>;
}

/** One cell of a preview: what a role reads of a field under the rules in force and under a draft. */
export interface FieldRuleChange {
  readonly role: FieldRuleRole;
  readonly field: ProtectedField;
  readonly inForce: boolean;
  readonly draft: boolean;
}

/** Every role × field, with what changes: a role that gains a field, or loses one. */
export function previewFieldRules(
  inForce: Pick<FieldRules, 'fields'>,
  draft: Pick<FieldRules, 'fields'>,
): FieldRuleChange[] {
  const now = fieldMatrix(inForce);
  const next = fieldMatrix(draft);
  return FIELD_RULE_ROLES.flatMap((role) =>
    PROTECTED_FIELDS.map((field) => ({ role, field, inForce: now[role][field], draft: next[role][field] })),
  );
}

/** The version in force at `at` among published versions (each with its publication time), or none. */
export function fieldRulesAt<T extends { readonly publishedAt: string }>(
  versions: readonly T[],
  at: string,
): T | undefined {
  let found: T | undefined;
  for (const v of versions) if (v.publishedAt <= at) found = v;
  return found;
}
