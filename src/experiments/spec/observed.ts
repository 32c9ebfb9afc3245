// Observed dTAO history as data (docs/observed.md): data/observed/targets.csv, one row per dated,
// sourced observation, loaded and validated here. Each row says what was seen (a quantity, a statistic
// over a date or date range, a value and/or a band), where it comes from and how sure we are of it,
// and how the lab uses it: a `target` a calibration may fit or compare, an `input` that sets a genesis
// value, a `rule` the chain model encodes, a `practice` that motivates an agent family.
// Every error names the file, the line and the field, and lists the allowed values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { splitCsv } from '../csv.ts';

/** Day 0 of the lab's timeline: the dTAO launch, 2025-02-13 (UTC). */
export const LAUNCH_DATE = '2025-02-13';
const DAY_MS = 86_400_000;

export const OBSERVED_FILE = fileURLToPath(new URL('../../../data/observed/targets.csv', import.meta.url));

export const USES = ['target', 'input', 'rule', 'practice'] as const;
export type Use = (typeof USES)[number];
/** at: the value on dateFrom; mean / max / min: over the days dateFrom..dateTo inclusive. */
export const STATS = ['at', 'mean', 'max', 'min'] as const;
export type Stat = (typeof STATS)[number];
export const CONFIDENCES = ['P', 'N', 'C', 'P/C'] as const;

/**
 * The measurable quantities (docs/observed.md "Definitions"): what each means on the chain, and the
 * simulated series it is computed from. `series: null` marks a quantity the lab's runs do not record
 * yet; a calibration refuses to fit or compare such a target (calibrateTargets.ts says which).
 */
export const QUANTITIES: Readonly<Record<string, { meaning: string; unit: string; series: string | null }>> = {
  subnetCount: { meaning: 'subnets alive (root excluded)', unit: 'subnets', series: 'subnets: rows per sample' },
  maxPrice: { meaning: 'highest alpha spot price across subnets', unit: 'TAO/alpha', series: 'subnets.price' },
  minPrice: { meaning: 'lowest alpha spot price across subnets', unit: 'TAO/alpha', series: 'subnets.price' },
  sumPrices: { meaning: 'sum of alpha spot prices of all subnets alive (SoS)', unit: 'TAO/alpha', series: 'network.sumPrices' },
  topPoolTao: { meaning: 'TAO reserve of the largest pool', unit: 'TAO', series: 'subnets.taoIn' },
  topPoolPrice: { meaning: 'spot price of the subnet with the largest pool', unit: 'TAO/alpha', series: 'subnets.taoIn, subnets.price' },
  top1EmissionShare: { meaning: "largest subnet's share of TAO emission to subnets", unit: 'share', series: 'subnets.emissionShare' },
  top10EmissionShare: { meaning: "the 10 largest subnets' share of TAO emission to subnets", unit: 'share', series: 'subnets.emissionShare' },
  totalIssuance: { meaning: 'TAO issued (the chain total)', unit: 'TAO', series: 'network.totalIssuance' },
  netInflowPerEmitted: {
    meaning: 'net user TAO staked into subnets since the launch over TAO issued since the launch',
    unit: 'ratio', series: 'network.taoInflow − network.taoOutflow, network.totalIssuance',
  },
  alphaTaoShare: { meaning: 'alpha stake valued at spot over all staked TAO (root + alpha at spot)', unit: 'share', series: 'network.alphaTaoShare' },
  rootApy: { meaning: 'root staking yield, trailing 30 days, annualised', unit: '1/year', series: 'network.rootApy' },
  chainBuyShare: { meaning: "share of the block's TAO emission spent on chain buys", unit: 'share', series: null },
  // inputs, rules and practices (not computed from runs)
  poolTaoPerSubnet: { meaning: 'TAO in each pool at genesis', unit: 'TAO', series: null },
  subnetLimit: { meaning: 'the subnet cap', unit: 'subnets', series: null },
  validatorTake: { meaning: 'default and maximum validator take', unit: 'share', series: null },
  minerBurnShare: { meaning: "share of a subnet's miner emission its owner burns", unit: 'share', series: null },
  ownerTreasuryPump: { meaning: 'owners buying their own alpha from a treasury', unit: '–', series: null },
  rootTop5Share: { meaning: "the 5 largest root validators' share of delegated TAO", unit: 'share', series: null },
  flowEraStart: { meaning: 'start of flow-based emission shares', unit: 'date', series: null },
};

export interface ObservedTarget {
  id: string;
  use: Use;
  quantity: string;
  stat: Stat;
  /** The point value, when the source gives one (else NaN). */
  value: number;
  /** The band: lo or hi may be open (−Infinity / +Infinity) for a one-sided observation. */
  lo: number;
  hi: number;
  dateFrom: string;
  dateTo: string;
  /** Days since the launch (day 0 = 2025-02-13), dayTo = dayFrom for `at`. */
  dayFrom: number;
  dayTo: number;
  era: string;
  source: string;
  confidence: string;
  note: string;
  /** 1-based line in the file (for errors). */
  line: number;
}

export class ObservedError extends Error {
  override name = 'ObservedError';
}

const COLUMNS = ['id', 'use', 'quantity', 'stat', 'value', 'lo', 'hi', 'dateFrom', 'dateTo', 'era', 'source', 'confidence', 'note'] as const;

/** Days since the launch of an ISO date (YYYY-MM-DD); throws on anything else. */
export function dayOf(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const t = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== date) throw new Error(`${JSON.stringify(date)} is not a calendar date`);
  return Math.round((t - Date.parse(`${LAUNCH_DATE}T00:00:00Z`)) / DAY_MS);
}

/** The ISO date `day` days after the launch. */
export function dateOf(day: number): string {
  return new Date(Date.parse(`${LAUNCH_DATE}T00:00:00Z`) + day * DAY_MS).toISOString().slice(0, 10);
}

/** Parse and validate the targets CSV text. */
export function parseObserved(text: string, file = 'targets.csv'): ObservedTarget[] {
  const lines = text.split(/\r?\n/);
  const header = splitCsv(lines[0] ?? '');
  if (header.join(',') !== COLUMNS.join(',')) {
    throw new ObservedError(`${file}:1: the header must be exactly ${COLUMNS.join(',')}; got ${header.join(',')}`);
  }
  const out: ObservedTarget[] = [];
  const seen = new Set<string>();
  for (let k = 1; k < lines.length; k++) {
    const text = lines[k]!;
    if (text.trim() === '') continue;
    const line = k + 1;
    const fail = (field: string, detail: string): never => {
      throw new ObservedError(`${file}:${line}: ${field}: ${detail}`);
    };
    let cells: string[];
    try {
      cells = splitCsv(text);
    } catch (e) {
      return fail('row', (e as Error).message);
    }
    if (cells.length !== COLUMNS.length) fail('row', `has ${cells.length} fields; expected ${COLUMNS.length} (${COLUMNS.join(', ')})`);
    const c = Object.fromEntries(COLUMNS.map((name, i) => [name, cells[i]!.trim()])) as Record<(typeof COLUMNS)[number], string>;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(c.id)) fail('id', `${JSON.stringify(c.id)} is not an identifier (a letter, then letters, digits or _)`);
    if (seen.has(c.id)) fail('id', `${c.id} appears twice`);
    seen.add(c.id);
    if (!(USES as readonly string[]).includes(c.use)) fail('use', `${JSON.stringify(c.use)}; allowed: ${USES.join(', ')}`);
    if (!Object.hasOwn(QUANTITIES, c.quantity)) fail('quantity', `${JSON.stringify(c.quantity)} is not defined; allowed: ${Object.keys(QUANTITIES).join(', ')}`);
    if (!(STATS as readonly string[]).includes(c.stat)) fail('stat', `${JSON.stringify(c.stat)}; allowed: ${STATS.join(', ')}`);
    if (!(CONFIDENCES as readonly string[]).includes(c.confidence)) fail('confidence', `${JSON.stringify(c.confidence)}; allowed: ${CONFIDENCES.join(', ')}`);
    if (c.source === '') fail('source', 'is empty: say where the observation comes from');
    const number = (field: 'value' | 'lo' | 'hi', open: number): number => {
      if (c[field] === '') return open;
      const x = Number(c[field]);
      if (!Number.isFinite(x)) fail(field, `${JSON.stringify(c[field])} is not a finite number (or leave it empty)`);
      return x;
    };
    const value = number('value', Number.NaN);
    const lo = number('lo', -Infinity);
    const hi = number('hi', Infinity);
    if (lo > hi) fail('hi', `${hi} is below lo (${lo})`);
    if (c.use === 'target') {
      if (!Number.isFinite(lo) && !Number.isFinite(hi)) fail('lo', 'a target needs a band: lo, hi or both');
      if (Number.isFinite(lo) && Number.isFinite(hi) && !(hi > lo)) fail('hi', `a target's band must have width (lo ${lo} < hi ${hi})`);
      if (Number.isFinite(value) && !(value >= lo && value <= hi)) fail('value', `${value} lies outside its band [${lo}, ${hi}]`);
    }
    let dayFrom = 0, dayTo = 0;
    try {
      dayFrom = dayOf(c.dateFrom);
    } catch (e) {
      fail('dateFrom', (e as Error).message);
    }
    if (c.stat === 'at') {
      if (c.dateTo !== '' && c.dateTo !== c.dateFrom) fail('dateTo', 'must be empty (or equal dateFrom) for stat "at"');
      dayTo = dayFrom;
    } else {
      try {
        dayTo = dayOf(c.dateTo);
      } catch (e) {
        fail('dateTo', `${(e as Error).message} (stat ${c.stat} needs a date range)`);
      }
      if (dayTo < dayFrom) fail('dateTo', `${c.dateTo} is before dateFrom ${c.dateFrom}`);
    }
    out.push({
      id: c.id, use: c.use as Use, quantity: c.quantity, stat: c.stat as Stat, value, lo, hi,
      dateFrom: c.dateFrom, dateTo: c.stat === 'at' ? c.dateFrom : c.dateTo, dayFrom, dayTo,
      era: c.era, source: c.source, confidence: c.confidence, note: c.note, line,
    });
  }
  return out;
}

/** Load data/observed/targets.csv (or another file in the same format). */
export function loadObserved(file = OBSERVED_FILE): ObservedTarget[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ObservedError(`${file}: cannot read the observed targets: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseObserved(text, file);
}

/** The targets with these ids, in the order given; an unknown id or a non-target row names `path`. */
export function pickTargets(all: readonly ObservedTarget[], ids: readonly string[], path = 'targets'): ObservedTarget[] {
  const byId = new Map(all.map((t) => [t.id, t]));
  return ids.map((id, i) => {
    const t = byId.get(id);
    if (!t) throw new ObservedError(`${path}[${i}]: unknown target ${JSON.stringify(id)}; known targets: ${all.filter((x) => x.use === 'target').map((x) => x.id).join(', ')}`);
    if (t.use !== 'target') throw new ObservedError(`${path}[${i}]: ${id} is ${t.use === 'input' ? 'an' : 'a'} ${t.use}, not a target a calibration can fit`);
    return t;
  });
}
