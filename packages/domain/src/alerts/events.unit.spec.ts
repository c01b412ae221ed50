import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import { type AlertEvent, derivedAlertId, isDerivedAlertId } from './events.ts';

const examples: ExamplesOf<AlertEvent> = {
  AlertRaised: {
    alertId: 'risk-e1-2026-05',
    kind: 'risk_high',
    employeeId: 'e1',
    assignees: [{ role: 'hr' }, { role: 'manager', id: 'm1' }],
    evidence: { kind: 'retention_risk', ref: 'retention-default v1', position: '99' },
    message: { en: 'risk 0.82 above 0.6', zh: '流失风险 0.82，高于 0.6' },
    raisedBy: 'system:retention-reactor',
    at: '2026-05-31T23:00:00Z',
  },
  AlertAcknowledged: { alertId: 'risk-e1-2026-05', acknowledgedBy: 'hr1', at: '2026-06-01' },
};

describe('alert events', () => {
  itParsesEveryExample(examples);
  it('refuses an alert nobody must act on', () => {
    expect(() => parseEvent('AlertRaised', 1, { ...examples.AlertRaised, assignees: [] })).toThrow(
      /^AlertRaised v1: assignees: an alert needs someone who must act$/,
    );
  });
  it('builds and recognises the ids of derived alerts', () => {
    const id = derivedAlertId('mentor_overdue', 'n1', 'm1', '2026-03-09');
    expect(id).toBe('mentor_overdue:n1:m1:2026-03-09');
    expect(isDerivedAlertId(id)).toBe(true);
    expect(isDerivedAlertId('mentor_overdue:')).toBe(false);
    expect(isDerivedAlertId('target_behind:e1:2026-03')).toBe(false);
    expect(isDerivedAlertId('risk_high:e1')).toBe(false);
  });
});
