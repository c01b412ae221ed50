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
};

describe('demo seed events', () => {
  itParsesEveryExample(examples);
  it('names what is wrong', () => {
    expect(() => parseEvent('DemoSeedStarted', 1, { ...parameters, employees: 0, at: 'now' })).toThrow(
      /employees.*at/s,
    );
  });
});
