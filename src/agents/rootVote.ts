// The root vote's failings (docs/calibration.md "The root vote, fairly posed"): the pre-dTAO counterfactual
// (`root-vote`) had root validators weight subnets by a noisy view of quality — honest evaluators, so a
// comparison with the market is decided by assumption. The observed root network was not like that:
// voting power concentrated (top 5 > 65% of delegated TAO, data/observed R1 — set by world.rootStakeExponent),
// validators favouring their own or associated subnets, limited attention across 60+ subnets, and
// revenue-sharing deals between subnets and large validators. These are world parameters, all off by default:
//   rootFavouritism  bias (in quality units) a validator adds to subnets it is associated with or has a deal with;
//   rootAttention    subnets a validator evaluates (0: all); the rest get no weight, its own and deal subnets always;
//   rootDeals        probability that a subnet has a revenue-sharing deal with each of the 5 largest validators;
//   rootEvalNoise    sd of a validator's noise on a subnet's quality (the honest default 0.1).
// Association: each subnet is associated with one root validator drawn ∝ its root stake (large validators
// run or back more subnets). All draws are made once per (validator, subnet) when the subnet is first seen,
// from the world's 'root-vote' stream, so the rest of the run's randomness is unchanged.
import type { Rng } from './rng.ts';

/** Validators counted as "large" for revenue-sharing deals (R1's top 5). */
export const DEAL_VALIDATORS = 5;

export interface RootVoteParams {
  favouritism: number;
  attention: number;
  deals: number;
}

export class RootVoteBias {
  /** Associated validator (index into rootValidators) per netuid, −1 until the subnet is seen. */
  readonly associate: Int32Array;
  /** Per (validator k, netuid): 1 if it evaluates the subnet, and its bias; index k·maxNetuid + netuid. */
  readonly evaluates: Uint8Array;
  readonly bias: Float64Array;
  private readonly seen: Uint8Array;

  constructor(
    readonly p: RootVoteParams,
    private readonly stakes: Float64Array,
    private readonly maxNetuid: number,
    private readonly rng: Rng,
  ) {
    const nv = stakes.length;
    this.associate = new Int32Array(maxNetuid).fill(-1);
    this.evaluates = new Uint8Array(nv * maxNetuid);
    this.bias = new Float64Array(nv * maxNetuid);
    this.seen = new Uint8Array(maxNetuid);
  }

  /** True when any failing is switched on (otherwise the honest vote runs unchanged). */
  static active(p: RootVoteParams): boolean {
    return p.favouritism > 0 || p.attention > 0 || p.deals > 0;
  }

  /** Draw the association, deals and attention for subnets not seen yet (`subnets` alive now). */
  see(exists: Uint8Array | ArrayLike<number>, subnets: number): void {
    const nv = this.stakes.length;
    const N = this.maxNetuid;
    const pEval = this.p.attention > 0 ? Math.min(1, this.p.attention / Math.max(1, subnets)) : 1;
    for (let i = 1; i < N; i++) {
      if (!exists[i] || this.seen[i]) continue;
      this.seen[i] = 1;
      const a = this.rng.pickWeighted(this.stakes, nv);
      this.associate[i] = a < 0 ? 0 : a;
      for (let k = 0; k < nv; k++) {
        const deal = k < DEAL_VALIDATORS && this.p.deals > 0 && this.rng.next() < this.p.deals;
        const own = this.associate[i] === k;
        const evalIt = own || deal || pEval >= 1 || this.rng.next() < pEval;
        this.evaluates[k * N + i] = evalIt ? 1 : 0;
        this.bias[k * N + i] = own || deal ? this.p.favouritism : 0;
      }
    }
  }
}
