import type { KpiId, KpiTemplate, LinearNormalisation } from '../policy/kpi.ts';
import { type PersonPeriodFacts, WEEKS_PER_MONTH } from './facts.ts';
import { mean, num, round } from './format.ts';

/** A raw KPI value with the arithmetic that produced it; `value` is null when undefined (÷ 0, no data). */
export type RawKpi = { readonly value: number | null; readonly formula: string };

/** One KPI of one person and period: raw value, its formula, and the normalised 0–100 points. */
export type KpiValue = {
  readonly kpi: KpiId;
  readonly name: string;
  readonly nameZh: string;
  readonly raw: number | null;
  readonly rawFormula: string;
  /** 0–100; 0 when the raw value is missing. */
  readonly normalised: number;
  readonly normalisationFormula: string;
  /** True when the facts could not define the KPI (no target, no sales, no ratings…). */
  readonly missing: boolean;
};

const ratio = (label: string, n: number, d: number, nLabel: string, dLabel: string): RawKpi =>
  d > 0
    ? { value: n / d, formula: `${label} = ${nLabel} ÷ ${dLabel} = ${num(n)} ÷ ${num(d)} = ${num(n / d)}` }
    : { value: null, formula: `${label} undefined: ${dLabel} is 0` };

const perWeek = (label: string, n: number, weeks: number): RawKpi => ({
  value: n / weeks,
  formula: `${label} per week = ${num(n)} ÷ ${num(weeks)} weeks = ${num(n / weeks)}`,
});

const perMonth = (label: string, n: number, weeks: number): RawKpi => {
  const months = weeks / WEEKS_PER_MONTH;
  return {
    value: n / months,
    formula: `${label} per month = ${num(n)} ÷ ${num(months)} months = ${num(n / months)}`,
  };
};

const meanOf = (label: string, xs: readonly number[]): RawKpi =>
  xs.length > 0
    ? { value: mean(xs), formula: `${label} = mean of ${xs.length} ratings = ${num(mean(xs))}` }
    : { value: null, formula: `${label} undefined: no ratings` };

/** Computes the raw value of one KPI from a person's period facts. */
export function rawKpi(kpi: KpiId, f: PersonPeriodFacts): RawKpi {
  switch (kpi) {
    case 'salesAmount':
      return perMonth('sales amount (fen)', f.salesAmount, f.weeks);
    case 'salesCompletionRate':
      return ratio('sales completion rate', f.salesAmount, f.target, 'actual sales', 'target');
    case 'collectionRate':
      return ratio('collection rate (回款率)', f.collectedAmount, f.salesAmount, 'collected', 'closed');
    case 'customerFollowUps':
      return perWeek('follow-ups', f.followUps, f.weeks);
    case 'teamCollaboration':
      return perMonth('collaboration credits', f.collaborationCredits, f.weeks);
    case 'avgDealSize':
      return ratio('average deal size (fen)', f.salesAmount, f.deals, 'sales amount', 'deals');
    case 'keyAccountSales':
      return perMonth('key-account sales (fen)', f.keyAccountSalesAmount, f.weeks);
    case 'customerRetentionRate':
      return ratio(
        'customer retention rate',
        f.customersRetained,
        f.customersRetained + f.customersChurned,
        'retained',
        '(retained + churned)',
      );
    case 'newCustomers':
      return perMonth('new customers', f.newCustomers, f.weeks);
    case 'grossMargin':
      return ratio('gross margin', f.grossMarginAmount, f.salesAmount, 'margin', 'sales amount');
    case 'expenseRatio':
      return ratio('expense ratio', f.expenses, f.salesAmount, 'expenses', 'sales amount');
    case 'salesCycleLength':
      return f.salesCycleDays.length > 0
        ? {
            value: mean(f.salesCycleDays),
            formula: `sales cycle = mean of ${f.salesCycleDays.length} deals = ${num(mean(f.salesCycleDays))} days`,
          }
        : { value: null, formula: 'sales cycle undefined: no deals with a known cycle' };
    case 'demos':
      return perWeek('demos', f.demos, f.weeks);
    case 'validOpportunities':
      return perWeek('valid opportunities', f.validOpportunities, f.weeks);
    case 'customerSatisfaction':
      return meanOf('customer satisfaction', f.customerRatings);
    case 'feedback360':
      return meanOf('360 feedback', f.feedback360Ratings);
    case 'attendance': {
      if (f.workingDays <= 0) return { value: null, formula: 'attendance undefined: no working days' };
      const effective = f.daysPresent - 0.5 * (f.lateArrivals + f.earlyLeaves);
      const value = effective / f.workingDays;
      return {
        value,
        formula: `attendance = (${num(f.daysPresent)} − ½ × (${num(f.lateArrivals)} + ${num(f.earlyLeaves)})) ÷ ${num(f.workingDays)} = ${num(value)}`,
      };
    }
    default: {
      const unknown: never = kpi;
      throw new TypeError(`unknown KPI ${String(unknown)}`);
    }
  }
}

const div = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * The raw value alone (no formula text), for bulk computation; identical arithmetic to `rawKpi`.
 */
export function rawKpiValue(kpi: KpiId, f: PersonPeriodFacts): number | null {
  const months = f.weeks / WEEKS_PER_MONTH;
  switch (kpi) {
    case 'salesAmount':
      return f.salesAmount / months;
    case 'salesCompletionRate':
      return div(f.salesAmount, f.target);
    case 'collectionRate':
      return div(f.collectedAmount, f.salesAmount);
    case 'customerFollowUps':
      return f.followUps / f.weeks;
    case 'teamCollaboration':
      return f.collaborationCredits / months;
    case 'avgDealSize':
      return div(f.salesAmount, f.deals);
    case 'keyAccountSales':
      return f.keyAccountSalesAmount / months;
    case 'customerRetentionRate':
      return div(f.customersRetained, f.customersRetained + f.customersChurned);
    case 'newCustomers':
      return f.newCustomers / months;
    case 'grossMargin':
      return div(f.grossMarginAmount, f.salesAmount);
    case 'expenseRatio':
      return div(f.expenses, f.salesAmount);
    case 'salesCycleLength':
      return f.salesCycleDays.length > 0 ? mean(f.salesCycleDays) : null;
    case 'demos':
      return f.demos / f.weeks;
    case 'validOpportunities':
      return f.validOpportunities / f.weeks;
    case 'customerSatisfaction':
      return f.customerRatings.length > 0 ? mean(f.customerRatings) : null;
    case 'feedback360':
      return f.feedback360Ratings.length > 0 ? mean(f.feedback360Ratings) : null;
    case 'attendance':
      return f.workingDays > 0
        ? (f.daysPresent - 0.5 * (f.lateArrivals + f.earlyLeaves)) / f.workingDays
        : null;
    default: {
      const unknown: never = kpi;
      throw new TypeError(`unknown KPI ${String(unknown)}`);
    }
  }
}

/** `clamp((raw − floor) ÷ (target − floor) × 100, 0, 100)`, rounded to 2 decimals. */
export function normalise(raw: number, n: LinearNormalisation): number {
  const points = ((raw - n.floor) / (n.target - n.floor)) * 100;
  return round(Math.min(100, Math.max(0, points)), 2);
}

/** Raw value, formula and normalised points of one KPI under a template. */
export function kpiValue(template: KpiTemplate, facts: PersonPeriodFacts): KpiValue {
  const raw = rawKpi(template.kpi, facts);
  const n = template.normalisation;
  const base = { kpi: template.kpi, name: template.name, nameZh: template.nameZh, rawFormula: raw.formula };
  if (raw.value === null) {
    return {
      ...base,
      raw: null,
      normalised: 0,
      missing: true,
      normalisationFormula: 'missing value scores 0 points',
    };
  }
  const points = normalise(raw.value, n);
  return {
    ...base,
    raw: raw.value,
    normalised: points,
    missing: false,
    normalisationFormula: `clamp((${num(raw.value)} − ${num(n.floor)}) ÷ (${num(n.target)} − ${num(n.floor)}) × 100, 0, 100) = ${num(points, 2)}`,
  };
}
