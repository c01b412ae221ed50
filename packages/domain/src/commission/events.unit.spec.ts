import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { CommissionEvent } from './events.ts';

const examples: ExamplesOf<CommissionEvent> = {
  CommissionPeriodClosed: { month: '2025-03', at: '2025-04-03T09:00:00Z' },
};

describe('commission period events', () => {
  itParsesEveryExample(examples);
  it('refuses a month that is not YYYY-MM', () => {
    expect(() => parseEvent('CommissionPeriodClosed', 1, { month: '2025-3', at: '2025-04-03' })).toThrow(
      /month/,
    );
  });
});
