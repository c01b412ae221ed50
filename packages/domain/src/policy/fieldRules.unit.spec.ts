import { describe, expect, it } from 'vitest';
import { decidePolicy } from './decide.ts';
import { DEFAULT_FIELD_RULES, fieldRulesAt, fieldVisible, previewFieldRules } from './fieldRules.ts';
import { initialPolicyState } from './state.ts';

const metadata = { commandId: 'cmd-1', at: '2026-01-06T09:00:00.000Z', actor: 'user:hr-1', source: 'ui' };

import { fieldRulesIssues } from './validate.ts';

describe('field rules', () => {
  it('the default reads as the rules hard-coded before: a rep only their own record', () => {
    const rep = { role: 'sales_rep', employeeId: 'e1' } as const;
    expect(fieldVisible(DEFAULT_FIELD_RULES, rep, 'commission', 'e1')).toBe(true);
    expect(fieldVisible(DEFAULT_FIELD_RULES, rep, 'commission', 'e2')).toBe(false);
    expect(fieldVisible(DEFAULT_FIELD_RULES, { role: 'analyst' }, 'commission', 'e2')).toBe(false);
    expect(fieldVisible(DEFAULT_FIELD_RULES, { role: 'team_manager' }, 'riskFactors', 'e2')).toBe(true);
    expect(fieldVisible(DEFAULT_FIELD_RULES, { role: 'team_manager' }, 'feedbackComments', 'e2')).toBe(false);
    expect(fieldVisible(DEFAULT_FIELD_RULES, { role: 'committee_member' }, 'voteComments', 'e2')).toBe(true);
  });

  it('previews what a role gains and loses', () => {
    const draft = {
      fields: { ...DEFAULT_FIELD_RULES.fields, commission: ['hr_admin', 'auditor', 'sales_rep'] as const },
    };
    const changed = previewFieldRules(DEFAULT_FIELD_RULES, draft as never).filter(
      (c) => c.inForce !== c.draft,
    );
    expect(changed.map((c) => `${c.role}:${c.field}:${c.draft}`)).toEqual([
      'branch_manager:commission:false',
      'team_manager:commission:false',
    ]);
  });

  it('refuses rules that take a field from HR or list a role twice, naming the field; publishes version 1', () => {
    const fields = { ...DEFAULT_FIELD_RULES.fields, voteComments: ['auditor', 'auditor'] as never };
    expect(fieldRulesIssues({ fields }).map((i) => [i.code, i.field])).toEqual([
      ['hr_admin_required', { kind: 'fieldRule', field: 'voteComments' }],
      ['role_twice', { kind: 'fieldRule', field: 'voteComments' }],
    ]);
    expect(() =>
      decidePolicy(
        { type: 'PublishFieldRules', data: { fieldRules: { ...DEFAULT_FIELD_RULES, fields } }, metadata },
        initialPolicyState,
      ),
    ).toThrow(/vote comments/);
    expect(
      decidePolicy(
        { type: 'PublishFieldRules', data: { fieldRules: DEFAULT_FIELD_RULES }, metadata },
        initialPolicyState,
      ),
    ).toEqual([{ type: 'FieldRulesPublished', data: { fieldRules: DEFAULT_FIELD_RULES } }]);
  });

  it('finds the version in force at a time', () => {
    const versions = [
      { version: 1, publishedAt: '2026-01-01T00:00:00.000Z' },
      { version: 2, publishedAt: '2026-03-01T00:00:00.000Z' },
    ];
    expect(fieldRulesAt(versions, '2025-12-31T00:00:00.000Z')).toBeUndefined();
    expect(fieldRulesAt(versions, '2026-02-01T00:00:00.000Z')?.version).toBe(1);
    expect(fieldRulesAt(versions, '2026-03-01T00:00:00.000Z')?.version).toBe(2);
  });
});
