import { isAscii } from 'node:buffer';
import { emptyFactsState, type FactsState, serializeFactsState } from '@trackrecord/domain';
import { describe, expect, it } from 'vitest';
import { copyFactsState, decodeFold, emptyRunning, encodeFold, foldText } from './snapshots.ts';

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

describe('the sales of a snapshot, read when first used', () => {
  const sale = (employeeId: string, amount: number): FactsState['sales'][string] => ({
    employeeId,
    teamId: 't1',
    month: '2026-03',
    week: 10,
    amount,
    grossMarginRate: 0.3,
    keyAccount: false,
    newCustomer: true,
    cycleDays: 9,
    reversed: false,
    paidByPeriodEnd: 0,
    mentorId: null,
  });
  const withSales = (): FactsState => {
    const state = emptyFactsState();
    state.sales['s-1'] = sale('e-1', 100);
    state.sales['s-2'] = sale('e-2', 200);
    state.sales['销售-3'] = sale('e-1', 300); // an id outside ASCII, escaped in the text
    return state;
  };
  const roundTrip = (state: FactsState) =>
    decodeFold(foldText(Buffer.from(encodeFold(state, emptyRunning()), 'utf8'))).state;

  it('read back equal, one line per sale, each parsed only when used', () => {
    const state = withSales();
    const text = encodeFold(state, emptyRunning());
    expect(text.split('\n')).toHaveLength(2 + 3);
    const read = roundTrip(state);
    expect(read.sales['s-2']).toEqual(sale('e-2', 200));
    expect('s-1' in read.sales).toBe(true);
    expect(read.sales['s-9']).toBeUndefined();
    expect(read).toEqual(state);
    expect(Object.keys(read.sales).sort()).toEqual(['s-1', 's-2', '销售-3']);
  });

  it('keeps what a fold changed or added, written out again with the sales never read', () => {
    const read = roundTrip(withSales());
    (read.sales['s-1'] as { amount: number }).amount = 150; // a correction
    read.sales['s-4'] = sale('e-3', 400); // a new sale
    read.sales['s-2'] = sale('e-2', 250); // replaced before it was ever read
    const again = roundTrip(read);
    const expected = withSales();
    (expected.sales['s-1'] as { amount: number }).amount = 150;
    expected.sales['s-4'] = sale('e-3', 400);
    expected.sales['s-2'] = sale('e-2', 250);
    expect(again).toEqual(expected);
  });

  it('copies a decoded state deeply: a fold on the copy leaves the original as it was', () => {
    const read = roundTrip(withSales());
    expect(read.sales['s-1']?.amount).toBe(100); // read before the copy
    const copy = copyFactsState(read);
    (copy.sales['s-1'] as { amount: number }).amount = 1;
    (copy.sales['s-2'] as { reversed: boolean }).reversed = true; // read after the copy
    copy.sales['s-5'] = sale('e-5', 5);
    expect(read).toEqual(withSales());
    expect(copy.sales['s-2']?.reversed).toBe(true);
    expect(Object.keys(copy.sales)).toHaveLength(4);
  });

  it('still reads a snapshot written with the sales inside the state', () => {
    const state = withSales();
    const old = `${JSON.stringify(emptyRunning())}\n${serializeFactsState(state)}`;
    expect(decodeFold(old).state).toEqual(state);
  });
});
