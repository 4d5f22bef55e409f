import { dayOf, monthLabel, monthName, shortDate, type Period } from './periods';
import { CLOUDFRONT, CLOUDWATCH, DYNAMODB, EC2, EKS, LAMBDA, RDS, S3 } from './serviceCatalogue';

/**
 * A deterministic synthetic AWS account: every figure is a pure function of the service
 * and the UTC day, so the same question on the same day always gets the same numbers.
 */
export interface ServiceProfile {
  /** The product name, as the catalogue spells it ("Amazon EC2"). */
  name: string;
  monthlyUsd: number;
  /** Relative growth per year. */
  growth: number;
  /** Weekday spend relative to weekend spend. */
  weekdayFactor: number;
  usageTypes: Array<[name: string, share: number]>;
}

export const SERVICES: readonly ServiceProfile[] = [
  {
    name: EC2,
    monthlyUsd: 4820,
    growth: 0.14,
    weekdayFactor: 1.18,
    usageTypes: [
      ['On-Demand instances', 0.58],
      ['EBS volumes', 0.17],
      ['NAT gateway', 0.11],
      ['Data transfer out', 0.09],
      ['Elastic IPs and other', 0.05],
    ],
  },
  {
    name: RDS,
    monthlyUsd: 2140,
    growth: 0.08,
    weekdayFactor: 1.02,
    usageTypes: [
      ['DB instances (Multi-AZ)', 0.71],
      ['Storage (gp3)', 0.16],
      ['Backup storage', 0.08],
      ['I/O and data transfer', 0.05],
    ],
  },
  {
    name: S3,
    monthlyUsd: 1065,
    growth: 0.22,
    weekdayFactor: 1.04,
    usageTypes: [
      ['Standard storage', 0.52],
      ['Requests (PUT/GET)', 0.21],
      ['Data transfer out', 0.17],
      ['Glacier Instant Retrieval', 0.1],
    ],
  },
  {
    name: EKS,
    monthlyUsd: 890,
    growth: 0.3,
    weekdayFactor: 1.12,
    usageTypes: [
      ['Fargate vCPU', 0.46],
      ['Fargate memory', 0.24],
      ['Cluster hours', 0.3],
    ],
  },
  {
    name: CLOUDFRONT,
    monthlyUsd: 615,
    growth: 0.18,
    weekdayFactor: 1.09,
    usageTypes: [
      ['Data transfer out', 0.78],
      ['HTTPS requests', 0.22],
    ],
  },
  {
    name: DYNAMODB,
    monthlyUsd: 430,
    growth: 0.25,
    weekdayFactor: 1.1,
    usageTypes: [
      ['On-demand read/write', 0.64],
      ['Storage', 0.21],
      ['Point-in-time recovery', 0.15],
    ],
  },
  {
    name: LAMBDA,
    monthlyUsd: 342,
    growth: 0.35,
    weekdayFactor: 1.2,
    usageTypes: [
      ['Compute (GB-seconds)', 0.83],
      ['Requests', 0.17],
    ],
  },
  {
    name: CLOUDWATCH,
    monthlyUsd: 268,
    growth: 0.1,
    weekdayFactor: 1.0,
    usageTypes: [
      ['Logs ingestion', 0.61],
      ['Metrics', 0.27],
      ['Alarms and dashboards', 0.12],
    ],
  },
];

const DAY_MS = 86_400_000;
// The day the profiles' monthly figures describe; growth is measured from here.
const REFERENCE_DAY = 20_000;

/** FNV-1a, for stable pseudo-random noise. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function noise(key: string): number {
  return (hash32(key) / 4294967295) * 2 - 1;
}

export function dateOfDay(day: number): Date {
  return new Date(day * DAY_MS);
}

/** A spike on this day, if the dataset has one: the factor it multiplies the cost by. */
export function spikeFactor(service: ServiceProfile, day: number): number {
  const h = hash32(`${service.name}:spike:${day}`);
  return h % 97 === 0 ? 1.8 + (h % 1000) / 1000 : 1;
}

export function baselineCost(service: ServiceProfile, day: number): number {
  const growth = Math.max(0.3, 1 + (service.growth * (day - REFERENCE_DAY)) / 365);
  const weekday = (day + 4) % 7; // day 0 was a Thursday; 0 = Sunday
  const weekFactor = weekday === 0 || weekday === 6 ? 1 : service.weekdayFactor;
  const weekAverage = (5 * service.weekdayFactor + 2) / 7;
  return ((service.monthlyUsd * 12) / 365) * growth * (weekFactor / weekAverage);
}

/** The cost of one service on one UTC day, in USD. */
export function dailyCost(service: ServiceProfile, day: number): number {
  const jitter = 1 + 0.06 * noise(`${service.name}:${day}`);
  return round2(baselineCost(service, day) * jitter * spikeFactor(service, day));
}

export function serviceCost(service: ServiceProfile, period: Period): number {
  let total = 0;
  for (let day = period.start; day < period.end; day++) total += dailyCost(service, day);
  return round2(total);
}

export interface ServiceCostLine {
  service: ServiceProfile;
  cost: number;
  previous: number;
}

/** Cost per service over the period and the one it is compared with, most expensive first. */
export function costByService(period: Period, before: Period): ServiceCostLine[] {
  return SERVICES.map((service) => ({
    service,
    cost: serviceCost(service, period),
    previous: serviceCost(service, before),
  })).sort((a, b) => b.cost - a.cost);
}

/** A slice of the dataset: a whole service (share 1), or one of its usage types. */
export interface CostPart {
  service: ServiceProfile;
  share: number;
  usageType?: string;
}

export function wholeServices(services: readonly ServiceProfile[] = SERVICES): CostPart[] {
  return services.map((service) => ({ service, share: 1 }));
}

/** Each usage type of the services as a part of its own. */
export function usageTypeParts(services: readonly ServiceProfile[] = SERVICES): CostPart[] {
  return services.flatMap((service) =>
    service.usageTypes.map(([usageType, share]) => ({ service, share, usageType })),
  );
}

export function partsCost(parts: readonly CostPart[], period: Period): number {
  return round2(parts.reduce((sum, p) => sum + serviceCost(p.service, period) * p.share, 0));
}

export interface CostBucket {
  label: string;
  cost: number;
}

/**
 * The period's cost in chart-sized buckets: days up to a month, weeks up to a quarter,
 * months beyond.
 */
export function costBuckets(
  period: Period,
  parts: readonly CostPart[] = wholeServices(),
): CostBucket[] {
  const length = period.end - period.start;
  const buckets: CostBucket[] = [];
  const add = (label: string, from: number, to: number) => {
    let cost = 0;
    for (let day = from; day < to; day++) {
      for (const p of parts) cost += dailyCost(p.service, day) * p.share;
    }
    buckets.push({ label, cost: round2(cost) });
  };
  if (length <= 31) {
    for (let day = period.start; day < period.end; day++) add(shortDate(day), day, day + 1);
  } else if (length <= 120) {
    for (let day = period.start; day < period.end; day += 7) {
      add(`wk ${shortDate(day)}`, day, Math.min(day + 7, period.end));
    }
  } else {
    let from = period.start;
    while (from < period.end) {
      const d = dateOfDay(from);
      const next = dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      const to = Math.min(next, period.end);
      add(monthLabel(from), from, to);
      from = to;
    }
  }
  return buckets;
}

export interface Forecast {
  /** The current month, "November 2026". */
  monthName: string;
  monthToDate: number;
  /** The whole current month: actual to date plus the projected rest. */
  monthExpected: number;
  /** The next calendar month, "December 2026". */
  nextMonthName: string;
  nextMonth: number;
  low: number;
  high: number;
  /** The last complete month, for comparison. */
  lastMonthName: string;
  lastMonth: number;
}

/** A least-squares trend over the last 90 days, projected to the end of next month. */
export function forecast(nowMs: number, services: readonly ServiceProfile[] = SERVICES): Forecast {
  const today = dayOf(nowMs);
  const history: number[] = [];
  for (let day = today - 90; day < today; day++) {
    history.push(services.reduce((sum, s) => sum + baselineCost(s, day), 0));
  }
  const n = history.length;
  const meanX = (n - 1) / 2;
  const meanY = history.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  history.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  const slope = sxy / sxx;
  // Day `day` (today or later) on the trend line.
  const trend = (day: number) => meanY + slope * (n + day - today - meanX);
  const actual = (from: number, to: number) => {
    let cost = 0;
    for (let day = from; day < to; day++) for (const s of services) cost += dailyCost(s, day);
    return cost;
  };
  const projected = (from: number, to: number) => {
    let cost = 0;
    for (let day = from; day < to; day++) cost += trend(day);
    return cost;
  };
  const now = new Date(nowMs);
  const monthStart = (back: number) =>
    dayOf(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + back, 1));
  const monthToDate = actual(monthStart(0), today);
  const nextMonth = projected(monthStart(1), monthStart(2));
  return {
    monthName: monthName(monthStart(0)),
    monthToDate: round2(monthToDate),
    monthExpected: round2(monthToDate + projected(today, monthStart(1))),
    nextMonthName: monthName(monthStart(1)),
    nextMonth: round2(nextMonth),
    low: round2(nextMonth * 0.94),
    high: round2(nextMonth * 1.07),
    lastMonthName: monthName(monthStart(-1)),
    lastMonth: round2(actual(monthStart(-1), monthStart(0))),
  };
}

export interface Anomaly {
  service: ServiceProfile;
  day: number;
  expected: number;
  actual: number;
}

export function anomalies(
  period: Period,
  services: readonly ServiceProfile[] = SERVICES,
): Anomaly[] {
  const found: Anomaly[] = [];
  for (const service of services) {
    for (let day = period.start; day < period.end; day++) {
      if (spikeFactor(service, day) === 1) continue;
      found.push({
        service,
        day,
        expected: round2(baselineCost(service, day)),
        actual: dailyCost(service, day),
      });
    }
  }
  return found.sort((a, b) => b.day - a.day || b.actual - b.expected - (a.actual - a.expected));
}

export interface Budget {
  name: string;
  /** Services the budget covers; all when empty. */
  services: readonly ServiceProfile[];
  amountUsd: number;
}

/**
 * The account's budgets, set a little above or below the current run rate (which grows),
 * so that some are on track and some are not whatever the date.
 */
export function budgets(nowMs: number): Budget[] {
  const pick = (...names: string[]) => SERVICES.filter((s) => names.includes(s.name));
  const budget = (name: string, services: readonly ServiceProfile[], factor: number): Budget => {
    const day = dayOf(nowMs);
    const runRate = services.reduce((sum, s) => sum + baselineCost(s, day), 0) * 30.4;
    return { name, services, amountUsd: Math.round((runRate * factor) / 50) * 50 };
  };
  return [
    budget('Monthly total', SERVICES, 1.06),
    budget('EC2 compute', pick(EC2), 0.96),
    budget('Databases', pick(RDS, DYNAMODB), 1.18),
    budget('Containers and serverless', pick(EKS, LAMBDA), 1.02),
  ];
}

export interface BudgetStatus {
  budget: Budget;
  monthToDate: number;
  forecastMonth: number;
}

export function budgetStatus(budget: Budget, nowMs: number): BudgetStatus {
  const f = forecast(nowMs, budget.services);
  return { budget, monthToDate: f.monthToDate, forecastMonth: f.monthExpected };
}

export interface Recommendation {
  check: string;
  resourceId: string;
  region: string;
  current: string;
  recommended: string;
  utilisation: string;
  monthlySavingsUsd: number;
}

/** Trusted Advisor / Compute Optimizer findings; stable for a given account. */
export function recommendations(): Recommendation[] {
  const instance = (n: number) =>
    `i-0${hash32(`instance-${n}`).toString(16).padStart(8, '0')}${n}a7`;
  return [
    {
      check: 'Low utilization EC2 instance',
      resourceId: instance(1),
      region: 'us-east-1',
      current: 'm5.2xlarge',
      recommended: 'm5.xlarge',
      utilisation: 'CPU avg 9%, max 31%',
      monthlySavingsUsd: 140.16,
    },
    {
      check: 'Low utilization EC2 instance',
      resourceId: instance(2),
      region: 'us-east-1',
      current: 'c5.4xlarge',
      recommended: 'c6g.2xlarge',
      utilisation: 'CPU avg 14%, max 42%',
      monthlySavingsUsd: 298.3,
    },
    {
      check: 'Over-provisioned EC2 instance',
      resourceId: instance(3),
      region: 'eu-west-1',
      current: 'r5.2xlarge',
      recommended: 'r6g.xlarge',
      utilisation: 'Memory avg 22%',
      monthlySavingsUsd: 221.19,
    },
    {
      check: 'Idle RDS DB instance',
      resourceId: 'db-reporting-staging',
      region: 'us-east-1',
      current: 'db.m5.large',
      recommended: 'stop or delete',
      utilisation: '0 connections in 14 days',
      monthlySavingsUsd: 124.1,
    },
    {
      check: 'Underutilized EBS volume',
      resourceId: `vol-0${hash32('volume-1').toString(16).padStart(8, '0')}`,
      region: 'us-west-2',
      current: 'gp2 1,000 GiB',
      recommended: 'gp3 500 GiB',
      utilisation: 'unattached 23 days',
      monthlySavingsUsd: 60,
    },
  ];
}

export interface SavingsPlansCoverage {
  eligibleUsd: number;
  coveredUsd: number;
  utilisation: number;
  recommendedHourlyCommitmentUsd: number;
  estimatedMonthlySavingsUsd: number;
}

export function savingsPlansCoverage(period: Period): SavingsPlansCoverage {
  const eligible = SERVICES.filter((s) => [EC2, EKS, LAMBDA].includes(s.name));
  const eligibleUsd = round2(
    eligible.reduce((sum, s) => sum + serviceCost(s, period) * share(s), 0),
  );
  const coveredUsd = round2(eligibleUsd * 0.58);
  const days = period.end - period.start;
  const uncoveredPerHour = (eligibleUsd - coveredUsd) / (days * 24);
  const hourly = Math.round(uncoveredPerHour * 0.7 * 100) / 100;
  return {
    eligibleUsd,
    coveredUsd,
    utilisation: 0.964,
    recommendedHourlyCommitmentUsd: hourly,
    estimatedMonthlySavingsUsd: round2(hourly * 730 * 0.27),
  };
}

function share(service: ServiceProfile): number {
  // Only compute usage is eligible for Compute Savings Plans.
  return service.name === EC2 ? 0.58 : service.name === EKS ? 0.7 : 0.83;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Totals of the last `months` complete calendar months, oldest first. */
export function monthlyTotals(
  nowMs: number,
  months: number,
  services: readonly ServiceProfile[] = SERVICES,
): CostBucket[] {
  const now = new Date(nowMs);
  const buckets: CostBucket[] = [];
  for (let back = months; back >= 1; back--) {
    const start = dayOf(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const end = dayOf(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 1));
    let cost = 0;
    for (let day = start; day < end; day++) {
      for (const s of services) cost += dailyCost(s, day);
    }
    buckets.push({ label: monthLabel(start), cost: round2(cost) });
  }
  return buckets;
}
