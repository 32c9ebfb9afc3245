// The chain's upgrades as dated rule switches (the `history` rule set), the block ↔ date mapping, and the
// meaning of every rule-set field (for `lab rules`). Dates and commits: opentensor/subtensor, branch main,
// first-parent merge dates (docs/chain-timeline.md). Pure data, no I/O.
import type { RuleSet } from './rules.ts';

/** Block 0 of every run is the dTAO launch, 2025-02-13 00:00 UTC; 12 s per block (runtime MILLISECS_PER_BLOCK). */
export const LAUNCH_DATE = '2025-02-13';
export const BLOCKS_PER_DAY = 7200;
const LAUNCH_MS = Date.UTC(2025, 1, 13);
const DAY_MS = 86_400_000;

/** The UTC date (YYYY-MM-DD) of a run's block. */
export function blockToDate(block: number): string {
  return new Date(LAUNCH_MS + Math.floor(block / BLOCKS_PER_DAY) * DAY_MS).toISOString().slice(0, 10);
}

/** The first block of a UTC date (YYYY-MM-DD); throws on a malformed date or one before the launch. */
export function dateToBlock(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  if (ms < LAUNCH_MS) throw new RangeError(`${date} is before the launch (${LAUNCH_DATE})`);
  return ((ms - LAUNCH_MS) / DAY_MS) * BLOCKS_PER_DAY;
}

export interface RuleSwitch {
  date: string;
  block: number;
  /** The subtensor commit(s) that made the change. */
  commit: string;
  what: string;
  set: Partial<RuleSet>;
}

function at(date: string, commit: string, what: string, set: Partial<RuleSet>): RuleSwitch {
  return { date, block: dateToBlock(date), commit, what, set };
}

/** The `history` timeline: each entry's fields hold from its date until a later entry changes them. */
export const TIMELINE: readonly RuleSwitch[] = [
  at('2025-02-13', 'e2b8367b8, f9254ea63', 'dTAO launch (migrate_rao; deployed with hotfixes 2025-02-15): price-EMA shares, root alpha sold every block, full alpha dividends (E2)', {}),
  at('2025-02-24', '5073ade60', 'alpha dividends paid as d·(1 − own root share), unscaled (E2)', { dividendMode: 'alpha-unscaled' }),
  at('2025-03-19', 'b61dd3020', 'EMA halving for young subnets (EMAPriceHalvingBlocks); owner self-weight kept (E8)', { emaForm: 'halving', ownerSelfWeight: true }),
  at('2025-03-28', '8de0d23ca', 'alpha-underpayment fix: dividends rescaled to the validator pool (E2); owner-hotkey incentive burned (E8)', {
    dividendMode: 'rescaled', ownerIncentiveBurn: 'owner-hotkey',
  }),
  at('2025-05-28', '1b0c63a71', 'Yuma3 bonds available (an owner opt-in; the lab switches every subnet); liquid alpha stays off (LiquidAlphaOn default false, 8cb6cb1c6)', { yuma: 'yuma3' }),
  at('2025-06-30', 'e9bbb6134', 'swap v3: pool fee 33/65535 re-added to reserves, flat staking fee gone, minimum stake 0.002 TAO', {
    poolFeeRate: 33 / 65_535, flatStakingFee: 0, minStake: 0.002, minReserve: 0.001, moveFee: 'each-leg', unstakeMin: 'remainder',
  }),
  at('2025-09-24', '835a2c902 (b654eafa6)', 'subnet limit 128, lowest-EMA non-immune subnet pruned, 4-month subnet immunity, MinNonImmuneUids in UID pruning (E9); lock reset (migrate_network_lock_reduction_interval): 8-day lock decay, 4-day registration rate limit, registration closed for a week, then the lock at 2,000 TAO', {
    subnetLimit: 128, networkImmunityPeriod: 1_296_000, pruneRule: 'min-non-immune',
    networkLockReductionInterval: 57_600, networkRateLimit: 28_800,
    networkRegistrationStartBlock: dateToBlock('2025-09-24') + 50_400, lockResetBlock: dateToBlock('2025-09-24') + 50_400, lockResetLast: 1000,
  }),
  at('2025-10-07', 'ae2b37364 (269e51f87)', 'lock reset (migrate_network_lock_cost_2500): the lock cost at 2,500 TAO', {
    lockResetBlock: dateToBlock('2025-10-07'), lockResetLast: 1250,
  }),
  at('2025-11-04', '6218ecc5c, 1f520ed95', 'TAO-flow shares; root dividends kept as claimable alpha with lumpy auto-claims (E7), take kept as alpha (E4); every owner hotkey burned (E8); root dividends count in SubnetTAO[0]', {
    shareMode: 'flow-ema', rootDividends: 'claim', rootClaim: 'lumpy', rootTake: 'alpha', ownerIncentiveBurn: 'owner-coldkey',
    rootDividendsToRootPool: true, rootPropTiming: 'before-injection',
  }),
  at('2025-12-09', '52378dc3e, 8834a7c73 (cap 2025-12-12)', 'excess-TAO chain buys with the alpha recycled (E5), injection cap min(alpha emission, TAO emission), root-sell flag', {
    injection: 'excess', rootSellFlag: true, excessAlpha: 'recycle',
  }),
  at('2026-03-23', '69627c0d5', 'the owner UID always passes validator checks (E8)', { ownerPermit: true }),
  at('2026-04-22', 'e7f05a051', 'neuron burn decays per block (BurnHalfLife) and rises per registration', { neuronBurnMode: 'decay', neuronBurnInitial: 1 }),
  at('2026-06-01', 'ec2212c53', 'alpha bought with excess TAO held as SubnetProtocolAlpha (E5)', { excessAlpha: 'protocol' }),
  at('2026-06-22', '6016381e4 (PR #2781)', 'the June 2026 revert to price-EMA shares × (1 − miner burned), injection cap root_prop × alpha emission', {
    shareMode: 'price-ema', minerBurnWeighting: true, injection: 'current',
  }),
  at('2026-06-25', '06032d518', 'dynamic tempo scheduler; weighted (Balancer) pool, fees to the block author, whole lock into the pool', {
    epochSchedule: 'dynamic', pool: 'weighted', poolFeeTo: 'author', maxInputMultiplier: 1000, lockToPool: 'all',
  }),
];

/** What each rule-set field means (one line each), for `lab rules` and docs. */
export const FIELD_DOCS: Readonly<Record<string, string>> = {
  blockEmission: 'TAO per block before any halving', totalSupply: 'TAO supply cap; halvings as issuance nears it',
  shareMode: 'how block emission is split across subnets: price EMA, TAO-flow EMA, or the root-vote counterfactual',
  emaForm: 'moving-price EMA: plain alpha (launch) or slowed for young subnets (halving)',
  movingAlpha: 'SubnetMovingAlpha, moving-price EMA weight per block', emaPriceHalvingBlocks: 'EMAPriceHalvingBlocks',
  minerBurnWeighting: 'share ∝ moving price × (1 − miner emission burned)', flowEmaAlpha: 'TAO-flow EMA weight per block',
  flowCutoff: 'TaoFlowCutoff (TAO)', flowNormExponent: 'FlowNormExponent p', rootVoteTopK: 'root-vote: top-k root validators vote',
  injection: 'alpha injection cap: launch (none on TAO), excess (chain buys), current (root-proportion cap)',
  ownerCut: 'SubnetOwnerCut 11796/65535', taoWeight: 'TaoWeight: root stake counts at this weight on subnets',
  rootDividends: 'root alpha sold every block (launch) or kept as claimable alpha', rootSellFlag: 'root alpha paid only while Σ moving prices > 1',
  epochSchedule: 'staggered (block+netuid+1)%(tempo+1)==tempo, or dynamic', tempo: 'blocks per epoch', maxEpochsPerBlock: 'dynamic schedule limit',
  defaultTake: 'validator take', minStake: 'DefaultMinStake (TAO)', flatStakingFee: 'flat fee per stake/unstake (TAO)',
  pool: 'constant product or weighted (Balancer)', poolFeeRate: 'pool fee, fraction of input', poolFeeTo: 'fee re-added to reserves or paid to the author',
  minReserve: 'minimum pool reserve', maxInputMultiplier: 'max swap input × reserve', minWeight: 'weighted pool minimum weight',
  yuma: 'bonds: Yuma2 or Yuma3', kappa: 'consensus quantile', bondsMovingAverage: 'bond EMA', bondsPenalty: 'bond penalty',
  liquidAlpha: 'liquid alpha bounds, or off', maxValidators: 'validator permits per subnet', maxUids: 'UIDs per subnet',
  immunityPeriod: 'UID immunity (blocks)', activityCutoff: 'blocks without weights before inactive',
  networkMinLockCost: 'minimum subnet lock (TAO)', networkLockReductionInterval: 'lock decay interval (blocks)',
  networkRateLimit: 'blocks between subnet registrations', networkRegistrationStartBlock: 'no subnet registration before this block (0 = open)',
  lockResetBlock: 'block of a migration\'s lock reset (0 = none)', lockResetLast: 'last lock set by that reset (TAO; the cost starts at twice it)', networkImmunityPeriod: 'subnet immunity (blocks)',
  subnetLimit: 'subnet limit (0 = none)', lockToPool: 'lock into the pool: the minimum (rest burned) or all',
  neuronBurnMode: 'neuron burn price: interval adjustment or per-block decay', neuronBurnInitial: 'initial neuron burn (TAO)',
  neuronBurnMin: 'minimum neuron burn', neuronBurnMax: 'maximum neuron burn', burnHalfLife: 'decay half-life (blocks)',
  burnIncreaseMult: 'burn × this per registration (decay)', burnAdjustInterval: 'adjust interval (blocks)',
  burnTargetRegs: 'target registrations per interval', burnAdjustAlpha: 'adjust smoothing', immuneOwnerUids: 'owner UIDs never pruned',
  minNonImmuneUids: 'MinNonImmuneUids (with pruneRule min-non-immune)',
  dividendMode: 'E2 alpha dividends: full dividend in alpha (root part paid twice), d·(1 − own root share) unscaled, or rescaled to the validator pool',
  registrationBurn: 'E3 neuron burn: swapped into the pool and the alpha burned (the chain), or recycled',
  rootTake: 'E4 take on root dividends: from the TAO (launch) or kept as subnet alpha stake, never sold',
  excessAlpha: 'E5 alpha bought with excess TAO: recycled (lowers alpha out) or held as protocol alpha',
  rootClaim: 'E7 claimable root alpha: sold at each epoch, or auto-claimed in lumps every rootClaimPeriod',
  rootClaimPeriod: 'E7 blocks between auto-claims of one hotkey (lumpy)',
  ownerSelfWeight: 'E8 the owner UID keeps its self-weight in Yuma', ownerIncentiveBurn: 'E8 miner incentive burned: none, the owner hotkey, every hotkey of the owner coldkey',
  ownerPermit: 'E8 the owner UID always holds a validator permit', rootDividendsToRootPool: 'E9 root dividends add to SubnetTAO[0]',
  pruneRule: 'E9 UID pruning: u16-rounded scores, no MinNonImmuneUids (launch) or with it', moveFee: 'E9 move_stake flat fee: half per leg or full per leg',
  zeroPriceShares: 'E11 all moving prices 0: no TAO that block (chain) or equal split', rootPropTiming: 'E12 root proportion from alpha issuance after or before the injection',
  unstakeMin: 'E13 unstake worth > minStake (launch) or must leave >= minStake',
};
