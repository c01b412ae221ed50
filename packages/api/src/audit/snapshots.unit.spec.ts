import { isAscii } from 'node:buffer';
import { emptyFactsState } from '@trackrecord/domain';
import { describe, expect, it } from 'vitest';
import { decodeFold, emptyRunning, encodeFold, foldText } from './snapshots.ts';

describe('fold snapshot text', () => {
  // Names outside ASCII: Chinese, an accent, and a character outside the BMP (a surrogate pair).
  const state = emptyFactsState();
  (state.global as { clock: string | null }).clock = '2026-03-02T09:00:00Z';
  const running = {
    ...emptyRunning(),
    branches: { 'e-1': '上海分公司', 'e-2': 'Zürich', 'e-3': 'team 🚀' },
    businessClock: '2026-03-02',
  };

  it('is written as ASCII and reads back to the same values', () => {
    const text = encodeFold(state, running);
    const bytes = Buffer.from(text, 'utf8');
    expect(isAscii(bytes)).toBe(true);
    expect(text).toContain('\\u4e0a\\u6d77');
    const read = decodeFold(foldText(bytes));
    expect(read.running).toEqual(running);
    expect(read.state).toEqual(state);
  });

  it('still reads a snapshot written in UTF-8', () => {
    const [line, ...rest] = encodeFold(state, running).split('\n');
    const utf8 = `${JSON.stringify(JSON.parse(line as string))}\n${rest.join('\n')}`;
    const bytes = Buffer.from(utf8, 'utf8');
    expect(isAscii(bytes)).toBe(false);
    expect(decodeFold(foldText(bytes)).running.branches['e-1']).toBe('上海分公司');
  });
});
