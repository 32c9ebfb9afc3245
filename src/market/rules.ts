// Rule sets: the chain's eras as named records of strategy choices and parameters.
// Every field can be overridden (and swept) by an experiment spec via `resolveRules`.
// Sources: docs/chain-rules.md (§ numbers below) and the subtensor files cited there. What each field
// is and may be set to: ruleParams.ts.
import { ParamError, type PathSeg, checkScalar, isBooleanParam } from './params.ts';
import { RULE_PARAMS, ruleParam } from './ruleParams.ts';

export type RuleSetName = 'launch-2025-02' | 'flow-2025-11' | 'current-2026-06' | 'root-vote';
export const RULE_SET_NAMES: readonly RuleSetName[] = ['launch-2025-02', 'flow-2025-11', 'current-2026-06', 'root-vote'];

export interface RuleSet {
  name: RuleSetName;
  description: string;
  // §1 block emission
  blockEmission: number; // TAO per block before any halving (DefaultBlockEmission = 1 TAO)
  totalSupply: number; // 21M TAO; alpha uses the same schedule on its own issuance
  // §2 subnet shares
  shareMode: 'price-ema' | 'flow-ema' | 'root-vote';
  emaForm: 'launch' | 'halving'; // §2.3: plain alpha (launch) or alpha·b/(b+halvingBlocks)
  movingAlpha: number; // SubnetMovingAlpha (3e-6 per block)
  emaPriceHalvingBlocks: number; // EMAPriceHalvingBlocks (201_600)
  minerBurnWeighting: boolean; // §2.2 HEAD: share ∝ EMAprice·(1 − MinerBurned)
  flowEmaAlpha: number; // §2.4 FlowEmaSmoothingFactor / i64::MAX ≈ 3.209e-6
  flowCutoff: number; // TaoFlowCutoff (TAO)
  flowNormExponent: number; // FlowNormExponent p
  rootVoteTopK: number; // root-vote counterfactual: top-k root validators by stake vote
  // §3 injection
  injection: 'launch' | 'excess' | 'current';
  // §4 distribution
  ownerCut: number; // SubnetOwnerCut/65535 = 0.18
  taoWeight: number; // TaoWeight (0.18 on mainnet since migrate_rao)
  rootDividends: 'sell-each-block' | 'claim'; // §4.4 launch: sold to TAO every block; later: claimable alpha
  rootSellFlag: boolean; // §4.1 root alpha paid only while Σ EMA prices > 1, else recycled (Nov/Dec 2025+)
  epochSchedule: 'staggered' | 'dynamic'; // §4.3 (block+netuid+1)%(tempo+1)==0, or block − lastEpoch ≥ tempo
  tempo: number;
  maxEpochsPerBlock: number; // dynamic schedule only
  defaultTake: number; // validator take (Delegates/65535 = 0.18)
  // §5 staking
  minStake: number; // TAO
  flatStakingFee: number; // TAO per stake/unstake, added back to the pool (launch 50_000 rao)
  // §6 pools
  pool: 'constant-product' | 'weighted';
  poolFeeRate: number; // fraction of input
  poolFeeTo: 'pool' | 'author'; // v3: re-added to reserves; HEAD: to the block author (leaves the system here)
  minReserve: number; // TAO / alpha
  maxInputMultiplier: number;
  minWeight: number;
  // §7 Yuma
  yuma: 'yuma2' | 'yuma3';
  kappa: number;
  bondsMovingAverage: number;
  bondsPenalty: number;
  liquidAlpha: null | { low: number; high: number; steepness: number };
  maxValidators: number;
  maxUids: number;
  immunityPeriod: number;
  activityCutoff: number;
  // §8 registration
  networkMinLockCost: number; // TAO
  networkLockReductionInterval: number; // blocks
  networkRateLimit: number; // blocks between subnet registrations
  networkImmunityPeriod: number; // blocks
  subnetLimit: number; // 0 = no pruning (launch)
  lockToPool: 'min-lock' | 'all'; // §6.4 launch: min lock into the pool, rest burned; HEAD: all into the pool
  neuronBurnMode: 'adjust' | 'decay'; // §8.3 interval adjustment (old) or per-block half-life decay (HEAD)
  neuronBurnInitial: number; // TAO
  neuronBurnMin: number;
  neuronBurnMax: number;
  burnHalfLife: number; // blocks (decay mode)
  burnIncreaseMult: number; // decay mode
  burnAdjustInterval: number; // adjust mode (100 blocks)
  burnTargetRegs: number; // adjust mode: target registrations per interval
  burnAdjustAlpha: number; // adjust mode smoothing (AdjustmentAlpha/u64::MAX)
  immuneOwnerUids: number; // ImmuneOwnerUidsLimit
  minNonImmuneUids: number;
}

const COMMON = {
  blockEmission: 1,
  totalSupply: 21_000_000,
  movingAlpha: 0.000003,
  emaPriceHalvingBlocks: 201_600,
  flowEmaAlpha: 29_597_889_189_277 / 9_223_372_036_854_775_807,
  flowCutoff: 0,
  flowNormExponent: 1,
  rootVoteTopK: 64,
  ownerCut: 11_796 / 65_535,
  taoWeight: 3_320_413_933_267_719_290 / 18_446_744_073_709_551_615,
  tempo: 360,
  maxEpochsPerBlock: 2,
  defaultTake: 11_796 / 65_535,
  kappa: 32_767 / 65_535,
  bondsMovingAverage: 0.9,
  bondsPenalty: 1,
  maxValidators: 64,
  maxUids: 256,
  immunityPeriod: 5000,
  activityCutoff: 5000,
  networkMinLockCost: 1,
  networkLockReductionInterval: 100_800,
  networkRateLimit: 7200,
  minWeight: 0.01,
  neuronBurnMin: 0.0005,
  neuronBurnMax: 100,
  burnHalfLife: 360,
  burnIncreaseMult: 1.26,
  burnAdjustInterval: 100,
  burnTargetRegs: 2,
  burnAdjustAlpha: 0.9,
  immuneOwnerUids: 1,
  minNonImmuneUids: 10,
} as const;

const LAUNCH: RuleSet = {
  ...COMMON,
  name: 'launch-2025-02',
  description: 'dTAO launch (Feb 2025): constant-product pools, shares ∝ moving price, root alpha sold to TAO every block',
  shareMode: 'price-ema',
  emaForm: 'launch',
  minerBurnWeighting: false,
  injection: 'launch',
  rootDividends: 'sell-each-block',
  rootSellFlag: false,
  epochSchedule: 'staggered',
  minStake: 0.0005,
  flatStakingFee: 0.00005,
  pool: 'constant-product',
  poolFeeRate: 0,
  poolFeeTo: 'pool',
  minReserve: 0.01,
  maxInputMultiplier: Infinity,
  yuma: 'yuma2',
  liquidAlpha: null,
  networkImmunityPeriod: 50_400,
  subnetLimit: 0,
  lockToPool: 'min-lock',
  neuronBurnMode: 'adjust',
  neuronBurnInitial: 0.1,
};

const FLOW: RuleSet = {
  ...LAUNCH,
  name: 'flow-2025-11',
  description: 'TAO-flow era (Nov 2025): shares from the net TAO-flow EMA, swap-v3 fee, root dividends claimable, 128-subnet limit',
  shareMode: 'flow-ema',
  emaForm: 'halving',
  injection: 'excess',
  rootDividends: 'claim',
  rootSellFlag: true,
  minStake: 0.002,
  flatStakingFee: 0,
  poolFeeRate: 33 / 65_535,
  poolFeeTo: 'pool',
  minReserve: 0.001,
  yuma: 'yuma3',
  liquidAlpha: null,
  networkImmunityPeriod: 1_296_000,
  subnetLimit: 128,
};

const CURRENT: RuleSet = {
  ...FLOW,
  name: 'current-2026-06',
  description: 'Current (Jun 2026 HEAD): weighted pool, shares ∝ moving price × (1 − miner burned), root-proportion injection cap, dynamic tempo',
  shareMode: 'price-ema',
  minerBurnWeighting: true,
  injection: 'current',
  epochSchedule: 'dynamic',
  pool: 'weighted',
  poolFeeTo: 'author',
  maxInputMultiplier: 1000,
  lockToPool: 'all',
  neuronBurnMode: 'decay',
  neuronBurnInitial: 1,
};

const ROOT_VOTE: RuleSet = {
  ...LAUNCH,
  name: 'root-vote',
  description: 'Pre-dTAO counterfactual: the stake-weighted weights of the top-64 root validators split emission; pools and alpha as at launch',
  shareMode: 'root-vote',
};

export const RULE_SETS: Readonly<Record<RuleSetName, RuleSet>> = {
  'launch-2025-02': LAUNCH,
  'flow-2025-11': FLOW,
  'current-2026-06': CURRENT,
  'root-vote': ROOT_VOTE,
};

/**
 * A rule set by name with overrides applied, each checked against its descriptor (ruleParams.ts).
 * Errors are ParamErrors at `path`.<field> (e.g. chain.tempo) or `ruleSet`.
 */
export function resolveRules(name: string, overrides: Record<string, unknown> = {}, path: readonly PathSeg[] = ['chain']): RuleSet {
  const base = RULE_SETS[name as RuleSetName];
  if (!base) throw new ParamError(['ruleSet'], `unknown rule set "${name}"; allowed: ${RULE_SET_NAMES.join(', ')}`);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const at = [...path, key];
    const d = ruleParam(key);
    if (!d) throw new ParamError(at, `unknown chain parameter; allowed: ${ruleParameterNames().join(', ')}`);
    if (key === 'liquidAlpha') {
      if (value !== null) {
        const v = value as Record<string, unknown>;
        const ok = typeof v === 'object' && ['low', 'high', 'steepness'].every((f) => typeof v[f] === 'number' && Number.isFinite(v[f]));
        if (!ok || (v.low as number) < 0 || (v.high as number) > 1 || (v.low as number) > (v.high as number)) {
          throw new ParamError(at, 'must be null or { low, high, steepness } with 0 <= low <= high <= 1');
        }
      }
    } else if (isBooleanParam(d)) {
      if (typeof value !== 'boolean') throw new ParamError(at, 'must be true or false');
    } else {
      checkScalar(d, value, at);
    }
    out[key] = value;
  }
  return Object.freeze(out) as unknown as RuleSet;
}

/** The overridable parameter names (for docs and errors). */
export function ruleParameterNames(): string[] {
  return RULE_PARAMS.map((p) => p.name);
}
