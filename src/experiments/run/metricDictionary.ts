// The metric dictionary: every metric the lab records, described once (name, definition, unit,
// kind), used by the runner (the summary columns it writes are checked against it), the report
// (glossary, axis and table units), `lab metrics [--json]` and docs/metrics.md (generated from here;
// a test keeps the two equal). Definitions follow metrics.ts and runSummary.ts; change them together.
import { FAMILY_SERIES, NETWORK_SERIES, SUBNET_SERIES, SUMMARY_METRICS } from '../types.ts';

export type MetricKind = 'level' | 'share' | 'annual rate' | 'count' | 'ratio' | 'index' | 'time';
export type MetricScope = 'summary' | 'network' | 'subnet' | 'family';

export interface MetricDef {
  name: string;
  scope: MetricScope;
  definition: string;
  /** Unit as axes and tables show it ("TAO", "TAO/alpha", "days", "1" for a pure number). */
  unit: string;
  kind: MetricKind;
  /** What a missing value (NaN) means for this metric, when it can be missing. */
  missing?: string;
}

type Entry = Omit<MetricDef, 'name' | 'scope'>;

const SUMMARY: Record<(typeof SUMMARY_METRICS)[number], Entry> = {
  finalRootStakeShare: { definition: "Root share of validators' consensus stake weight at the end: taoWeight·root stake·(number of subnets) / (that + Σ staked alpha). Moves by definition when taoWeight changes.", unit: 'fraction', kind: 'share' },
  finalAlphaStakeShare: { definition: '1 − finalRootStakeShare.', unit: 'fraction', kind: 'share' },
  daysToAlphaParity: { definition: 'First sampled day on which the alpha share of stake weight reached ½.', unit: 'days', kind: 'time', missing: 'parity not reached within the horizon' },
  emissionGini: { definition: 'Gini coefficient of subnet emission shares at the end (0 equal … (n−1)/n one subnet).', unit: '1', kind: 'index', missing: 'no emission' },
  emissionHhi: { definition: 'Herfindahl–Hirschman index Σ s² of subnet emission shares at the end (1/n … 1).', unit: '1', kind: 'index', missing: 'no emission' },
  emissionNakamoto: { definition: 'Fewest subnets receiving more than half of the emission at the end.', unit: 'subnets', kind: 'count', missing: 'no emission' },
  meanEmissionHhi: { definition: 'Emission HHI averaged over the samples of the run.', unit: '1', kind: 'index', missing: 'no emission' },
  highQualityEmissionShare: { definition: "Share of the run's cumulative TAO emission that went to subnets of above-median latent quality.", unit: 'fraction', kind: 'share', missing: 'nothing emitted' },
  priceDispersion: { definition: 'Standard deviation of ln spot price across subnets at the end.', unit: 'ln(TAO/alpha)', kind: 'level' },
  maxPrice: { definition: 'Highest subnet spot price at the end.', unit: 'TAO/alpha', kind: 'level', missing: 'no subnets' },
  minPrice: { definition: 'Lowest subnet spot price at the end.', unit: 'TAO/alpha', kind: 'level', missing: 'no subnets' },
  sumPrices: { definition: 'Σ of subnet spot prices at the end (the chain compares it to 1).', unit: 'TAO/alpha', kind: 'level' },
  taoInPools: { definition: 'TAO in the subnet pools (root excluded) at the end.', unit: 'TAO', kind: 'level' },
  netTaoInflow: { definition: 'TAO staked into subnets by users minus TAO unstaked out of them, over the run.', unit: 'TAO', kind: 'level' },
  cartelRoi: { definition: "Cartel members' value at liquidation (alpha sold down each pool at once) / capital − 1, at the end.", unit: 'fraction of capital', kind: 'ratio', missing: 'no cartel agents' },
  honestRoi: { definition: 'Return of 1 TAO held passively on root over the run: root dividends per TAO of root stake, gross of take, compounded per sample window.', unit: 'fraction of capital', kind: 'ratio' },
  cartelMinerIncentiveShare: { definition: "Mean over subnets where cartel coldkeys hold a UID of the cartel UIDs' share of miner incentive at the last epoch.", unit: 'fraction', kind: 'share', missing: 'no cartel UID' },
  minerPayoutDispersion: { definition: 'Coefficient of variation of payout per miner UID (TAO at spot) across subnets, averaged over sample windows.', unit: '1', kind: 'ratio', missing: 'fewer than two subnets with miners' },
  minerSwitches: { definition: "Registrations after genesis by miner agents' hotkeys, per day (a miner moving subnets registers elsewhere). Validators' and owners' registrations are not counted.", unit: 'registrations/day', kind: 'count', missing: 'no miner agents in the population' },
  validatorRootYield: { definition: 'Root dividends (TAO) per TAO of root stake, time-averaged, as a simple annual rate (×7200×365).', unit: '1/year', kind: 'annual rate' },
  validatorAlphaYield: { definition: 'Alpha dividends (valued at spot when sampled) per TAO of staked alpha value, as a simple annual rate. Counts dividends only: the fall of alpha prices as emission adds supply is not netted, so it is not a return.', unit: '1/year', kind: 'annual rate' },
  rootStakeTao: { definition: 'TAO staked on root at the end (absolute level beside the shares).', unit: 'TAO', kind: 'level' },
  stakedAlpha: { definition: 'Alpha held as stake, summed over subnets, at the end (alpha of different subnets added as tokens).', unit: 'alpha', kind: 'level' },
  stakedAlphaValue: { definition: 'Staked alpha valued at each subnet\'s spot price, summed, at the end.', unit: 'TAO', kind: 'level' },
  rootNetUnstakedTao: { definition: 'Net TAO unstaked from root over the run (unstakes − stakes), root dividends excluded: TAO that stakers moved off root, to alpha or to free balance.', unit: 'TAO', kind: 'level' },
  rejectedActions: { definition: 'Agent actions the chain rejected (every reason but OK). A diagnostic.', unit: 'actions', kind: 'count' },
  conservationError: { definition: '|TAO issued − TAO held by accounts, pools, pending dividends, recycled and fees| / TAO issued, maximum over samples. A diagnostic.', unit: '1', kind: 'ratio' },
};

const NETWORK: Record<(typeof NETWORK_SERIES)[number], Entry> = {
  block: { definition: 'Block number of the sample.', unit: 'blocks', kind: 'time' },
  day: { definition: 'Day of the sample (block / 7200).', unit: 'days', kind: 'time' },
  totalIssuance: { definition: 'Total TAO issued.', unit: 'TAO', kind: 'level' },
  rootStakeShare: { definition: "Root share of validators' consensus stake weight (see finalRootStakeShare).", unit: 'fraction', kind: 'share' },
  alphaStakeShare: { definition: '1 − rootStakeShare.', unit: 'fraction', kind: 'share' },
  emissionGini: { definition: 'Gini coefficient of subnet emission shares.', unit: '1', kind: 'index' },
  emissionHhi: { definition: 'HHI of subnet emission shares.', unit: '1', kind: 'index' },
  emissionNakamoto: { definition: 'Fewest subnets receiving more than half of the emission.', unit: 'subnets', kind: 'count' },
  highQualityEmissionShare: { definition: 'Share of current emission to subnets of above-median latent quality.', unit: 'fraction', kind: 'share' },
  taoInPools: { definition: 'TAO in subnet pools (root excluded).', unit: 'TAO', kind: 'level' },
  taoInflow: { definition: 'User TAO staked into subnets since the last sample.', unit: 'TAO per sample', kind: 'level' },
  taoOutflow: { definition: 'User TAO unstaked from subnets since the last sample.', unit: 'TAO per sample', kind: 'level' },
  sumPrices: { definition: 'Σ of subnet spot prices.', unit: 'TAO/alpha', kind: 'level' },
  priceDispersion: { definition: 'Standard deviation of ln spot price across subnets.', unit: 'ln(TAO/alpha)', kind: 'level' },
  meanRootProp: { definition: 'Mean over subnets of the root proportion of the validator alpha split.', unit: 'fraction', kind: 'share' },
  subnetCount: { definition: 'Subnets alive at the sample (root excluded).', unit: 'subnets', kind: 'count' },
  medianPrice: { definition: 'Median alpha spot price across subnets.', unit: 'TAO/alpha', kind: 'level' },
  sumMovingPrices: { definition: "Σ of the chain's moving prices (SubnetMovingPrice) over subnets: the root-sell flag's quantity.", unit: 'TAO/alpha', kind: 'level' },
  top1EmissionShare: { definition: "The largest subnet's share of emission to subnets.", unit: 'fraction', kind: 'share' },
  top10EmissionShare: { definition: "The 10 largest subnets' share of emission to subnets.", unit: 'fraction', kind: 'share' },
  alphaTaoShare: { definition: 'Staked alpha at spot over all staked TAO (root + staked alpha at spot).', unit: 'fraction', kind: 'share' },
  rootApy: { definition: 'Root dividends (TAO) over the trailing 30 days per TAO on root, × 365/30.', unit: '1/year', kind: 'annual rate', missing: 'before day 30 (no 30-day window yet)' },
  rootDividendShare: { definition: "Root's share of validator dividends on the genesis subnets since the previous sample.", unit: 'fraction', kind: 'share' },
  positiveFlowSubnets: { definition: 'Subnets with net user TAO inflow since the previous sample.', unit: 'subnets', kind: 'count' },
};

const SUBNET: Record<(typeof SUBNET_SERIES)[number], Entry> = {
  block: { definition: 'Block number of the sample.', unit: 'blocks', kind: 'time' },
  netuid: { definition: 'Subnet id (netuid).', unit: '–', kind: 'index' },
  price: { definition: 'Spot price of the subnet pool.', unit: 'TAO/alpha', kind: 'level' },
  movingPrice: { definition: 'Moving (EMA) price used for emission shares.', unit: 'TAO/alpha', kind: 'level' },
  taoIn: { definition: 'TAO reserve of the pool.', unit: 'TAO', kind: 'level' },
  alphaIn: { definition: 'Alpha reserve of the pool.', unit: 'alpha', kind: 'level' },
  alphaOut: { definition: 'Alpha outstanding (staked, pending or protocol-held).', unit: 'alpha', kind: 'level' },
  emissionShare: { definition: "The subnet's share of block emission.", unit: 'fraction', kind: 'share' },
  netFlow: { definition: 'User TAO staked in minus unstaked out since the last sample.', unit: 'TAO per sample', kind: 'level' },
  flowEma: { definition: "EMA of net TAO flow (flow-based eras' emission input).", unit: 'TAO', kind: 'level' },
  miners: { definition: 'UIDs other than the owner that never set weights.', unit: 'UIDs', kind: 'count' },
  quality: { definition: "The subnet's latent quality (world input).", unit: '1', kind: 'index' },
};

const FAMILY: Record<(typeof FAMILY_SERIES)[number], Entry> = {
  block: { definition: 'Block number of the sample.', unit: 'blocks', kind: 'time' },
  family: { definition: 'Index of the agent family (familyName holds its name).', unit: '–', kind: 'index' },
  wealth: { definition: "Free TAO plus stakes at spot (root 1:1) over the family's coldkeys.", unit: 'TAO', kind: 'level' },
  capital: { definition: 'TAO the family brought at genesis.', unit: 'TAO', kind: 'level' },
  roi: { definition: 'wealth / capital − 1 (at spot: marks overstate illiquid alpha).', unit: 'fraction of capital', kind: 'ratio' },
  stakeShare: { definition: "The family's share of all stake value on the chain (root 1:1, alpha at spot).", unit: 'fraction', kind: 'share' },
};

const build = (scope: MetricScope, table: Record<string, Entry>): MetricDef[] =>
  Object.entries(table).map(([name, e]) => ({ name, scope, ...e }));

/** Every metric, summary first, then the series columns. */
export const METRICS: readonly MetricDef[] = Object.freeze([
  ...build('summary', SUMMARY), ...build('network', NETWORK), ...build('subnet', SUBNET), ...build('family', FAMILY),
]);

/** The summary or network definition of `name` (custom metrics have none). */
export function metricDef(name: string, scope?: MetricScope): MetricDef | undefined {
  return METRICS.find((m) => m.name === name && (scope === undefined || m.scope === scope))
    ?? (scope === undefined ? undefined : METRICS.find((m) => m.name === name));
}

/** "name (unit)" for an axis or a column head; the bare name when the unit is unknown or "1". */
export function withUnit(name: string, scope?: MetricScope): string {
  const d = metricDef(name, scope);
  return d && d.unit !== '1' && d.unit !== '–' ? `${name} (${d.unit})` : name;
}

/** The summary columns a run writes that the dictionary does not describe (a programming error). */
export function undescribed(columns: readonly string[]): string[] {
  return columns.filter((c) => !METRICS.some((m) => m.scope === 'summary' && m.name === c));
}

/** docs/metrics.md, generated from the dictionary (a test checks the committed file equals this). */
export function metricsMarkdown(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const section = (scope: MetricScope, title: string, intro: string) => {
    const rows = METRICS.filter((m) => m.scope === scope)
      .map((m) => `| \`${m.name}\` | ${esc(m.definition)}${m.missing ? ` Missing (NaN): ${esc(m.missing)}.` : ''} | ${esc(m.unit)} | ${m.kind} |`);
    return `## ${title}\n\n${intro}\n\n| metric | definition | unit | kind |\n|---|---|---|---|\n${rows.join('\n')}\n`;
  };
  return `# Metrics

Generated from \`src/experiments/run/metricDictionary.ts\` (\`npm run -s lab -- metrics\` prints the same; a test
keeps this file equal to the dictionary). Kinds: *level* (an amount), *share* (a fraction of a whole that can
move by definition when its denominator's parameters move, e.g. \`taoWeight\`), *annual rate*, *count*,
*ratio*, *index* (a concentration or a label), *time*. Reports print the same glossary and put the unit on
every axis and table.

${section('summary', 'Summary metrics (one value per run, `runs.csv`)', 'The runner writes these columns (plus custom metrics from the spec) for every run.')}
${section('network', 'Network series (`series/network/<run>.arrow`, `.csv`)', 'One row per sample.')}
${section('subnet', 'Subnet series (`series/subnets/<run>.arrow`, `.csv`)', 'One row per (sample, subnet).')}
${section('family', 'Family series (`series/families/<run>.arrow`, `.csv`)', 'One row per (sample, agent family).')}`;
}
