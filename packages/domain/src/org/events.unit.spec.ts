import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { OrgEvent } from './events.ts';

const examples: ExamplesOf<OrgEvent> = {
  OrgUnitNamed: {
    kind: 'branch',
    unitId: 'branch-1',
    nameZh: '上海分公司',
    nameEn: 'Shanghai Branch',
    at: '2025-01-06T08:00:00Z',
  },
};

describe('org unit events', () => {
  itParsesEveryExample(examples);
  it('refuses an unknown kind of unit and an empty name', () => {
    expect(() =>
      parseEvent('OrgUnitNamed', 1, { ...examples.OrgUnitNamed, kind: 'division', nameZh: ' ' }),
    ).toThrow(/kind.*nameZh/s);
  });
});
