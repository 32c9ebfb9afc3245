// The experiment layer's contract: one RunConfig per (point, replication) in, one RunResult out,
// and the on-disk layout the runner writes and the report reads (docs/architecture.md "Results on disk").
import type { PopulationSpec, WorldSpec } from '../agents/types.ts';
import type { Point } from './spec/design.ts';
import type { SweepValues } from './spec/specSchema.ts';

export type ParamValue = number | string | boolean;

/** Everything one simulation needs: plain data (structured-cloneable to a worker). */
export interface RunConfig {
  experiment: string;
  run: number; // index in the sweep's run list (point-major: run = point * replications + replication)
  point: number;
  replication: number;
  seed: string; // derived from (spec seed, point, replication)
  ruleSet: string;
  chain: Record<string, unknown>; // rule-set overrides
  world: WorldSpec;
  population: PopulationSpec;
  horizon: number; // blocks
  sampleEvery: number; // blocks
  /** The swept and derived parameter values of this point, by path (e.g. "population.herder.herding"). */
  params: Record<string, ParamValue>;
  /** Custom metrics: name -> mathjs expression over summary metric names and params (compiled once per run). */
  metrics: Record<string, string>;
}

/** Columnar series: every column has the same length. */
export interface SeriesTable {
  columns: Record<string, Float64Array>;
}

export interface RunResult {
  run: number;
  point: number;
  replication: number;
  seed: string;
  params: Record<string, ParamValue>;
  status: 'ok' | 'failed';
  error?: string;
  durationMs: number;
  blocksSimulated: number;
  /**
   * The launch clock's block at the run's block 0 (world.genesis's `block`, else 0): the network series'
   * `date` is 2025-02-13 + (genesisBlock + block) / 7200 days. Absent: 0.
   */
  genesisBlock?: number;
  /** Summary metrics (SUMMARY_METRICS plus custom metrics). NaN where undefined. */
  summary: Record<string, number>;
  series: {
    /** One row per sample: NETWORK_SERIES columns. */
    network: SeriesTable;
    /** One row per (sample, subnet): SUBNET_SERIES columns. */
    subnets: SeriesTable;
    /** One row per (sample, family): FAMILY_SERIES columns; `family` indexes `families`. */
    families: SeriesTable;
  };
  families: string[];
  rejections: Record<string, number>;
}

export const NETWORK_SERIES = [
  'block', 'day',
  'totalIssuance',
  'rootStakeShare', // root share of validators' stake weight (taoWeight·root / (taoWeight·root + alpha staked))
  'alphaStakeShare', // 1 − rootStakeShare
  'emissionGini', 'emissionHhi', 'emissionNakamoto', // concentration of emission shares across subnets
  'highQualityEmissionShare', // share of emission to subnets whose latent quality is above the median
  'taoInPools', // TAO in subnet pools (excluding root)
  'taoInflow', 'taoOutflow', // user TAO staked into / unstaked from subnets since the last sample
  'sumPrices', // Σ spot prices
  'priceDispersion', // sd of ln spot prices across subnets
  'meanRootProp',
  // Set against the observed history (networkSeries.ts; docs/observed.md "Definitions"):
  'subnetCount', // subnets alive (root excluded)
  'medianPrice', // median alpha spot price across subnets
  'sumMovingPrices', // Σ of the chain's SubnetMovingPrice over subnets
  'top1EmissionShare', 'top10EmissionShare', // the largest / 10 largest subnets' share of emission to subnets
  'alphaTaoShare', // staked alpha at spot over all staked TAO (root + staked alpha at spot)
  'rootApy', // root dividends (TAO) over the trailing 30 days per TAO on root, annualised; NaN before 30 days
  'rootDividendShare', // root's share of validator dividends on the genesis subnets since the previous sample
  'positiveFlowSubnets', // subnets with net user TAO inflow since the previous sample
] as const;

export const SUBNET_SERIES = [
  'block', 'netuid', 'price', 'movingPrice', 'taoIn', 'alphaIn', 'alphaOut', 'emissionShare', 'netFlow', 'flowEma', 'miners', 'quality',
] as const;

export const FAMILY_SERIES = ['block', 'family', 'wealth', 'capital', 'roi', 'stakeShare'] as const;

export const SUMMARY_METRICS = [
  'finalRootStakeShare', 'finalAlphaStakeShare', 'daysToAlphaParity',
  'emissionGini', 'emissionHhi', 'emissionNakamoto', 'meanEmissionHhi',
  'highQualityEmissionShare', 'priceDispersion', 'maxPrice', 'minPrice', 'sumPrices',
  'taoInPools', 'netTaoInflow',
  'cartelRoi', 'honestRoi', 'cartelMinerIncentiveShare',
  'minerPayoutDispersion', 'minerSwitches',
  'validatorRootYield', 'validatorAlphaYield',
  // Absolute levels beside the shares (a share can move by definition when taoWeight is swept).
  'rootStakeTao', 'stakedAlpha', 'stakedAlphaValue', 'rootNetUnstakedTao',
  'rejectedActions', 'conservationError',
] as const;

/**
 * Results on disk: results/<experiment>/<specHash>/ (or under --out DIR)
 *   manifest.json                  spec, seeds, versions, commit, timings, status of every run
 *   runs.csv                       one row per run (run order): run, point, replication, seed, status, error,
 *                                  then one column per param path, then summary metrics
 *   runs.arrow, runs.parquet       the same, columnar, rewritten when the sweep (or merge) ends
 *   series/network/<run>.arrow     Arrow IPC file: NETWORK_SERIES columns + run, point, replication
 *   series/subnets/<run>.arrow     SUBNET_SERIES columns + run, point, replication
 *   series/families/<run>.arrow    FAMILY_SERIES columns + run, point, replication, and familyName (string)
 *   report.html, figures/*.svg, figures/*.png
 * <run> is the run index zero-padded to 6 digits. Each file is written to a temp name and renamed when complete.
 */
export const SERIES_KINDS = ['network', 'subnets', 'families'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];
export function seriesFileName(run: number): string {
  return `${String(run).padStart(6, '0')}.arrow`;
}

// ---- Specs: what parseSpec (spec.ts) returns. Here, not in spec.ts, so that the spec checks and the
// designs can name these types without importing the parser (no import circle).

/** What a spec parameter path names. */
export type Target =
  | { kind: 'chain'; key: string }
  | { kind: 'world'; key: keyof WorldSpec }
  | { kind: 'count'; family: string }
  | { kind: 'agent'; family: string; param: string }
  | { kind: 'var'; name: string }
  /** The rule set itself: the seed question compares eras under one population (e.g. root-vote vs launch). */
  | { kind: 'ruleSet' };

export type Design = 'grid' | 'random' | 'lhs' | 'morris' | 'sobol';

export interface SweepParam {
  key: string; // a path (chain.x, world.x, population.f.p, population.f.count) or a bare variable name
  target: Target;
  values: SweepValues;
  /** Drawn values are rounded: the range or distribution says so, or the target takes integers (counts, tempo…). */
  integer: boolean;
}

export interface DerivedParam {
  key: string;
  target: Target;
  expr: string;
}

/** A validated spec with defaults filled in and durations in blocks. */
export interface ExperimentSpec {
  name: string;
  description: string;
  ruleSet: string;
  horizon: number;
  sampleEvery: number;
  seed: string;
  replications: number;
  workers?: number;
  commonRandomNumbers: boolean;
  chain: Record<string, unknown>;
  world: WorldSpec;
  population: PopulationSpec;
  metrics: Record<string, string>;
  derived: DerivedParam[];
  /** n: points (random, lhs), trajectories (morris) or base rows (sobol); levels: Morris grid levels. */
  sweep: { design: Design; n?: number; levels?: number; parameters: SweepParam[] };
  /**
   * Observed targets (ids in data/observed/targets.csv) the report sets the runs against: those a
   * calibration fitted and those only compared (docs/calibration.md "The run report's fit"). Absent: none.
   */
  observed?: { fitted: string[]; compared: string[] };
}

export interface LoadedSpec {
  spec: ExperimentSpec;
  /** Results folder identity (12 hex digits); `workers` is left out since it cannot change results. */
  hash: string;
  /**
   * The design's points, built once when parseSpec checked them (pointsOf in spec/design.ts reads them, or
   * builds them for a LoadedSpec made some other way).
   */
  points?: readonly Point[];
  file?: string;
}
