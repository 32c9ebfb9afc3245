// Rule sets: the chain's eras as named records of strategy choices and parameters.
// Every field can be overridden (and swept) by an experiment spec via `resolveRules`.
// Sources: docs/chain-rules.md (§ numbers below) and the subtensor files cited there. What each field
// is and may be set to: ruleParams.ts; the errata fields (E1–E13) and the `history` timeline: docs/chain-timeline.md.
import { ParamError, type PathSeg, checkScalar, isBooleanParam } from './params.ts';
import { RULE_PARAMS, ruleParam } from './ruleParams.ts';
import { FIELD_DOCS, TIMELINE, type RuleSwitch } from './timeline.ts';

export type RuleSetName = 'launch-2025-02' | 'flow-2025-11' | 'current-2026-06' | 'root-vote' | 'history';
export const RULE_SET_NAMES: readonly RuleSetName[] = ['launch-2025-02', 'flow-2025-11', 'current-2026-06', 'root-vote', 'history'];

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
  networkRegistrationStartBlock: number; // §8.1 no subnet registration before this block (0 = open)
  lockResetBlock: number; // §8.1 a migration's reset of the lock state: NetworkLastLockCost := lockResetLast at this block (0 = none)
  lockResetLast: number; // TAO
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
  // Errata (docs/chain-timeline.md): the chain's choices by date
  dividendMode: 'alpha-full' | 'alpha-unscaled' | 'rescaled'; // E2 drain_pending_emission alpha dividends
  registrationBurn: 'swap' | 'recycle'; // E3 neuron burn swapped into the pool and the alpha burned (chain), or recycled
  rootTake: 'tao' | 'alpha'; // E4 validator take on root dividends: from the TAO, or kept as subnet alpha stake
  excessAlpha: 'recycle' | 'protocol'; // E5 alpha the chain buys with excess TAO: recycled, or held as SubnetProtocolAlpha
  rootClaim: 'epoch' | 'lumpy'; // E7 claimable root alpha sold at each epoch, or auto-claimed per hotkey every rootClaimPeriod
  rootClaimPeriod: number; // E7 blocks between auto-claims of one hotkey's root alpha (lumpy mode)
  ownerSelfWeight: boolean; // E8 subnet owner's self-weight kept in Yuma (2025-03-19+)
  ownerIncentiveBurn: 'none' | 'owner-hotkey' | 'owner-coldkey'; // E8 miner incentive to the owner's hotkey(s) burned
  ownerPermit: boolean; // E8 owner UID always holds a validator permit (2026-03-23+)
  rootDividendsToRootPool: boolean; // E9 root dividends add to SubnetTAO[0] (false at launch)
  pruneRule: 'launch' | 'min-non-immune'; // E9 UID pruning: u16-rounded scores, no MinNonImmuneUids (launch), or with it
  moveFee: 'half-each-leg' | 'each-leg'; // E9 move_stake flat fee: half per leg (launch) or a full fee per leg
  zeroPriceShares: 'none' | 'equal'; // E11 every moving price 0: no TAO that block (chain), or an equal split
  rootPropTiming: 'after-injection' | 'before-injection'; // E12 alpha issuance used by the root proportion
  unstakeMin: 'amount' | 'remainder'; // E13 an unstake must be worth > minStake (launch), or leave >= minStake
  /** `history` only (not enumerable, not overridable): the dated switches the chain applies as it runs. */
  readonly schedule?: RuleSchedule;
}

/** A resolved rule set whose fields change on dates (`history`): the switches after block 0, in order. */
export interface RuleSchedule {
  readonly switches: ReadonlyArray<{ readonly block: number; readonly rules: RuleSet; readonly from: RuleSwitch }>;
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
  networkRegistrationStartBlock: 0,
  lockResetBlock: 0,
  lockResetLast: 0,
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
  registrationBurn: 'swap',
  rootClaimPeriod: 50_400,
  moveFee: 'each-leg',
  zeroPriceShares: 'none',
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
  // The launch deploy (f9254ea63, 2025-02-15), except the dividends: the launch-week rules (E2, Feb 13 –
  // Mar 28) held for six weeks of a nine-month era, so this era pays the rescaled dividends that held from
  // 2025-03-28 (8de0d23ca) to the flow era; `history` and the dividendMode field give the launch weeks.
  dividendMode: 'rescaled',
  rootTake: 'tao',
  excessAlpha: 'recycle',
  rootClaim: 'epoch',
  ownerSelfWeight: false,
  ownerIncentiveBurn: 'none',
  ownerPermit: false,
  rootDividendsToRootPool: false,
  pruneRule: 'launch',
  moveFee: 'half-each-leg',
  rootPropTiming: 'after-injection',
  unstakeMin: 'amount',
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
  dividendMode: 'rescaled',
  rootTake: 'alpha',
  excessAlpha: 'recycle',
  rootClaim: 'lumpy',
  ownerSelfWeight: true,
  ownerIncentiveBurn: 'owner-coldkey',
  ownerPermit: false,
  rootDividendsToRootPool: true,
  pruneRule: 'min-non-immune',
  moveFee: 'each-leg',
  rootPropTiming: 'before-injection',
  unstakeMin: 'remainder',
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
  excessAlpha: 'protocol',
  ownerPermit: true,
};

const ROOT_VOTE: RuleSet = {
  ...LAUNCH,
  name: 'root-vote',
  description: 'Pre-dTAO counterfactual: the stake-weighted weights of the top-64 root validators split emission; pools and alpha as at launch',
  shareMode: 'root-vote',
};

const HISTORY: RuleSet = {
  ...LAUNCH,
  dividendMode: 'alpha-full', // f9254ea63: the launch week's full alpha dividends (E2)
  name: 'history',
  description: 'The chain date by date from 2025-02-13 (block 0): launch rules, switching on the dates the chain did (docs/chain-timeline.md)',
};

export const RULE_SETS: Readonly<Record<RuleSetName, RuleSet>> = {
  'launch-2025-02': LAUNCH,
  'flow-2025-11': FLOW,
  'current-2026-06': CURRENT,
  'root-vote': ROOT_VOTE,
  history: HISTORY,
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
  if (name === 'history' && path !== INTERNAL) {
    Object.defineProperty(out, 'schedule', { value: ruleSchedule(name, overrides), enumerable: false });
  }
  return Object.freeze(out) as unknown as RuleSet;
}

/** The path the timeline's own eras are resolved under (by identity): they get no schedule of their own. */
const INTERNAL: readonly PathSeg[] = Object.freeze(['chain']);

/**
 * The rule changes a run of `name` goes through (only `history` has any), each era resolved with the same
 * overrides, so an override holds across every switch. Empty for the fixed eras. Built once per run.
 */
export function ruleSchedule(name: string, overrides: Record<string, unknown> = {}): RuleSchedule {
  if (name !== 'history') return { switches: [] };
  const switches: Array<{ block: number; rules: RuleSet; from: RuleSwitch }> = [];
  let fields: Record<string, unknown> = {};
  for (const sw of TIMELINE) {
    fields = { ...fields, ...sw.set };
    if (sw.block === 0) continue;
    const r = resolveRules('history', { ...fields, ...overrides }, INTERNAL);
    switches.push({ block: sw.block, rules: r, from: sw });
  }
  return { switches };
}

/** Documentation of each field (meaning); used by `lab rules`. */
export { FIELD_DOCS };

/** The overridable parameter names (for docs and errors). */
export function ruleParameterNames(): string[] {
  return RULE_PARAMS.map((p) => p.name);
}
