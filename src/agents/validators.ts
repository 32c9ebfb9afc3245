// Yield-maximising validators (docs/agent-models.md §2). Each holds TAO on root and alpha on subnets, estimates the
// daily yield of each from recent dividends (P4), nets out dilution and slippage (P3), and allocates with a
// fractional-Kelly / mean–variance rule projected onto its constraints (allocation.ts), inside a no-trade band.
// Its hotkey validates a few subnets: once per tempo it sets weights honestly (a noisy view of each miner's quality),
// copies the consensus of d epochs ago, or follows a cartel's bribe when it pays more than the expected
// dividend loss (§2 step 5) and the payer has kept paying (bribes.ts). Honest versus copy switches by a
// Brock–Hommes logit on fitness (P2).
import { BLOCKS_PER_DAY, ROOT } from '../market/types.ts';
import type { Action, ActionResult, ChainView } from '../market/types.ts';
import { type AllocationProblem, allocate } from './allocation.ts';
import { minerQualityOf } from './miners.ts';
import { BribeLedger, bribeBoard, dropContract, takeBribe } from './bribes.ts';
import type { Rng } from './rng.ts';
import type { Agent, AgentLedger, FamilyDef, MarketHistory, Observation, ParamDoc, SetupContext, World } from './types.ts';
import type { ValuesOf } from '../market/params.ts';
import type { LaunchWorld } from './world.ts';

const DAY = BLOCKS_PER_DAY;
/** Daily variance of a subnet price used before there is history (10%/day) [assumption]. */
const PRIOR_SIGMA2 = 0.01;
/** Floor on the daily variance, so a flat history does not ask for unbounded weights [assumption]. */
const MIN_SIGMA2 = 1e-4;
/** Smoothing of the family's shared fitness reports (per report) [assumption]. */
const FITNESS_EWMA = 0.2;


/** Parameters (docs/agent-models.md §2 table). */
export const YIELD_VALIDATOR_PARAMS = [
  { name: 'capital', meaning: 'TAO each validator entity holds, all on root at genesis (§6: 20 entities, 10% of root stake)', unit: 'TAO', default: 30_000, range: [0, 1e8] },
  { name: 'wakesPerDay', meaning: 'λ: allocation wake rate (P1); sets the rebalancing period 1/λ', unit: '1/day', default: 4, range: [0.5, 72] },
  { name: 'horizonDays', meaning: 'H: holding horizon over which entry and exit costs are spread', unit: 'days', default: 7, range: [1, 90] },
  { name: 'yieldLookbackEpochs', meaning: 'L_y: window of the realised yield estimate (P4)', unit: 'epochs', default: 60, range: [5, 600] },
  { name: 'driftShrink', meaning: 'ω: weight on the last day’s log return as expected drift (0 = yield only)', unit: '–', default: 0, range: [0, 1] },
  { name: 'riskAversion', meaning: 'γ₀: base risk aversion (Infinity keeps everything on root)', unit: '–', default: 1, range: [0.001, Infinity] },
  { name: 'kellyFraction', meaning: 'c_K: Kelly fraction, w* = (c_K/γ₀)·Σ⁻¹·μ', unit: '–', default: 0.5, range: [0, 1] },
  { name: 'band', meaning: 'b: no-trade band on |w* − w|', unit: 'share of wealth', default: 0.02, range: [0, 0.1] },
  { name: 'maxWeight', meaning: 'w_max: cap per subnet', unit: 'share of wealth', default: 0.25, range: [0, 1] },
  { name: 'rootFloor', meaning: 'w_root,min: share always kept on root', unit: 'share of wealth', default: 0.2, range: [0, 1] },
  { name: 'slippage', meaning: 'σ: slippage tolerance of one order (buys ≤ σ·T, sells ≤ σ·A/(1−σ), P3)', unit: '–', default: 0.01, range: [0.001, 0.05] },
  { name: 'maxPoolShare', meaning: 'liquidity cap: position value ≤ this share of the pool’s TAO', unit: '–', default: 0.1, range: [0, 1] },
  { name: 'subnetsValidated', meaning: 'subnets on which the hotkey holds a UID at genesis (drawn)', unit: 'subnets', default: 8, range: [0, 4096] },
  { name: 'infraCost', meaning: 'c_infra: running cost of validating one subnet (registers when dividends beat it)', unit: 'TAO/day', default: 0.2, range: [0, 5] },
  { name: 'profitDays', meaning: 'Q: days of expected profit before registering on a subnet', unit: 'days', default: 3, range: [1, 30] },
  { name: 'take', meaning: 'τ: validator take charged to nominators', unit: '–', default: 0.18, range: [0, 0.18] },
  { name: 'weightStrategy', meaning: 'honest, copy, or switch between them by Brock–Hommes logit', unit: '–', default: 'switch', range: ['switch', 'honest', 'copy'] },
  { name: 'evalCost', meaning: 'c_eval: extra cost of honest evaluation per subnet', unit: 'TAO/day', default: 0.5, range: [0, 10] },
  { name: 'evalNoise', meaning: 'σ_eval: evaluation noise on miner quality, W ∝ max(0, q + ε)', unit: 'weight', default: 0.1, range: [0, 1] },
  { name: 'switchIntensity', meaning: 'β_s: intensity of the honest/copy logit (fitness in % of wealth per day)', unit: '–', default: 5, range: [0, 1000] },
  { name: 'memory', meaning: 'm: fitness memory, U = π − C + m·U', unit: '–', default: 0.9, range: [0, 1] },
  { name: 'copyDelay', meaning: 'd: copiers use the consensus of d epochs ago (commit-reveal delay)', unit: 'epochs', default: 1, range: [0, 20] },
  { name: 'acceptBribes', meaning: 'consider cartel bribe offers (§2 step 5)', unit: '–', default: true, range: ['true', 'false'] },
  { name: 'bribeMargin', meaning: 'm_b: margin over the expected dividend loss a bribe must pay', unit: '–', default: 0.2, range: [0, 1] },
  { name: 'reputationCost', meaning: 'ρ_rep: share of dividends priced as the risk of nominators leaving', unit: '–', default: 0.05, range: [0, 1] },
  { name: 'bribeGraceEpochs', meaning: 'epochs a bribe payment may lag the epoch it pays for before it counts as missed (payers settle every tempo)', unit: 'epochs', default: 3, range: [1, 200] },
  { name: 'bribeDistrustDays', meaning: 'after a missed payment: days the payer’s offers are refused (its contracts end, its debt is written off)', unit: 'days', default: 7, range: [0, 90] },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type YieldValidatorParams = ValuesOf<typeof YIELD_VALIDATOR_PARAMS>;

/** Alpha held by stakers on a subnet: alpha outside the pool less pending emission and protocol alpha. */
function stakedAlpha(c: ChainView, netuid: number): number {
  const s = c.subnets;
  const a = s.alphaOut[netuid]! - s.pendingServer[netuid]! - s.pendingValidator[netuid]! - s.pendingOwnerCut[netuid]! - s.pendingRootAlpha[netuid]! - s.protocolAlpha[netuid]!;
  return Math.max(a, 1e-9);
}

/** Blocks of history usable for a window of `blocks`. */
function usable(h: MarketHistory, blocks: number): number {
  return Math.min(blocks, Math.max(0, h.length - 1) * h.every);
}

type Strategy = 0 | 1; // 0 honest, 1 copy
interface Fitness {
  pi: [number, number];
}

export class YieldValidator implements Agent {
  readonly family = 'yieldValidator';
  readonly cartel = false;
  readonly coldkeys: readonly number[];
  readonly hotkey: number;
  nextWake: number;
  readonly ledger: AgentLedger;
  strategy: Strategy;
  /** Netuids where the hotkey holds a UID. */
  readonly validated: number[] = [];
  /** Brock–Hommes fitness U per strategy. */
  readonly fitness: [number, number] = [0, 0];
  /** Counters for tests and metrics. */
  switches = 0;
  trades = 0;
  bribesTaken = 0;
  wealth = 0;
  /** What bribe payers owe this validator, and which it distrusts. */
  readonly bribes: BribeLedger;
  /** Bills waiting for the chain's verdict on the bribed weights: action → [payer, TAO, block]. */
  private readonly bills = new Map<Action, [number, number, number]>();
  private nextAlloc: number;
  private nextWeights: number;
  private lastAlloc: number;
  private readonly profitable = new Map<number, number>();
  private readonly ring = new Map<number, Float64Array[]>();
  private readonly world: World;
  private readonly rng: Rng;
  private readonly shared: Fitness;

  constructor(ctx: SetupContext, readonly p: YieldValidatorParams, readonly id: number) {
    const { chain, rng, world } = ctx;
    this.world = world;
    this.rng = rng;
    this.shared = (ctx.shared.fitness ??= { pi: [NaN, NaN] }) as Fitness;
    const ck = chain.addColdkey(p.capital);
    this.coldkeys = [ck];
    this.hotkey = chain.addHotkey(ck, p.take);
    this.bribes = new BribeLedger(ck, p.bribeGraceEpochs * (chain.rules.tempo + 1), p.bribeDistrustDays * DAY);
    this.ledger = { capital: p.capital, costs: 0, rejected: 0 };
    if (p.capital >= chain.rules.minStake) chain.genesisStake(ck, this.hotkey, ROOT, p.capital);
    const list = Int32Array.from(chain.subnetList());
    rng.shuffle(list);
    for (const netuid of list) {
      if (this.validated.length >= p.subnetsValidated) break;
      if (chain.subnets.nUids[netuid]! >= chain.maxUids) continue;
      chain.genesisNeuron(netuid, this.hotkey);
      this.validated.push(netuid);
    }
    this.strategy = p.weightStrategy === 'copy' ? 1 : p.weightStrategy === 'honest' ? 0 : rng.next() < 0.5 ? 1 : 0;
    const tempo = chain.rules.tempo + 1;
    this.nextAlloc = chain.block + rng.wakeDelay(p.wakesPerDay);
    this.nextWeights = chain.block + 1 + rng.int(tempo); // staggered, once per tempo
    this.nextWake = Math.min(this.nextAlloc, this.nextWeights);
    this.lastAlloc = chain.block;
    this.wealth = p.capital;
  }

  act(obs: Observation, out: Action[]): void {
    const b = obs.block;
    if (b >= this.nextWeights) {
      this.setWeights(obs, out);
      this.nextWeights = b + obs.chain.rules.tempo + 1;
    }
    if (b >= this.nextAlloc) {
      this.allocateAt(obs, out);
      this.nextAlloc = b + this.rng.wakeDelay(this.p.wakesPerDay);
    }
    this.nextWake = Math.min(this.nextAlloc, this.nextWeights);
  }

  /** Realised daily alpha yield per alpha staked on `netuid` over L_y epochs (P4); the structural prior before there is history. */
  alphaYield(obs: Observation, netuid: number): number {
    const c = obs.chain;
    const S = stakedAlpha(c, netuid);
    const L = usable(obs.history, this.p.yieldLookbackEpochs * (c.rules.tempo + 1));
    if (L > c.rules.tempo) return ((obs.history.validatorAlpha(netuid, L) / S) * DAY) / L;
    const r = c.rules;
    return (((1 - r.ownerCut) / 2) * (1 - c.subnets.rootProp[netuid]!) * r.blockEmission * DAY) / S;
  }

  /** Realised daily TAO yield per TAO on root (P4); before there is history the prior Σ 0.41·rp_i·e_i·D·p_i / S_root. */
  rootYield(obs: Observation): number {
    const c = obs.chain;
    const S = Math.max(c.subnets.taoIn[ROOT]!, 1e-9);
    const L = usable(obs.history, this.p.yieldLookbackEpochs * (c.rules.tempo + 1));
    if (L > c.rules.tempo) return ((obs.history.rootDividends(L) / S) * DAY) / L;
    const r = c.rules;
    let y = 0;
    for (const i of c.subnetList()) y += ((1 - r.ownerCut) / 2) * c.subnets.rootProp[i]! * r.blockEmission * DAY * c.spotPrice(i);
    return y / S;
  }

  /** Rebalance root ↔ alpha (docs/agent-models.md §2 decision rule 1) and decide where to validate (rule 2). */
  private allocateAt(obs: Observation, out: Action[]): void {
    const c = obs.chain, p = this.p, h = obs.history;
    const ck = this.coldkeys[0]!, hk = this.hotkey;
    const days = (obs.block - this.lastAlloc) / DAY;
    this.lastAlloc = obs.block;
    // Off-chain running costs (P&L only): infrastructure per validated subnet, evaluation when honest.
    this.ledger.costs += days * this.validated.length * (p.infraCost + (this.strategy === 0 ? p.evalCost : 0));
    const N = c.maxNetuid;
    const held = new Float64Array(N), from = new Int32Array(N).fill(-1), largest = new Float64Array(N);
    const pos = c.positionsOf(ck);
    let rootHk = hk;
    for (let k = 0; k < pos.length; k += 2) {
      const phk = pos[k]!, netuid = pos[k + 1]!, x = c.stake(phk, ck, netuid);
      held[netuid]! += x;
      // Root moves and subnet sells come from the largest position.
      if (x > largest[netuid]!) (largest[netuid] = x), (from[netuid] = phk);
    }
    const rootHeld = held[ROOT]!;
    if (from[ROOT]! >= 0) rootHk = from[ROOT]!;
    const list = Array.from(c.subnetList());
    const n = list.length;
    let W = c.balance(ck) + rootHeld;
    for (const i of list) W += held[i]! * c.spotPrice(i);
    this.wealth = W;
    if (!(W > 0) || n === 0) return;
    this.switchStrategy(W);
    const yRoot = this.rootYield(obs);
    const y = new Float64Array(n), sig2 = new Float64Array(n), upper = new Float64Array(n), mu = new Float64Array(n), w0 = new Float64Array(n);
    const volBlocks = usable(h, p.yieldLookbackEpochs * (c.rules.tempo + 1));
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      const price = c.spotPrice(i);
      w0[k] = (held[i]! * price) / W;
      const dest = c.uidOf(hk, i) >= 0 ? hk : bestValidator(c, i);
      y[k] = this.alphaYield(obs, i) * (dest === hk || dest < 0 ? 1 : 1 - c.hotkeyTake(dest));
      const vol = volBlocks > 2 * h.every ? h.volatility(i, volBlocks) : NaN;
      sig2[k] = Number.isFinite(vol) && vol > 0 ? Math.max(MIN_SIGMA2, vol * vol * (DAY / h.every)) : PRIOR_SIGMA2;
      upper[k] = Math.min(p.maxWeight, (p.maxPoolShare * c.subnets.taoIn[i]!) / W);
    }
    // Two passes: the second prices dilution and the P3 cost of the first pass's target positions.
    const problem: AllocationProblem = { mu, sigma2: sig2, kellyFraction: p.kellyFraction, riskAversion: p.riskAversion, upper, budget: 1 - p.rootFloor };
    const w = new Float64Array(n);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < n; k++) {
        const i = list[k]!, price = c.spotPrice(i), S = stakedAlpha(c, i);
        const target = Math.max(pass === 0 ? w0[k]! : w[k]!, w0[k]!) * W;
        const dS = Math.max(0, target / price - held[i]!);
        const cost = (2 * target) / Math.max(c.subnets.taoIn[i]!, 1e-9) / p.horizonDays;
        mu[k] = (y[k]! * S) / (S + dS) + p.driftShrink * h.logReturn(i, DAY) - yRoot - cost;
      }
      allocate(problem, w);
    }
    this.trade(c, out, list, w, w0, mu, held, from, W, rootHeld, rootHk);
    this.maybeRegister(c, out, list, w, y, W, days);
  }

  private trade(
    c: ChainView, out: Action[], list: number[], w: Float64Array, w0: Float64Array, mu: Float64Array,
    held: Float64Array, from: Int32Array, W: number, rootHeld: number, rootHk: number,
  ): void {
    const p = this.p, ck = this.coldkeys[0]!, hk = this.hotkey, fee = c.rules.flatStakingFee, min = c.rules.minStake;
    let cash = c.balance(ck), root = rootHeld;
    for (let k = 0; k < list.length; k++) {
      const dw = w[k]! - w0[k]!;
      if (!(Math.abs(dw) > p.band)) continue;
      const i = list[k]!, T = c.subnets.taoIn[i]!, A = c.subnets.alphaIn[i]!, price = c.spotPrice(i);
      const value = Math.abs(dw) * W;
      // Rebalance only when the expected gain over H beats the mark-to-spot cost (P3: ΔT²/(T+ΔT) + fees).
      if (dw > 0 && !(value * mu[k]! * p.horizonDays > (value * value) / (T + value) + 2 * fee)) continue;
      if (dw > 0) {
        const dest = c.uidOf(hk, i) >= 0 ? hk : bestValidator(c, i);
        const tao = Math.min(value, p.slippage * T);
        if (dest < 0 || !(tao >= min + fee)) continue;
        if (cash >= tao) {
          cash -= tao;
          out.push({ kind: 'stake', coldkey: ck, hotkey: dest, netuid: i, tao });
        } else if (root - tao >= min || root === tao) {
          root -= tao;
          out.push({ kind: 'move', coldkey: ck, fromHotkey: rootHk, toHotkey: dest, fromNetuid: ROOT, toNetuid: i, alpha: tao });
        } else continue;
      } else {
        const src = from[i]!;
        if (src < 0) continue;
        const have = c.stake(src, ck, i);
        let alpha = Math.min(value / price, (p.slippage * A) / (1 - p.slippage), have);
        if ((have - alpha) * price < min) alpha = have;
        if (!(c.quoteSell(i, alpha) >= min)) continue;
        out.push({ kind: 'move', coldkey: ck, fromHotkey: src, toHotkey: hk, fromNetuid: i, toNetuid: ROOT, alpha });
      }
      this.trades++;
    }
  }

  /** Rule 2: register the hotkey where expected dividends on the target position beat c_infra for Q days. */
  private maybeRegister(c: ChainView, out: Action[], list: number[], w: Float64Array, y: Float64Array, W: number, days: number): void {
    const p = this.p, ck = this.coldkeys[0]!, hk = this.hotkey;
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      if (c.uidOf(hk, i) >= 0) continue;
      const ok = w[k]! * W * y[k]! > p.infraCost;
      const d = ok ? (this.profitable.get(i) ?? 0) + days : 0;
      this.profitable.set(i, d);
      if (d < p.profitDays) continue;
      const burn = c.subnets.neuronBurn[i]!;
      if (c.balance(ck) < burn) {
        const tao = Math.max(burn * 1.01, c.rules.minStake);
        if (c.stake(hk, ck, ROOT) < tao + c.rules.minStake) continue;
        out.push({ kind: 'unstake', coldkey: ck, hotkey: hk, netuid: ROOT, alpha: tao });
      }
      out.push({ kind: 'registerNeuron', coldkey: ck, hotkey: hk, netuid: i });
      this.profitable.set(i, 0);
    }
  }

  /** Brock–Hommes (P2): U_s = π_s − C_s + m·U_s; P(copy) = logit(β_s·(U_copy − U_honest)). */
  private switchStrategy(W: number): void {
    const p = this.p;
    if (p.weightStrategy !== 'switch') return;
    const pi = this.shared.pi;
    const ph = Number.isNaN(pi[0]) ? (Number.isNaN(pi[1]) ? 0 : pi[1]) : pi[0];
    const pc = Number.isNaN(pi[1]) ? ph : pi[1];
    const evalPct = ((p.evalCost * this.validated.length) / W) * 100;
    this.fitness[0] = ph - evalPct + p.memory * this.fitness[0];
    this.fitness[1] = pc + p.memory * this.fitness[1];
    const x = p.switchIntensity * (this.fitness[1] - this.fitness[0]);
    const pCopy = 1 / (1 + Math.exp(-x));
    const next: Strategy = this.rng.next() < pCopy ? 1 : 0;
    if (next !== this.strategy) this.switches++;
    this.strategy = next;
  }

  /** Once per tempo on every validated subnet: bribe, honest or copied weights (rule 4); report fitness. */
  private setWeights(obs: Observation, out: Action[]): void {
    const c = obs.chain;
    let earned = 0;
    if (this.p.acceptBribes) this.bribes.audit(bribeBoard(this.world), this.hotkey, obs.block);
    for (let k = this.validated.length - 1; k >= 0; k--) {
      const netuid = this.validated[k]!;
      const uid = c.subnetExists(netuid) ? c.uidOf(this.hotkey, netuid) : -1;
      if (uid < 0) {
        this.validated.splice(k, 1); // pruned or dissolved
        dropContract(bribeBoard(this.world), this.hotkey, netuid);
        continue;
      }
      const base = netuid * c.maxUids, n = c.subnets.nUids[netuid]!;
      earned += c.neurons.emission[base + uid]! * c.spotPrice(netuid);
      const ring = this.consensusRing(netuid, c.maxUids);
      const snap = ring.pop()!;
      snap.fill(0);
      snap.set(c.neurons.consensus.subarray(base, base + n));
      ring.unshift(snap);
      if (!c.neurons.permit[base + uid]) {
        dropContract(bribeBoard(this.world), this.hotkey, netuid); // its weights would not count
        continue;
      }
      const offer = this.p.acceptBribes ? takeBribe(c, bribeBoard(this.world), this, netuid, uid, obs.block) : null;
      const w = offer ? targetWeights(c, netuid, offer.targets) : this.strategy === 0 ? this.honestWeights(obs, netuid) : copyWeights(c, netuid, ring[Math.min(this.p.copyDelay, ring.length - 1)]!);
      if (!w) continue;
      const a: Action = { kind: 'setWeights', hotkey: this.hotkey, netuid, weights: w };
      if (offer) this.bills.set(a, [offer.payer, offer.rate * c.stakeWeight(this.hotkey, netuid), obs.block]);
      out.push(a);
    }
    for (const nu of [...this.ring.keys()]) if (!this.validated.includes(nu)) this.ring.delete(nu);
    if (this.wealth > 0 && this.validated.length > 0) {
      const pct = ((earned * (DAY / (c.rules.tempo + 1))) / this.wealth) * 100;
      const s = this.shared.pi;
      s[this.strategy] = Number.isNaN(s[this.strategy]) ? pct : (1 - FITNESS_EWMA) * s[this.strategy] + FITNESS_EWMA * pct;
    }
  }

  private consensusRing(netuid: number, maxUids: number): Float64Array[] {
    let r = this.ring.get(netuid);
    if (!r) this.ring.set(netuid, (r = Array.from({ length: this.p.copyDelay + 1 }, () => new Float64Array(maxUids))));
    return r;
  }

  /** Honest: W_vj ∝ max(0, q_j + ε_vj), ε ~ N(0, σ_eval²), over miner UIDs (not validators, not the owner). */
  private honestWeights(obs: Observation, netuid: number): Float64Array | null {
    const c = obs.chain, nr = c.neurons, base = netuid * c.maxUids, n = c.subnets.nUids[netuid]!;
    const owner = c.subnets.ownerHotkey[netuid]!;
    const isRoot = (this.world as Partial<LaunchWorld>).isRootValidator;
    const w = new Float64Array(n);
    let any = false;
    for (let u = 0; u < n; u++) {
      const hk = nr.hotkey[base + u]!;
      if (hk < 0 || hk === this.hotkey || hk === owner || isRoot?.[hk] === 1 || nr.lastUpdate[base + u]! > nr.registeredAt[base + u]!) continue;
      const q = minerQualityOf(this.world, c, hk, netuid, u, this.rng);
      if (!(q > 0)) continue;
      const x = q + this.p.evalNoise * this.rng.normal();
      if (x > 0) (w[u] = x), (any = true);
    }
    return any ? w : null;
  }

  onResult(action: Action, result: ActionResult): void {
    const bill = this.bills.get(action);
    if (bill) this.bills.delete(action);
    if (!result.ok) return; // counted by the population in ledger.rejected
    // An epoch of bribed weights the chain accepted: bill the payer for it.
    if (bill) this.bribes.bill(bribeBoard(this.world), bill[0], bill[1], bill[2]);
    this.ledger.costs += result.fee;
    if (action.kind === 'registerNeuron') {
      this.ledger.costs += -result.taoDelta;
      if (!this.validated.includes(action.netuid)) this.validated.push(action.netuid);
    }
  }
}

/** The permitted UID paying the most dividend per unit of stake weight, net of take; −1 if none. */
export function bestValidator(c: ChainView, netuid: number): number {
  const nr = c.neurons, base = netuid * c.maxUids, n = c.subnets.nUids[netuid]!;
  let best = -1, bestY = -Infinity;
  for (let u = 0; u < n; u++) {
    if (!nr.permit[base + u]) continue;
    const hk = nr.hotkey[base + u]!;
    const sw = c.uidStakeWeight(netuid, u);
    const yv = sw > 0 ? (nr.emission[base + u]! / sw) * (1 - c.hotkeyTake(hk)) : 0;
    if (yv > bestY) (bestY = yv), (best = hk);
  }
  return best;
}

/** Copy: the recorded consensus vector (falls back to nothing before the first consensus). */
function copyWeights(c: ChainView, netuid: number, consensus: Float64Array): Float64Array | null {
  const n = c.subnets.nUids[netuid]!;
  let s = 0;
  for (let u = 0; u < n; u++) s += consensus[u]!;
  return s > 0 ? Float64Array.from(consensus.subarray(0, n)) : null;
}

/** A bribe: all weight on the offer's target hotkeys that hold a UID on `netuid`. */
function targetWeights(c: ChainView, netuid: number, targets: readonly number[]): Float64Array | null {
  const w = new Float64Array(c.subnets.nUids[netuid]!);
  let any = false;
  for (const hk of targets) {
    const u = c.uidOf(hk, netuid);
    if (u >= 0 && u < w.length) (w[u] = 1), (any = true);
  }
  return any ? w : null;
}

export const yieldValidatorFamily: FamilyDef<YieldValidatorParams> = {
  name: 'yieldValidator',
  description: 'Yield-maximising validators: fractional-Kelly allocation between root and alpha, honest/copied/bribed weights (docs/agent-models.md §2)',
  params: YIELD_VALIDATOR_PARAMS,
  create: (ctx, params, id) => new YieldValidator(ctx, params, id),
};
