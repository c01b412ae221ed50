import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { DemoSeedEvent } from './events.ts';

const parameters = {
  seed: 42,
  employees: 300,
  weeks: 78,
  start: '2025-01-06',
  correlationId: 'demo-seed-s42-e300-w78',
};
const examples: ExamplesOf<DemoSeedEvent> = {
  DemoSeedStarted: { ...parameters, at: '2026-11-23T01:00:00Z' },
  DemoSeedCompleted: {
    ...parameters,
    commands: 385_715,
    refused: 0,
    lastPosition: '531200',
    at: '2026-11-23T01:00:30Z',
  },
  DemoSeedContinued: {
    correlationId: 'demo-seed-s42-e300-w78',
    from: '2026-06-10T09:00:00.000Z',
    fromHistory: 385_715,
    through: '2026-07-15T09:00:00.000Z',
    history: 412_002,
    weeks: 83,
    commands: 26_301,
    refused: 0,
    lastPosition: '560000',
    personas: {
      committeeMemberId: 'emp-000012',
      teamManagers: { 'team-1': 'emp-000001' },
      branchManagers: { 'branch-1': 'emp-000001' },
      mentorId: 'emp-000003',
    },
    at: '2026-12-03T04:00:00Z',
  },
};

describe('demo seed events', () => {
  itParsesEveryExample(examples);
  it('names what is wrong', () => {
    expect(() => parseEvent('DemoSeedStarted', 1, { ...parameters, employees: 0, at: 'now' })).toThrow(
      /employees.*at/s,
    );
  });
});
