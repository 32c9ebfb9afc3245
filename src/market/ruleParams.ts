// The rule set's parameters, described once: range or allowed values, integer, unit, meaning and the
// chain source (docs/chain-rules.md § numbers). Values per era live in rules.ts (RULE_SETS); this table
// says what each field is and what an override may set it to. resolveRules validates overrides against
// it, `lab rules` prints it, and experiments' paramRange('chain.<name>') reads ranges from it.
import type { ParamDescriptor } from './params.ts';
import type { RuleSet } from './rules.ts';

const BLOCKS = 'blocks';
const BOOL = ['true', 'false'] as const;

/** Every overridable RuleSet field (all but name and description). `default: null`: the era's value (RULE_SETS). */
export const RULE_PARAMS = [
  { name: 'blockEmission', range: [0, 1e3], unit: 'TAO/block', meaning: 'TAO per block before any halving', source: 'DefaultBlockEmission, lib.rs (§1)' },
  { name: 'totalSupply', range: [1, 1e12], unit: 'TAO', meaning: 'supply cap; alpha follows the same schedule on its own issuance', source: 'TotalSupply, lib.rs (§1)' },
  { name: 'shareMode', range: ['price-ema', 'flow-ema', 'root-vote'], unit: '–', meaning: 'how block emission is split across subnets', source: 'subnet_emissions.rs (§2.2, §2.4)' },
  { name: 'emaForm', range: ['launch', 'halving'], unit: '–', meaning: 'moving-price weight: plain alpha (launch) or alpha·b/(b + halvingBlocks)', source: 'stake_utils.rs update_moving_price (§2.3)' },
  { name: 'movingAlpha', range: [0, 1], unit: '1/block', meaning: 'moving-price EMA weight per block', source: 'SubnetMovingAlpha, lib.rs (§2.3)' },
  { name: 'emaPriceHalvingBlocks', range: [0, 1e9], integer: true, unit: BLOCKS, meaning: 'blocks over which a young subnet\'s moving-price weight ramps up', source: 'EMAPriceHalvingBlocks, runtime (§2.3)' },
  { name: 'minerBurnWeighting', range: BOOL, unit: '–', meaning: 'weight price shares by (1 − miner burned)', source: 'get_shares_price_ema (§2.2)' },
  { name: 'flowEmaAlpha', range: [0, 1], unit: '1/block', meaning: 'net TAO-flow EMA weight per block', source: 'FlowEmaSmoothingFactor / i64::MAX (§2.4)' },
  { name: 'flowCutoff', range: [-1e12, 1e12], unit: 'TAO', meaning: 'lower flow limit below which a subnet gets no share', source: 'TaoFlowCutoff (§2.4)' },
  { name: 'flowNormExponent', range: [0.01, 100], unit: '–', meaning: 'exponent p in share ∝ z^p', source: 'FlowNormExponent (§2.4)' },
  { name: 'rootVoteTopK', range: [1, 4096], integer: true, unit: 'validators', meaning: 'root-vote counterfactual: the top-k root validators by stake vote', source: 'lab counterfactual (§0)' },
  { name: 'injection', range: ['launch', 'excess', 'current'], unit: '–', meaning: 'per-block TAO/alpha injection rule', source: 'run_coinbase.rs (§3)' },
  { name: 'ownerCut', range: [0, 1], unit: 'share', meaning: 'owner cut of alpha out', source: 'SubnetOwnerCut/65535 (§4.1)' },
  { name: 'taoWeight', range: [0, 1e3], unit: '–', meaning: 'weight of root stake against alpha stake', source: 'TaoWeight, set by migrate_rao (§4.2)' },
  { name: 'rootDividends', range: ['sell-each-block', 'claim'], unit: '–', meaning: 'root dividends sold to TAO each block (launch) or claimable alpha', source: 'run_coinbase.rs, claim_root.rs (§4.4)' },
  { name: 'rootSellFlag', range: BOOL, unit: '–', meaning: 'root alpha paid only while Σ moving prices > 1, else recycled', source: 'get_network_root_sell_flag (§4.1)' },
  { name: 'epochSchedule', range: ['staggered', 'dynamic'], unit: '–', meaning: 'when epochs run: every tempo + 1 staggered by netuid, or tempo blocks after the last', source: 'run_coinbase.rs (§4.3)' },
  { name: 'tempo', range: [1, 50_400], integer: true, unit: BLOCKS, meaning: 'blocks between epochs', source: 'INITIAL_SUBNET_TEMPO, runtime (§4.3)' },
  { name: 'maxEpochsPerBlock', range: [1, 4096], integer: true, unit: 'epochs', meaning: 'dynamic schedule: most epochs run in one block', source: 'MaxEpochsPerBlock, runtime (§4.3)' },
  { name: 'defaultTake', range: [0, 1], unit: 'share', meaning: 'validator take of dividends', source: 'InitialDefaultDelegateTake/65535 (§4.4)' },
  { name: 'minStake', range: [0, 1e6], unit: 'TAO', meaning: 'minimum stake', source: 'DefaultMinStake (§5)' },
  { name: 'flatStakingFee', range: [0, 1e3], unit: 'TAO', meaning: 'flat fee per stake or unstake, added back to the pool', source: 'DefaultStakingFee at launch (§5)' },
  { name: 'pool', range: ['constant-product', 'weighted'], unit: '–', meaning: 'pool curve', source: 'stake_utils.rs, pallets/swap balancer.rs (§6)' },
  { name: 'poolFeeRate', range: [0, 0.5], unit: 'share of input', meaning: 'pool fee', source: 'FeeRate/65535, pallets/swap (§6.2)' },
  { name: 'poolFeeTo', range: ['pool', 'author'], unit: '–', meaning: 'pool fees re-added to the reserves, or paid to the block author', source: 'pallets/swap (§5, §6.3)' },
  { name: 'minReserve', range: [0, 1e6], unit: 'TAO/alpha', meaning: 'smallest reserve a swap may leave', source: 'DefaultMinimumPoolLiquidity, SwapMinimumReserve (§6)' },
  { name: 'maxInputMultiplier', range: [0, Infinity], unit: '× reserve', meaning: 'largest swap input as a multiple of the input reserve', source: 'MAX_SWAP_INPUT_RESERVE_MULTIPLIER (§6.3)' },
  { name: 'minWeight', range: [0, 0.5], unit: 'weight', meaning: 'smallest Balancer pool weight', source: 'MIN_WEIGHT, balancer.rs (§6.3)' },
  { name: 'yuma', range: ['yuma2', 'yuma3'], unit: '–', meaning: 'bonds: original Yuma or Yuma3', source: 'run_epoch.rs (§7)' },
  { name: 'kappa', range: [0, 1], unit: 'stake share', meaning: 'consensus quantile', source: 'Kappa/65535 (§7)' },
  { name: 'bondsMovingAverage', range: [0, 1], unit: '–', meaning: 'bond EMA: the fixed rate is 1 minus this', source: 'BondsMovingAverage/1e6 (§7)' },
  { name: 'bondsPenalty', range: [0, 1], unit: '–', meaning: 'bonds from clipped (1) or raw (0) weights', source: 'BondsPenalty/65535 (§7)' },
  { name: 'liquidAlpha', range: ['null', '{ low, high, steepness }'], unit: '–', meaning: 'Yuma3 liquid alpha: null (off) or { low, high, steepness } with 0 <= low <= high <= 1', source: 'AlphaValues, AlphaSigmoidSteepness (§7)' },
  { name: 'maxValidators', range: [1, 4096], integer: true, unit: 'UIDs', meaning: 'validator permits per subnet', source: 'MaxAllowedValidators, init_new_network (§7)' },
  { name: 'maxUids', range: [1, 4096], integer: true, unit: 'UIDs', meaning: 'UIDs per subnet', source: 'MaxAllowedUids (§7)' },
  { name: 'immunityPeriod', range: [0, 1e9], integer: true, unit: BLOCKS, meaning: 'blocks a new UID cannot be pruned', source: 'ImmunityPeriod, init_new_network (§7, §8.4)' },
  { name: 'activityCutoff', range: [1, 1e9], integer: true, unit: BLOCKS, meaning: 'a validator without a weight update this long is inactive', source: 'ActivityCutoff (§4.3, §7)' },
  { name: 'networkMinLockCost', range: [0, 1e9], unit: 'TAO', meaning: 'minimum subnet lock cost', source: 'NetworkMinLockCost, set by migrate_rao (§8.1)' },
  { name: 'networkLockReductionInterval', range: [1, 1e9], integer: true, unit: BLOCKS, meaning: 'blocks over which the lock cost decays back to the minimum', source: 'NetworkLockReductionInterval (§8.1)' },
  { name: 'networkRateLimit', range: [0, 1e9], integer: true, unit: BLOCKS, meaning: 'blocks between subnet registrations', source: 'NetworkRateLimit (§8.1)' },
  { name: 'networkRegistrationStartBlock', range: [0, 1e12], integer: true, unit: BLOCKS, meaning: 'no subnet registration before this block (0: open)', source: 'NetworkRegistrationStartBlock, migrate_network_lock_reduction_interval (§8.1)' },
  { name: 'lockResetBlock', range: [0, 1e12], integer: true, unit: BLOCKS, meaning: 'block of a migration\'s lock reset: the last lock counts as lockResetLast registered there, unless a registration came later (0: none)', source: 'migrate_network_lock_reduction_interval, migrate_network_lock_cost_2500 (§8.1)' },
  { name: 'lockResetLast', range: [0, 1e9], unit: 'TAO', meaning: 'NetworkLastLockCost set by the lock reset (the lock cost then starts at twice it)', source: 'as lockResetBlock (§8.1)' },
  { name: 'networkImmunityPeriod', range: [0, 1e9], integer: true, unit: BLOCKS, meaning: 'blocks a new subnet cannot be pruned', source: 'NetworkImmunityPeriod (§8.2)' },
  { name: 'subnetLimit', range: [0, 4096], integer: true, unit: 'subnets', meaning: 'most subnets; 0 = no pruning (launch)', source: 'DefaultSubnetLimit (§8.2)' },
  { name: 'lockToPool', range: ['min-lock', 'all'], unit: '–', meaning: 'how much of a new subnet\'s lock goes into its pool (the rest is burned)', source: 'subnet.rs (§6.4)' },
  { name: 'neuronBurnMode', range: ['adjust', 'decay'], unit: '–', meaning: 'neuron burn: interval adjustment or per-block half-life decay', source: 'block_step.rs, registration.rs (§8.3)' },
  { name: 'neuronBurnInitial', range: [0, 1e6], unit: 'TAO', meaning: 'neuron burn of a new subnet', source: 'DefaultNeuronBurnCost (§8.3)' },
  { name: 'neuronBurnMin', range: [0, 1e6], unit: 'TAO', meaning: 'lowest neuron burn', source: 'MinBurn (§8.3)' },
  { name: 'neuronBurnMax', range: [0, 1e9], unit: 'TAO', meaning: 'highest neuron burn', source: 'MaxBurn (§8.3)' },
  { name: 'burnHalfLife', range: [1, 1e9], integer: true, unit: BLOCKS, meaning: 'decay mode: blocks for the burn to halve', source: 'BurnHalfLife (§8.3)' },
  { name: 'burnIncreaseMult', range: [1, 100], unit: '×', meaning: 'decay mode: burn multiplier after each registration', source: 'BurnIncreaseMult (§8.3)' },
  { name: 'burnAdjustInterval', range: [1, 1e9], integer: true, unit: BLOCKS, meaning: 'adjust mode: blocks between burn adjustments', source: 'AdjustmentInterval (§8.3)' },
  { name: 'burnTargetRegs', range: [0.001, 1e6], unit: 'registrations/interval', meaning: 'adjust mode: target registrations per interval', source: 'TargetRegistrationsPerInterval (§8.3)' },
  { name: 'burnAdjustAlpha', range: [0, 1], unit: '–', meaning: 'adjust mode: smoothing of the burn', source: 'AdjustmentAlpha/u64::MAX (§8.3)' },
  { name: 'immuneOwnerUids', range: [0, 4096], integer: true, unit: 'UIDs', meaning: 'owner hotkeys never pruned', source: 'ImmuneOwnerUidsLimit (§8.4)' },
  { name: 'minNonImmuneUids', range: [0, 4096], integer: true, unit: 'UIDs', meaning: 'immune UIDs are pruned only below this many non-immune ones', source: 'MinNonImmuneUids (§8.4)' },
  // Errata E1–E13 (docs/chain-timeline.md): the chain's choices by date; `history` switches them on the chain's dates.
  { name: 'dividendMode', range: ['alpha-full', 'alpha-unscaled', 'rescaled'], unit: '–', meaning: 'E2: alpha dividends paid in full (launch week), as d·(1 − own root share) unscaled (to 2025-03-28), or rescaled to the validator pool', source: 'run_coinbase.rs drain_pending_emission (f9254ea63, 5073ade60, 8de0d23ca)' },
  { name: 'registrationBurn', range: ['swap', 'recycle'], unit: '–', meaning: 'E3: neuron registration burn swapped into the pool and the alpha burned (the chain, every era), or recycled', source: 'registration.rs do_burned_registration' },
  { name: 'rootTake', range: ['tao', 'alpha'], unit: '–', meaning: 'E4: validator take on root dividends paid from the TAO, or kept as subnet alpha stake (flow era on)', source: 'run_coinbase.rs distribute_dividends_and_incentives (52378dc3e)' },
  { name: 'excessAlpha', range: ['recycle', 'protocol'], unit: '–', meaning: 'E5: alpha the chain buys with excess TAO is recycled, or held as protocol alpha (June 2026 on)', source: 'run_coinbase.rs inject_and_maybe_swap (6e3d24cea, ec2212c53)' },
  { name: 'rootClaim', range: ['epoch', 'lumpy'], unit: '–', meaning: 'E7: claimable root alpha sold at each epoch, or auto-claimed per hotkey every rootClaimPeriod', source: 'claim_root.rs run_auto_claim_root_divs' },
  { name: 'rootClaimPeriod', range: [1, 1e9], integer: true, unit: BLOCKS, meaning: 'E7: blocks between auto-claims of one hotkey\'s root alpha (lumpy mode)', source: 'DefaultNumRootClaim, claim_root.rs (lab: deterministic period)' },
  { name: 'ownerSelfWeight', range: BOOL, unit: '–', meaning: 'E8: the subnet owner\'s self-weight is kept in Yuma', source: 'b61dd3020 (2025-03-19)' },
  { name: 'ownerIncentiveBurn', range: ['none', 'owner-hotkey', 'owner-coldkey'], unit: '–', meaning: 'E8: miner incentive to the owner\'s hotkey, or to every hotkey of the owner\'s coldkey, is burned', source: '2025-03-28; get_owner_hotkeys 6218ecc5c (Nov 2025)' },
  { name: 'ownerPermit', range: BOOL, unit: '–', meaning: 'E8: the owner UID always holds a validator permit', source: '69627c0d5 (2026-03-23)' },
  { name: 'rootDividendsToRootPool', range: BOOL, unit: '–', meaning: 'E9: root dividends add to SubnetTAO[0] (false at launch)', source: 'increase_stake_for_hotkey_on_subnet (f9254ea63)' },
  { name: 'pruneRule', range: ['launch', 'min-non-immune'], unit: '–', meaning: 'E9: UID pruning by u16-rounded scores with ties to the earliest (launch), or with MinNonImmuneUids', source: 'get_neuron_to_prune (f9254ea63; Sep 2025)' },
  { name: 'moveFee', range: ['half-each-leg', 'each-leg'], unit: '–', meaning: 'E9: move_stake flat fee, half per leg (launch) or a full fee per leg', source: 'move_stake.rs L334 (f9254ea63)' },
  { name: 'zeroPriceShares', range: ['none', 'equal'], unit: '–', meaning: 'E11: every moving price 0 → no TAO that block (the chain), or an equal split', source: 'run_coinbase.rs (f9254ea63)' },
  { name: 'rootPropTiming', range: ['after-injection', 'before-injection'], unit: '–', meaning: 'E12: the root proportion reads alpha issuance after (launch) or before this block\'s injection', source: 'run_coinbase.rs L165 (f9254ea63)' },
  { name: 'unstakeMin', range: ['amount', 'remainder'], unit: '–', meaning: 'E13: an unstake must be worth more than minStake (launch), or leave at least minStake', source: 'stake_utils.rs L857-860 (f9254ea63)' },
] as const satisfies readonly Omit<ParamDescriptor, 'default'>[];

export type RuleParamName = (typeof RULE_PARAMS)[number]['name'];

/** The descriptor of one rule parameter (undefined for names the rule set lacks). */
export function ruleParam(name: string): Omit<ParamDescriptor, 'default'> | undefined {
  return (RULE_PARAMS as readonly Omit<ParamDescriptor, 'default'>[]).find((p) => p.name === name);
}

// Compile-time: the table describes every overridable RuleSet field, and nothing else.
type Overridable = Exclude<keyof RuleSet, 'name' | 'description' | 'schedule'>;
const complete: [Exclude<Overridable, RuleParamName>, Exclude<RuleParamName, Overridable>] extends [never, never] ? true : false = true;
void complete;
