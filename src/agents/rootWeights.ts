// The one "world process" that is not an agent: the genesis root validators setting honest weights over miners
// so that Yuma has weights to work on (docs/agent-models.md §2 step 4, honest: W_vj ∝ max(0, q_j + ε),
// ε ~ N(0, σ_eval²)), the root vote under the root-vote share mode, and new subnets entering over time.
import type { Chain } from '../market/chain.ts';
import { type ActionResult, ROOT } from '../market/types.ts';
import type { Rng } from './rng.ts';
import { RootVoteBias } from './rootVote.ts';
import { SubnetEntry } from './subnetEntry.ts';
import { type LaunchWorld, applyMinerBurn, uidQuality } from './world.ts';

/** Root validators' evaluation noise σ_eval (docs/agent-models.md §2: 0.05–0.15, the noise range of public Yuma simulations). */
export const ROOT_EVAL_NOISE = 0.1;
/**
 * Each root validator re-sets its weights on each subnet every this many blocks (3 tempos), staggered over
 * the (validator, subnet) pairs: well inside the 5000-block activity cutoff (docs/chain-rules.md §7 step 1) and a third of the
 * cost of setting them every tempo (64 × 64 weight vectors per pass).
 */
export const ROOT_WEIGHT_PERIOD = 3 * 361;

/**
 * The world process: every genesis root validator re-sets honest weights on every subnet where it holds a
 * UID and a validator permit, once per ROOT_WEIGHT_PERIOD blocks, staggered over (validator, netuid) pairs.
 * set_weights needs a permit (docs/chain-rules.md §7 step 3), which a subnet's first epoch hands out, so each subnet gets a
 * first full pass as soon as its root validators hold permits. Weights go to miners only: UIDs that are not a
 * root validator, not the owner's hotkey, and have never set weights themselves (docs/chain-rules.md §7 step 5: weights count
 * only for UIDs registered before they were set, so new miners are picked up at the next pass).
 */
export class RootWeightSetter {
  private readonly weights: Float64Array;
  /** setPair's scratch: the miners of one weight vector, and their noise draws. */
  private eps: Float64Array | null = null;
  private miners: Int32Array | null = null;
  private readonly views: Float64Array[] = [];
  private cursor = 0;
  private cycle = -1;
  private ready: Uint8Array | null = null;
  private waiting = 0;
  /** Per netuid: the last epoch block at which firstPasses looked for permits. */
  private seenEpoch: Float64Array | null = null;
  /** Weight vectors sent, and the ones the chain rejected. */
  sent = 0;
  rejected = 0;
  /** Rejections by reason (the population reports them under family 'world'). */
  readonly rejections: Record<string, number> = {};
  /** New subnets entering over time (subnetEntry.ts), when world.subnetEntry > 0; its own stream. */
  readonly entry: SubnetEntry | null;
  /** The root vote's failings (rootVote.ts), when any is set; created at the first vote. */
  private rootBias: RootVoteBias | null | undefined;

  constructor(
    private readonly world: LaunchWorld,
    private readonly rng: Rng,
    readonly period = ROOT_WEIGHT_PERIOD,
    readonly noise = ROOT_EVAL_NOISE,
  ) {
    this.weights = new Float64Array(4096);
    const spec = world.spec;
    this.entry = spec.subnetEntry > 0 ? new SubnetEntry(world, rng.fork('subnet-entry'), spec.subnetEntry, spec.entryChurnDays) : null;
  }

  /** Pairs due at `block` (cheap when none are). */
  act(block: number, chain: Chain, result: ActionResult): void {
    this.entry?.act(block, chain, result);
    const nv = this.world.rootValidators.length;
    if (nv === 0) return;
    if (chain.rules.shareMode === 'root-vote' && block % chain.rules.tempo === 0) this.voteRoot(chain, result);
    if (!this.ready) {
      this.ready = new Uint8Array(chain.maxNetuid);
      for (let i = 1; i < chain.maxNetuid; i++) if (chain.subnets.exists[i]) this.waiting++;
      this.ready[0] = 1;
      for (let i = 1; i < chain.maxNetuid; i++) if (!chain.subnets.exists[i]) this.ready[i] = 1;
    }
    if (this.waiting > 0) this.firstPasses(chain, result);
    const pairs = nv * (chain.maxNetuid - 1);
    // Pairs p with floor(p · period / pairs) = block mod period, in order.
    const cycle = Math.floor(block / this.period);
    if (cycle !== this.cycle) {
      this.cycle = cycle;
      this.cursor = 0;
    }
    const phase = block - cycle * this.period;
    const end = phase === this.period - 1 ? pairs : Math.floor(((phase + 1) * pairs) / this.period);
    while (this.cursor < end) {
      const p = this.cursor++;
      const netuid = 1 + Math.floor(p / nv);
      if (this.ready[netuid]) this.setPair(netuid, this.world.rootValidators[p % nv]!, chain, result);
    }
  }

  /**
   * Subnets whose root validators got permits since the last block: set all their weights now. Permits are
   * only granted by a subnet's epoch, so a waiting subnet is re-scanned only once its last epoch block moved.
   */
  private firstPasses(chain: Chain, result: ActionResult): void {
    const M = chain.maxUids;
    const seen = (this.seenEpoch ??= new Float64Array(chain.maxNetuid).fill(Number.NaN));
    for (let netuid = 1; netuid < chain.maxNetuid; netuid++) {
      if (this.ready![netuid]) continue;
      if (!chain.subnets.exists[netuid]) {
        this.ready![netuid] = 1;
        this.waiting--;
        continue;
      }
      const epoch = chain.subnets.lastEpochBlock[netuid]!;
      if (epoch === seen[netuid]) continue;
      seen[netuid] = epoch;
      let permitted = false;
      for (const hk of this.world.rootValidators) {
        const uid = chain.uidOf(hk, netuid);
        if (uid >= 0 && chain.neurons.permit[netuid * M + uid]) {
          permitted = true;
          break;
        }
      }
      if (!permitted) continue;
      this.ready![netuid] = 1;
      this.waiting--;
      for (const hk of this.world.rootValidators) this.setPair(netuid, hk, chain, result);
    }
  }

  private setPair(netuid: number, hotkey: number, chain: Chain, result: ActionResult): void {
    const subnets = chain.subnets;
    if (!subnets.exists[netuid]) return;
    const self = chain.uidOf(hotkey, netuid);
    const M = chain.maxUids;
    const nr = chain.neurons;
    const base = netuid * M;
    if (self < 0 || !nr.permit[base + self]) return; // no UID or no permit: the chain would reject it
    const n = subnets.nUids[netuid]!;
    const owner = subnets.ownerHotkey[netuid]!;
    const w = this.view(n);
    // The hot loop of the world process (~200 miner UIDs × 64 validators × 64 subnets per period): fields in locals.
    const world = this.world, isRoot = world.isRootValidator, qualityHotkey = world.uidQualityHotkey, quality = world.uidQuality;
    const hotkeys = nr.hotkey, lastUpdate = nr.lastUpdate, registeredAt = nr.registeredAt;
    const rng = this.rng, noise = this.noise;
    // The miners in order, then their noise in batches (Rng.fillNormal: the same draws as one normal() per
    // miner, in the same order; a batch stops before a miner whose quality is drawn first, from this stream).
    const eps = (this.eps ??= new Float64Array(M));
    const miners = (this.miners ??= new Int32Array(M));
    let nm = 0;
    let drawn = 0;
    for (let uid = 0; uid < n; uid++) {
      const i = base + uid;
      const hk = hotkeys[i]!;
      w[uid] = 0;
      if (hk < 0 || hk === owner || isRoot[hk] === 1 || lastUpdate[i]! > registeredAt[i]!) continue;
      if (qualityHotkey[i] !== hk) {
        rng.fillNormal(eps, drawn, nm);
        drawn = nm;
        uidQuality(world, M, netuid, uid, hk, rng);
      }
      miners[nm++] = uid;
    }
    rng.fillNormal(eps, drawn, nm);
    let any = false;
    for (let k = 0; k < nm; k++) {
      const uid = miners[k]!;
      const x = quality[base + uid]! + noise * eps[k]!;
      if (x > 0) {
        w[uid] = x;
        any = true;
      }
    }
    if (!any) return;
    applyMinerBurn(this.world, chain, netuid, w);
    chain.apply({ kind: 'setWeights', hotkey, netuid, weights: w }, result);
    this.sent++;
    if (!result.ok) {
      this.rejected++;
      this.rejections[result.reason] = (this.rejections[result.reason] ?? 0) + 1;
    }
  }

  /**
   * Root-vote counterfactual (pre-dTAO): each root validator weights subnets by its noisy evaluation of their
   * latent quality, max(0, q + noise·N(0,1)), once per tempo. An honest-evaluator assumption: the pre-dTAO root
   * network also showed politics and favouritism: world.rootFavouritism, rootAttention and rootDeals add them
   * (rootVote.ts: a bias on own, associated and deal subnets, and subnets a validator does not evaluate get 0).
   */
  private voteRoot(chain: Chain, result: ActionResult): void {
    const w = this.view(chain.maxNetuid);
    const spec = this.world.spec;
    const noise = spec.rootEvalNoise;
    if (this.rootBias === undefined) {
      const p = { favouritism: spec.rootFavouritism, attention: spec.rootAttention, deals: spec.rootDeals };
      const stakes = Float64Array.from(this.world.rootValidators, (hk) => chain.hotkeyStake(hk, ROOT));
      this.rootBias = RootVoteBias.active(p) ? new RootVoteBias(p, stakes, chain.maxNetuid, this.rng.fork('root-vote')) : null;
    }
    const bias = this.rootBias;
    bias?.see(chain.subnets.exists, chain.subnetList().length);
    const N = chain.maxNetuid;
    for (let k = 0; k < this.world.rootValidators.length; k++) {
      const hotkey = this.world.rootValidators[k]!;
      let any = false;
      w[0] = 0;
      for (let i = 1; i < N; i++) {
        let x = 0;
        if (chain.subnets.exists[i] && (!bias || bias.evaluates[k * N + i])) {
          x = this.world.subnetQuality[i]! + (bias ? bias.bias[k * N + i]! : 0) + noise * this.rng.normal();
        }
        w[i] = x > 0 ? x : 0;
        if (x > 0) any = true;
      }
      if (!any) continue;
      chain.apply({ kind: 'setRootWeights', hotkey, weights: w }, result);
      this.sent++;
      if (!result.ok) {
        this.rejected++;
        this.rejections[result.reason] = (this.rejections[result.reason] ?? 0) + 1;
      }
    }
  }

  private view(n: number): Float64Array {
    return (this.views[n] ??= this.weights.subarray(0, n));
  }
}
