import { describe, expect, it } from 'vitest';
import { commandIdentity } from './commandCore.ts';
import { createInMemoryDecider } from './inMemory.ts';

const hire = (commandId: string, employeeId: string, name = '张伟') => ({
  type: 'HireEmployee',
  data: {
    employeeId,
    name,
    branchId: 'b1',
    teamId: 't1',
    regionId: 'r1',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    probationEnd: '2026-06-01T00:00:00.000Z',
    recruitingFit: 80,
    hiredAt: '2026-03-02T00:00:00.000Z',
  },
  metadata: { commandId, at: '2026-03-02T09:00:00.000Z', actor: 'user:hr', source: 'test' },
});

describe('the command pipeline in memory', () => {
  it('answers a command sent again with its original events and decides nothing new', () => {
    const decider = createInMemoryDecider();
    const first = decider.decide(hire('c-1', 'e-1'));
    const again = decider.decide(hire('c-1', 'e-1'));
    expect(first).toMatchObject({ ok: true, duplicate: false, stream: 'employee-e-1' });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(again.ok && first.ok && again.events).toEqual(first.ok && first.events);
    expect(decider.streams.get('employee-e-1')?.events).toHaveLength(1);
  });

  it('refuses a command id used again for another command, and decides a new id on the state', () => {
    const decider = createInMemoryDecider();
    decider.decide(hire('c-1', 'e-1'));
    const reused = decider.decide(hire('c-1', 'e-1', '李娜'));
    expect(reused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { rule: 'command_id_reused' } },
    });
    const twice = decider.decide(hire('c-2', 'e-1'));
    expect(twice).toMatchObject({ ok: false, error: { code: 'ILLEGAL_STATE' } });
    expect(decider.streams.get('employee-e-1')?.events).toHaveLength(1);
  });

  it('gives equal commands equal identities whatever the order of their keys', () => {
    expect(commandIdentity('T', { a: 1, b: [{ c: 2, d: 3 }] })).toBe(
      commandIdentity('T', { b: [{ d: 3, c: 2 }], a: 1 }),
    );
    expect(commandIdentity('T', { a: 1 })).not.toBe(commandIdentity('T', { a: 2 }));
  });
});
