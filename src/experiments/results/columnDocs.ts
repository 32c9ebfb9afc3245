// What every results column means and in which unit, for Arrow field metadata and manifest.json, plus
// the manifest's description of the series files and of the agent parameters in force (defaults
// included). Units are the lab's: TAO and alpha as floats (not rao), shares in [0, 1], blocks of 12 s.
// "Not applicable" (a metric with no value in a run, a run with no error) is null in every format:
// an empty CSV field, an Arrow/Parquet null.
import { FAMILIES } from '../../agents/registry.ts';
import type { ExperimentSpec } from '../spec/spec.ts';
import { FAMILY_SERIES, NETWORK_SERIES, SUBNET_SERIES, type SeriesKind } from '../types.ts';

export interface ColumnDoc {
  unit: string;
  description: string;
}

/**
 * The metric dictionary's entry for a column (summary metric or series column), when it has one.
 * INTEGRATOR: the metric dictionary (docs/metrics.md, src/experiments/metrics dictionary) is written on
 * another branch; return its { unit, description } here. Until then only the columns below are described.
 */
export function metricDoc(_name: string, _kind?: SeriesKind | 'runs'): ColumnDoc | undefined {
  return undefined;
}

/** Columns of the lab's own making (identity and time), described here whatever the dictionary says. */
const STRUCTURAL: Record<string, ColumnDoc> = {
  run: { unit: 'index', description: 'run index in the sweep (point-major: run = point × replications + replication)' },
  point: { unit: 'index', description: "index of the design point (one combination of the swept parameters)" },
  replication: { unit: 'index', description: 'replication of the point (a different run seed)' },
  seed: { unit: 'hex', description: 'the run seed: first 16 hex digits of sha256 over (spec seed, point, replication)' },
  status: { unit: 'ok|failed', description: 'whether the run finished' },
  error: { unit: 'text', description: 'why the run failed; null when it did not' },
  block: { unit: 'block', description: 'chain block number of the sample (12-second blocks)' },
  day: { unit: 'day', description: 'block / 7200: days since block 0' },
  date: { unit: 'ISO date', description: 'UTC day of the sample on the launch clock: 2025-02-13 + (snapshot block + block) / 7200 days, rounded down (network series)' },
  netuid: { unit: 'netuid', description: 'subnet id' },
  family: { unit: 'index', description: 'agent family index (familyName gives its name)' },
  familyName: { unit: 'name', description: 'agent family' },
  miners: { unit: 'count', description: 'registered miners on the subnet' },
};

/** Series columns the metric dictionary may not cover (kept short: its entries take precedence). */
const SERIES: Record<string, ColumnDoc> = {
  totalIssuance: { unit: 'TAO', description: 'TAO issued in total' },
  rootStakeShare: { unit: 'share', description: "root's share of validators' stake weight: taoWeight·root / (taoWeight·root + alpha staked)" },
  alphaStakeShare: { unit: 'share', description: '1 − rootStakeShare' },
  emissionGini: { unit: 'share', description: 'Gini coefficient of emission shares across subnets' },
  emissionHhi: { unit: 'share', description: 'Herfindahl–Hirschman index of emission shares across subnets' },
  emissionNakamoto: { unit: 'count', description: 'fewest subnets holding half of the emission' },
  highQualityEmissionShare: { unit: 'share', description: 'emission share of subnets with latent quality above the median' },
  taoInPools: { unit: 'TAO', description: 'TAO in subnet pools (root excluded)' },
  taoInflow: { unit: 'TAO', description: 'user TAO staked into subnets since the previous sample' },
  taoOutflow: { unit: 'TAO', description: 'user TAO unstaked from subnets since the previous sample' },
  sumPrices: { unit: 'TAO/alpha', description: 'sum of subnet spot prices' },
  priceDispersion: { unit: 'ln(TAO/alpha)', description: 'standard deviation of ln spot price across subnets' },
  meanRootProp: { unit: 'share', description: "mean over subnets of the chain's root proportion" },
  subnetCount: { unit: 'subnets', description: 'subnets alive (root excluded)' },
  medianPrice: { unit: 'TAO/alpha', description: 'median alpha spot price across subnets' },
  sumMovingPrices: { unit: 'TAO/alpha', description: "sum of the chain's SubnetMovingPrice over subnets" },
  top1EmissionShare: { unit: 'share', description: "the largest subnet's share of emission to subnets" },
  top10EmissionShare: { unit: 'share', description: "the 10 largest subnets' share of emission to subnets" },
  alphaTaoShare: { unit: 'share', description: 'staked alpha valued at spot over all staked TAO (root + staked alpha at spot)' },
  rootApy: { unit: '1/year', description: 'TAO paid to root stakers over the trailing 30 days per TAO on root, × 365/30; null before day 30' },
  rootDividendShare: { unit: 'share', description: "root's share of validator dividends on the subnets present at block 0 since the previous sample: root TAO / (root TAO + alpha dividends at spot)" },
  positiveFlowSubnets: { unit: 'subnets', description: 'subnets with net user TAO inflow since the previous sample' },
  price: { unit: 'TAO/alpha', description: 'spot price taoIn / alphaIn' },
  movingPrice: { unit: 'TAO/alpha', description: "the chain's SubnetMovingPrice" },
  taoIn: { unit: 'TAO', description: "TAO reserve of the subnet's pool (SubnetTAO)" },
  alphaIn: { unit: 'alpha', description: "alpha reserve of the subnet's pool (SubnetAlphaIn)" },
  alphaOut: { unit: 'alpha', description: 'alpha outside the pool (SubnetAlphaOut)' },
  emissionShare: { unit: 'share', description: "the subnet's share of block emission" },
  netFlow: { unit: 'TAO', description: 'net user TAO staked into the subnet since the previous sample' },
  flowEma: { unit: 'TAO', description: "the chain's flow EMA (flow rule sets; 0 before)" },
  quality: { unit: 'share', description: "the subnet's latent quality (the lab's, not the chain's)" },
  wealth: { unit: 'TAO', description: "the family's spot wealth: free TAO plus stake at spot prices" },
  capital: { unit: 'TAO', description: "the family's capital at genesis" },
  roi: { unit: 'ratio', description: 'wealth / capital − 1' },
  stakeShare: { unit: 'share', description: "the family's share of all stake value" },
};

/** A column's unit and description, or undefined when nothing describes it (a custom metric, a parameter). */
export function columnDoc(name: string, kind: SeriesKind | 'runs'): ColumnDoc | undefined {
  return STRUCTURAL[name] ?? metricDoc(name, kind) ?? (kind === 'runs' ? undefined : SERIES[name]);
}

/** Columns stored as 32-bit integers (the rest of the series are float64). */
export const INTEGER_COLUMNS: ReadonlySet<string> = new Set(['run', 'point', 'replication', 'block', 'netuid', 'family', 'miners']);

/** A parameter path as a name every data frame tool takes unquoted: `population.herder.herding` → `population_herder_herding`. */
export function safeAlias(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

const SERIES_ROWS: Record<SeriesKind, string> = {
  network: 'one row per sample',
  subnets: 'one row per (sample, subnet)',
  families: 'one row per (sample, agent family)',
};

/** The manifest's description of the series files: path, rows, and each column with its type and unit. */
export function describeSeries(): Record<SeriesKind, { path: string; rows: string; columns: Array<{ name: string; type: string } & Partial<ColumnDoc>> }> {
  const cols = (kind: SeriesKind, names: readonly string[]) => {
    const all = [...names, ...(names.includes('day') ? [] : ['day']), 'run', 'point', 'replication', ...(kind === 'families' ? ['familyName'] : [])];
    return all.map((name) => ({ name, type: name === 'familyName' ? 'utf8' : INTEGER_COLUMNS.has(name) ? 'int32' : 'float64', ...columnDoc(name, kind) }));
  };
  return {
    network: { path: 'series/network/<run>.arrow', rows: SERIES_ROWS.network, columns: cols('network', NETWORK_SERIES) },
    subnets: { path: 'series/subnets/<run>.arrow', rows: SERIES_ROWS.subnets, columns: cols('subnets', SUBNET_SERIES) },
    families: { path: 'series/families/<run>.arrow', rows: SERIES_ROWS.families, columns: cols('families', FAMILY_SERIES) },
  };
}

/**
 * Every agent parameter in force, by family: the spec's value (or distribution) where it gives one,
 * the family's default otherwise, and `swept` where the sweep sets it per point (its values are in runs.csv).
 */
export function agentParametersInForce(spec: ExperimentSpec): Record<string, { count: number | 'swept'; params: Record<string, { value: unknown; source: 'spec' | 'default' | 'swept' }> }> {
  const swept = new Set([...spec.sweep.parameters.map((p) => p.key), ...spec.derived.map((d) => d.key)]);
  const out: ReturnType<typeof agentParametersInForce> = {};
  for (const entry of spec.population) {
    const family = FAMILIES[entry.family];
    const params: Record<string, { value: unknown; source: 'spec' | 'default' | 'swept' }> = {};
    for (const doc of family?.params ?? []) {
      const given = entry.params?.[doc.name];
      params[doc.name] = swept.has(`population.${entry.family}.${doc.name}`)
        ? { value: given ?? doc.default, source: 'swept' }
        : given !== undefined ? { value: given, source: 'spec' } : { value: doc.default, source: 'default' };
    }
    out[entry.family] = { count: swept.has(`population.${entry.family}.count`) ? 'swept' : entry.count, params };
  }
  return out;
}
