import { describe, expect, it } from 'vitest';
import { parseCommand } from '../commandCatalog.ts';
import { DomainError } from '../core/errors.ts';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import { routeCommand } from '../routing.ts';
import { calibrationDecider } from './calibration.ts';
import type { CalibrationCommand } from './commands.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-06-01T09:00:00Z',
  actor: 'user:c1',
  source: 'ui',
};
const cmd = commandsWith<CalibrationCommand>(metadata);
const at = '2026-06-01T09:00:00Z';
const note = {
  round: '2026-Q2',
  employeeId: 'e1',
  note: '回款率偏低，但客户留存突出',
  annotatedBy: 'c1',
  at,
};
const calibration = spec(calibrationDecider);
const e1 = { employee: { employeeId: 'e1', status: 'active' as const } };

describe('calibration decider (stream calibration-<round>)', () => {
  it('records a note on a candidate and one on the round as a whole', () => {
    calibration
      .given([])
      .when(cmd('AnnotateCalibration', note), e1)
      .thenEvents([{ type: 'CalibrationAnnotated', data: note }]);
    const onRound = { ...note, employeeId: null };
    calibration
      .given([{ type: 'CalibrationAnnotated', data: note }])
      .when(cmd('AnnotateCalibration', onRound), {})
      .thenEvents([{ type: 'CalibrationAnnotated', data: onRound }]);
  });
  it('refuses a note on an unknown person, in English and Chinese', () => {
    calibration
      .given([])
      .when(cmd('AnnotateCalibration', note), { employee: { employeeId: 'e1', status: 'unknown' } })
      .thenThrows('NOT_FOUND', /^employee e1 is not known$/);
  });
  it('refuses a note about oneself, naming the field in both languages', () => {
    let thrown: unknown;
    try {
      calibrationDecider.decide(cmd('AnnotateCalibration', { ...note, annotatedBy: 'e1' }), { notes: 0 }, e1);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).message).toBe('e1 cannot annotate their own calibration');
    expect((thrown as DomainError).details).toMatchObject({
      field: 'Person',
      fieldZh: '人员',
      messageZh: 'e1 不能为自己的校准添加备注',
    });
  });
  it('refuses a blank note and a round that is not a quarter before deciding', () => {
    const parse = (data: object) => () => parseCommand({ type: 'AnnotateCalibration', data, metadata });
    expect(parse({ ...note, note: '   ' })).toThrow(/note: must say something/);
    expect(parse({ ...note, round: '2026-06' })).toThrow(/round: must be a quarter as YYYY-Qn/);
  });
  it('is decided on the round stream; a note on a person concerns that person', () => {
    const about = routeCommand({ type: 'AnnotateCalibration', data: note, metadata });
    expect(about.stream).toBe('calibration-2026-Q2');
    expect(about.subject).toEqual({ kind: 'employee', employeeId: 'e1', field: 'employeeId' });
    const round = routeCommand({
      type: 'AnnotateCalibration',
      data: { ...note, employeeId: null },
      metadata,
    });
    expect(round.subject).toEqual({ kind: 'company', field: 'round' });
  });
});
