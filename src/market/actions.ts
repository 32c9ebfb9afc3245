// Actions validated and applied by the chain (staking/*.rs, subnets/*.rs; docs/chain-rules.md §5, §8).
// Every check happens before any mutation, so a rejected action changes nothing.
import type { Chain } from './chain.ts';
import { dissolveSubnet } from './dissolve.ts';
import { lockCostNow } from './registration.ts';
import { quoteAlphaForTao, swapAlphaForTao, swapTaoForAlpha } from './pool.ts';
import { clamp, subnetToPrune, uidToPrune } from './registration.ts';
import { type Action, type ActionResult, type RejectReason, ROOT } from './types.ts';

const MAX_TAKE = 11_796 / 65_535; // InitialDefaultDelegateTake is also the maximum
const TAKE_RATE_LIMIT = 216_000; // blocks between take increases

function reject(out: ActionResult, reason: RejectReason): ActionResult {
  out.ok = false;
  out.reason = reason;
  return out;
}

function amountOk(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

export function applyAction(c: Chain, a: Action, out: ActionResult): ActionResult {
  out.ok = false;
  out.reason = 'OK';
  out.taoDelta = 0;
  out.alphaDelta = 0;
  out.fee = 0;
  out.id = -1;
  switch (a.kind) {
    case 'stake': return stake(c, a.coldkey, a.hotkey, a.netuid, a.tao, a.limitPrice ?? Infinity, out, true, 1);
    case 'unstake': return unstake(c, a.coldkey, a.hotkey, a.netuid, a.alpha, a.limitPrice ?? 0, out, true, 1);
    case 'move': return move(c, a, out);
    case 'transferStake': return transferStake(c, a, out);
    case 'transfer': return transfer(c, a, out);
    case 'setWeights': return setWeights(c, a, out);
    case 'setRootWeights': return setRootWeights(c, a, out);
    case 'registerSubnet': return registerSubnet(c, a, out);
    case 'registerNeuron': return registerNeuron(c, a, out);
    case 'setTake': return setTake(c, a, out);
    default: return reject(out, 'UNKNOWN_ACTION');
  }
}

function checkKeys(c: Chain, coldkey: number, hotkey: number, netuid: number, out: ActionResult): boolean {
  if (!c.coldkeyExists(coldkey)) return !reject(out, 'UNKNOWN_COLDKEY');
  if (!c.hotkeyExists(hotkey)) return !reject(out, 'UNKNOWN_HOTKEY');
  if (!c.subnetExists(netuid)) return !reject(out, 'UNKNOWN_SUBNET');
  return true;
}

/**
 * add_stake (§5): TAO → pool → alpha shares on (hotkey, netuid); root is 1:1. Records the TAO inflow.
 * `flatMult` scales the flat fee (move_stake at launch charged half of it per leg, errata E9).
 */
function stake(c: Chain, coldkey: number, hotkey: number, netuid: number, tao: number, limit: number, out: ActionResult, fromBalance: boolean, flatMult: number): ActionResult {
  if (!amountOk(tao)) return reject(out, 'BAD_AMOUNT');
  if (!checkKeys(c, coldkey, hotkey, netuid, out)) return out;
  const r = c.rules;
  if (fromBalance && c.balances[coldkey]! < tao) return reject(out, 'INSUFFICIENT_BALANCE');
  const flat = netuid === ROOT ? 0 : r.flatStakingFee * flatMult;
  // E13: at least DefaultMinStake + DefaultStakingFee (stake_utils.rs validate_add_stake, f9254ea63 L857-860).
  if (tao < r.minStake + flat) return reject(out, 'BELOW_MIN_STAKE');
  const s = c.subnets;
  let alpha: number;
  let fee = flat;
  if (netuid === ROOT) {
    alpha = tao;
    s.taoIn[ROOT]! += tao;
  } else {
    const sw = swapTaoForAlpha(c.reserves, netuid, tao - flat, c.pool, limit, c.swap);
    if (!sw.ok) return reject(out, sw.reason === 'BAD_AMOUNT' ? 'BAD_AMOUNT' : sw.reason);
    alpha = sw.amountOut;
    const paid = sw.amountIn + flat; // a partial fill at the price limit spends less
    tao = paid;
    fee += sw.fee;
    s.taoIn[netuid]! += flat; // launch flat fee is added back to SubnetTAO
    routePoolFee(c, netuid, sw.fee);
    s.alphaOut[netuid]! += alpha;
    c.flowThisBlock[netuid]! += tao;
    s.cumInflow[netuid]! += tao;
    s.cumVolume[netuid]! += tao;
  }
  if (fromBalance) c.balances[coldkey]! -= tao;
  c.stakes.mint(c.stakes.ensure(hotkey, netuid), coldkey, alpha);
  out.ok = true;
  out.taoDelta = -tao;
  out.alphaDelta = alpha;
  out.fee = fee;
  return out;
}

/** remove_stake (§5): burn shares, alpha → pool → TAO to the free balance. Records the TAO outflow. */
function unstake(c: Chain, coldkey: number, hotkey: number, netuid: number, alpha: number, limit: number, out: ActionResult, toBalance: boolean, flatMult: number): ActionResult {
  if (!amountOk(alpha)) return reject(out, 'BAD_AMOUNT');
  if (!checkKeys(c, coldkey, hotkey, netuid, out)) return out;
  const r = c.rules;
  const book = c.stakes;
  const pos = book.find(hotkey, netuid);
  const held = book.value(pos, coldkey);
  if (held <= 0 || alpha > held * (1 + 1e-12)) return reject(out, 'INSUFFICIENT_STAKE');
  if (alpha > held) alpha = held;
  const price = c.spotPrice(netuid);
  const all = alpha >= held * (1 - 1e-12);
  if (r.unstakeMin === 'remainder') {
    // A partial unstake must leave at least min_stake (TAO-equivalent) unless it takes everything.
    if (!all && (held - alpha) * price < r.minStake) return reject(out, 'BELOW_MIN_STAKE');
  } else if (netuid === ROOT && !(alpha > r.minStake)) {
    return reject(out, 'BELOW_MIN_STAKE'); // E13 launch: worth strictly more than DefaultMinStake (validate_remove_stake)
  }
  const s = c.subnets;
  let tao: number;
  let fee = 0;
  if (netuid === ROOT) {
    tao = alpha;
    if (s.taoIn[ROOT]! + c.rootStakeOutsidePool < tao) return reject(out, 'POOL_LIQUIDITY');
    // Root stake paid at launch outside SubnetTAO[0] (E9) leaves last, once the pool's saturating sub reaches 0.
    const fromPool = s.taoIn[ROOT]! < tao ? s.taoIn[ROOT]! : tao;
    s.taoIn[ROOT]! -= fromPool;
    c.rootStakeOutsidePool -= tao - fromPool;
  } else {
    const flat = r.flatStakingFee * flatMult;
    const q = quoteAlphaForTao(c.reserves, netuid, alpha, c.pool, limit, c.swap);
    if (!q.ok) return reject(out, q.reason);
    // E13 launch: the simulated swap must be worth strictly more than DefaultMinStake (validate_remove_stake).
    if (r.unstakeMin === 'amount' && !(q.amountOut > r.minStake)) return reject(out, 'BELOW_MIN_STAKE');
    if (q.amountOut <= flat) return reject(out, 'BELOW_MIN_STAKE'); // proceeds would not cover the flat fee
    const sw = swapAlphaForTao(c.reserves, netuid, alpha, c.pool, limit, c.swap);
    alpha = sw.amountIn;
    tao = sw.amountOut - flat;
    fee = flat + sw.fee * price;
    s.taoIn[netuid]! += flat; // the flat fee stays in the pool
    routePoolFeeAlpha(c, netuid, sw.fee);
    s.alphaOut[netuid]! -= alpha;
    c.flowThisBlock[netuid]! -= tao;
    s.cumOutflow[netuid]! += tao;
    s.cumVolume[netuid]! += tao;
  }
  book.burn(pos, coldkey, alpha >= held * (1 - 1e-12) ? held : alpha);
  if (toBalance) c.balances[coldkey]! += tao;
  out.ok = true;
  out.taoDelta = tao;
  out.alphaDelta = -alpha;
  out.fee = fee;
  return out;
}

/** Pool fee on TAO input: re-added to reserves (swap v3) or paid to the block author (HEAD). */
function routePoolFee(c: Chain, netuid: number, fee: number): void {
  if (!(fee > 0)) return;
  if (c.rules.poolFeeTo === 'pool') c.subnets.taoIn[netuid]! += fee;
  else c.authorFees += fee;
}

/** Pool fee on alpha input: re-added to the alpha reserve, or burned (the author's TAO is bought fee-less). */
function routePoolFeeAlpha(c: Chain, netuid: number, fee: number): void {
  if (!(fee > 0)) return;
  if (c.rules.poolFeeTo === 'pool') c.subnets.alphaIn[netuid]! += fee;
  else c.alphaBurned[netuid]! += fee; // simplification: the author's share leaves as burned alpha
}

/** move_stake (move_stake.rs transition_stake_internal): same subnet is a share transfer; across subnets unstake + stake. */
function move(c: Chain, a: Extract<Action, { kind: 'move' }>, out: ActionResult): ActionResult {
  if (!amountOk(a.alpha)) return reject(out, 'BAD_AMOUNT');
  if (!checkKeys(c, a.coldkey, a.fromHotkey, a.fromNetuid, out)) return out;
  if (!c.hotkeyExists(a.toHotkey)) return reject(out, 'UNKNOWN_HOTKEY');
  if (!c.subnetExists(a.toNetuid)) return reject(out, 'UNKNOWN_SUBNET');
  const book = c.stakes;
  const from = book.find(a.fromHotkey, a.fromNetuid);
  const held = book.value(from, a.coldkey);
  if (held <= 0 || a.alpha > held * (1 + 1e-12)) return reject(out, 'INSUFFICIENT_STAKE');
  const alpha = Math.min(a.alpha, held);
  if (a.fromNetuid === a.toNetuid) {
    book.burn(from, a.coldkey, alpha);
    book.mint(book.ensure(a.toHotkey, a.toNetuid), a.coldkey, alpha);
    out.ok = true;
    out.alphaDelta = alpha;
    return out;
  }
  // Quote both legs first so a rejection changes nothing.
  const taoOut = c.quoteSell(a.fromNetuid, alpha);
  if (!(taoOut > 0)) return reject(out, 'POOL_LIQUIDITY');
  if (a.toNetuid !== ROOT && !(c.quoteBuy(a.toNetuid, taoOut) > 0)) return reject(out, 'POOL_LIQUIDITY');
  // E9: at launch move_stake charged half the flat fee on each leg (move_stake.rs L334, f9254ea63).
  const legFee = c.rules.moveFee === 'half-each-leg' ? 0.5 : 1;
  if (taoOut < c.rules.minStake + (a.toNetuid === ROOT ? 0 : c.rules.flatStakingFee * legFee)) return reject(out, 'BELOW_MIN_STAKE');
  unstake(c, a.coldkey, a.fromHotkey, a.fromNetuid, alpha, 0, out, false, legFee);
  if (!out.ok) return out;
  const tao = out.taoDelta;
  const fee1 = out.fee;
  stake(c, a.coldkey, a.toHotkey, a.toNetuid, tao, Infinity, out, false, legFee);
  if (!out.ok) {
    // Should not happen after the quotes; keep the TAO rather than lose it.
    c.balances[a.coldkey]! += tao;
    out.ok = true;
    out.taoDelta = tao;
    return out;
  }
  out.fee += fee1;
  out.taoDelta = 0;
  return out;
}

function transferStake(c: Chain, a: Extract<Action, { kind: 'transferStake' }>, out: ActionResult): ActionResult {
  if (!amountOk(a.alpha)) return reject(out, 'BAD_AMOUNT');
  if (!checkKeys(c, a.coldkey, a.hotkey, a.netuid, out)) return out;
  if (!c.coldkeyExists(a.toColdkey)) return reject(out, 'UNKNOWN_COLDKEY');
  const book = c.stakes;
  const pos = book.find(a.hotkey, a.netuid);
  const held = book.value(pos, a.coldkey);
  if (held <= 0 || a.alpha > held * (1 + 1e-12)) return reject(out, 'INSUFFICIENT_STAKE');
  const alpha = Math.min(a.alpha, held);
  book.burn(pos, a.coldkey, alpha);
  book.mint(pos, a.toColdkey, alpha);
  out.ok = true;
  out.alphaDelta = -alpha;
  return out;
}

function transfer(c: Chain, a: Extract<Action, { kind: 'transfer' }>, out: ActionResult): ActionResult {
  if (!amountOk(a.tao)) return reject(out, 'BAD_AMOUNT');
  if (!c.coldkeyExists(a.coldkey) || !c.coldkeyExists(a.toColdkey)) return reject(out, 'UNKNOWN_COLDKEY');
  if (c.balances[a.coldkey]! < a.tao) return reject(out, 'INSUFFICIENT_BALANCE');
  c.balances[a.coldkey]! -= a.tao;
  c.balances[a.toColdkey]! += a.tao;
  out.ok = true;
  out.taoDelta = -a.tao;
  return out;
}

/** set_weights: needs a UID, and a validator permit unless the row only weights the UID itself. */
function setWeights(c: Chain, a: Extract<Action, { kind: 'setWeights' }>, out: ActionResult): ActionResult {
  if (!c.hotkeyExists(a.hotkey)) return reject(out, 'UNKNOWN_HOTKEY');
  if (!c.subnetExists(a.netuid) || a.netuid === ROOT) return reject(out, 'UNKNOWN_SUBNET');
  const uid = c.uidOf(a.hotkey, a.netuid);
  if (uid < 0) return reject(out, 'NOT_REGISTERED');
  const n = c.subnets.nUids[a.netuid]!;
  const w = a.weights;
  if (!w || w.length > n || w.length === 0) return reject(out, 'BAD_WEIGHTS');
  // Finite and non-negative, not all zero (the sum of such weights is > 0 exactly when one of them is).
  let positive = false;
  let selfOnly = true;
  for (let j = 0; j < w.length; j++) {
    const v = w[j]!;
    if (!(v >= 0 && v <= Number.MAX_VALUE)) return reject(out, 'BAD_WEIGHTS');
    if (v > 0) {
      positive = true;
      if (j !== uid) selfOnly = false;
    }
  }
  if (!positive) return reject(out, 'BAD_WEIGHTS');
  const base = a.netuid * c.maxUids;
  if (!selfOnly && !c.neurons.permit[base + uid]) return reject(out, 'NO_VALIDATOR_PERMIT');
  const rows = c.weightRows[a.netuid]!;
  const row = rows[uid] ?? (rows[uid] = new Float64Array(c.maxUids));
  row.set(w);
  row.fill(0, w.length);
  c.neurons.lastUpdate[base + uid] = c.block;
  out.ok = true;
  return out;
}

function setRootWeights(c: Chain, a: Extract<Action, { kind: 'setRootWeights' }>, out: ActionResult): ActionResult {
  if (!c.hotkeyExists(a.hotkey)) return reject(out, 'UNKNOWN_HOTKEY');
  if (!(c.hotkeyStake(a.hotkey, ROOT) > 0)) return reject(out, 'NO_VALIDATOR_PERMIT');
  const w = a.weights;
  if (!w || w.length === 0 || w.length > c.maxNetuid) return reject(out, 'BAD_WEIGHTS');
  let sum = 0;
  for (let j = 0; j < w.length; j++) {
    const v = w[j]!;
    if (!(v >= 0) || !Number.isFinite(v)) return reject(out, 'BAD_WEIGHTS');
    sum += v;
  }
  if (!(sum > 0)) return reject(out, 'BAD_WEIGHTS');
  const row = c.rootWeightRows.get(a.hotkey) ?? new Float64Array(c.maxNetuid);
  row.fill(0);
  for (let j = 0; j < w.length; j++) row[j] = w[j]!;
  c.rootWeightRows.set(a.hotkey, row);
  out.ok = true;
  return out;
}

/** register_network (subnets/subnet.rs, §8.1–8.2): pay the lock; prune the lowest-EMA subnet at the limit. */
function registerSubnet(c: Chain, a: Extract<Action, { kind: 'registerSubnet' }>, out: ActionResult): ActionResult {
  const r = c.rules;
  if (!c.coldkeyExists(a.coldkey)) return reject(out, 'UNKNOWN_COLDKEY');
  if (!c.hotkeyExists(a.hotkey)) return reject(out, 'UNKNOWN_HOTKEY');
  if (c.hotOwner[a.hotkey] !== a.coldkey) return reject(out, 'NOT_OWNER');
  if (c.block - c.lastNetworkRegistration < r.networkRateLimit) return reject(out, 'RATE_LIMITED');
  if (c.block < r.networkRegistrationStartBlock) return reject(out, 'RATE_LIMITED'); // subnet.rs: SubNetRegistrationDisabled
  const lock = lockCostNow(c);
  if (c.balances[a.coldkey]! < lock) return reject(out, 'INSUFFICIENT_BALANCE');
  let netuid = c.freeNetuid();
  const atLimit = r.subnetLimit > 0 && c.nList >= r.subnetLimit;
  if (atLimit || netuid < 0) {
    if (r.subnetLimit === 0) return reject(out, 'SUBNET_LIMIT');
    const victim = subnetToPrune(c.list, c.nList, c.subnets.movingPrice, c.subnets.registeredAt, c.block, r.networkImmunityPeriod);
    if (victim < 0) return reject(out, 'SUBNET_LIMIT');
    dissolveSubnet(c, victim);
    netuid = victim;
  }
  c.balances[a.coldkey]! -= lock;
  let poolTao: number;
  let poolAlpha: number;
  if (r.lockToPool === 'all') {
    // HEAD: the whole lock stays in the pool; the new subnet starts at the median price of the others.
    poolTao = Math.max(lock, r.networkMinLockCost);
    poolAlpha = poolTao / medianPrice(c);
  } else {
    // Launch: the minimum lock seeds the pool at price 1; the rest is burned.
    poolTao = Math.min(lock, r.networkMinLockCost);
    poolAlpha = poolTao;
    c.recycled += lock - poolTao;
  }
  c.openSubnet(netuid, a.coldkey, a.hotkey, poolTao, poolAlpha);
  c.lastLock = lock;
  c.lastLockBlock = c.block;
  c.lastNetworkRegistration = c.block;
  out.ok = true;
  out.taoDelta = -lock;
  out.id = netuid;
  return out;
}

function medianPrice(c: Chain): number {
  const prices: number[] = [];
  for (let k = 0; k < c.nList; k++) prices.push(c.spotPrice(c.list[k]!));
  if (prices.length === 0) return 1;
  prices.sort((x, y) => x - y);
  const m = prices.length >> 1;
  const med = prices.length % 2 ? prices[m]! : (prices[m - 1]! + prices[m]!) / 2;
  return med > 0 ? med : 1;
}

/** burned_register (§8.3–8.4): pay the burn, take a free UID or prune the lowest-emission one. */
function registerNeuron(c: Chain, a: Extract<Action, { kind: 'registerNeuron' }>, out: ActionResult): ActionResult {
  const r = c.rules;
  if (!checkKeys(c, a.coldkey, a.hotkey, a.netuid, out)) return out;
  if (a.netuid === ROOT) return reject(out, 'UNKNOWN_SUBNET');
  if (c.hotOwner[a.hotkey] !== a.coldkey) return reject(out, 'NOT_OWNER');
  if (c.uidOf(a.hotkey, a.netuid) >= 0) return reject(out, 'ALREADY_REGISTERED');
  const s = c.subnets;
  const burn = s.neuronBurn[a.netuid]!;
  if (c.balances[a.coldkey]! < burn) return reject(out, 'INSUFFICIENT_BALANCE');
  const n = s.nUids[a.netuid]!;
  let uid = n;
  if (n >= c.maxUids) {
    const base = a.netuid * c.maxUids;
    uid = uidToPrune(base, n, c.neurons.hotkey, c.neurons.emission, c.neurons.registeredAt, c.block, r.immunityPeriod,
      s.ownerHotkey[a.netuid]!, r.immuneOwnerUids, r.minNonImmuneUids, r.pruneRule === 'launch');
    if (uid < 0) return reject(out, 'SUBNET_LIMIT');
  }
  if (r.registrationBurn === 'swap') {
    // E3 (registration.rs do_burned_registration, launch and later): the burn buys alpha from the pool and
    // the alpha is burned; the TAO stays in the pool, issuance is unchanged. Counts as TAO inflow.
    const sw = swapTaoForAlpha(c.reserves, a.netuid, burn, c.protocolPool, Infinity, c.swap);
    if (!sw.ok) return reject(out, sw.reason);
    c.alphaBurned[a.netuid]! += sw.amountOut;
    c.flowThisBlock[a.netuid]! += burn;
  } else {
    c.recycled += burn; // the lab's former rule: recycled TAO lowers issuance
  }
  if (r.neuronBurnMode === 'decay') s.neuronBurn[a.netuid] = clamp(burn * r.burnIncreaseMult, r.neuronBurnMin, r.neuronBurnMax);
  else c.regsThisInterval[a.netuid]! += 1;
  c.balances[a.coldkey]! -= burn;
  c.placeNeuron(a.netuid, uid, a.hotkey);
  if (uid === n) s.nUids[a.netuid] = n + 1;
  out.ok = true;
  out.taoDelta = -burn;
  out.id = uid;
  return out;
}

function setTake(c: Chain, a: Extract<Action, { kind: 'setTake' }>, out: ActionResult): ActionResult {
  if (!c.coldkeyExists(a.coldkey)) return reject(out, 'UNKNOWN_COLDKEY');
  if (!c.hotkeyExists(a.hotkey)) return reject(out, 'UNKNOWN_HOTKEY');
  if (c.hotOwner[a.hotkey] !== a.coldkey) return reject(out, 'NOT_OWNER');
  if (!(typeof a.take === 'number' && a.take >= 0 && a.take <= MAX_TAKE)) return reject(out, 'BAD_TAKE');
  if (a.take > c.hotTake[a.hotkey]! && c.block - c.hotTakeChanged[a.hotkey]! < TAKE_RATE_LIMIT) return reject(out, 'RATE_LIMITED');
  c.hotTake[a.hotkey] = a.take;
  c.hotTakeChanged[a.hotkey] = c.block;
  out.ok = true;
  return out;
}
