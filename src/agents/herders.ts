// Retail herders (docs/agent-models.md §1): limited attention, momentum and yield logit, Kirman herding,
// Lux–Marchesi moods, disposition sells, stop-loss / take-profit, influencer shocks, and an optional
// fundamentalist term (`qualityWeight`). The model, its sources and what is left out (Cont–Bouchaud
// clusters) are in docs/agent-models.md §1.
import { type Action, type ActionResult, type ChainView, ROOT } from '../market/types.ts';
import { BLOCKS_PER_DAY, type Position, TwapBook, alphaYield, chooseValidator, logit, minOrder, rootYield } from './trading.ts';
import type { Rng } from './rng.ts';
import type { Agent, AgentLedger, FamilyDef, Observation, ParamDoc, SetupContext } from './types.ts';
import type { ValuesOf } from '../market/params.ts';

const INF = Number.POSITIVE_INFINITY;
const L = [360, 216_000] as const;

/** Parameters (docs/agent-models.md §1 table; symbols in brackets). Units: blocks of 12 s, days of 7200 blocks. */
export const HERDER_PARAMS = [
  { name: 'wealth', meaning: 'starting liquid TAO (§6 scenario: lognormal, median 20, sigma 1.5)', unit: 'TAO', default: 20, range: [0, 1e7] },
  { name: 'wakeRate', meaning: 'mean wake rate [λ̄]', unit: '1/day', default: 0.5, range: [0.05, 5] },
  { name: 'wakeDispersion', meaning: 'lognormal dispersion of wake rates across herders [σ_λ]', unit: '–', default: 1, range: [0, 2] },
  { name: 'attention', meaning: 'attention set size, rounded [K]', unit: 'subnets', default: 5, range: [1, 64] },
  { name: 'wReturn', meaning: 'salience weight of |return|/volatility [w_r]', unit: '–', default: 1, range: [0, 3] },
  { name: 'wVolume', meaning: 'salience weight of log abnormal volume [w_v]', unit: '–', default: 1, range: [0, 3] },
  { name: 'wFlow', meaning: 'salience weight of the net-flow rank [w_f]', unit: '–', default: 0.5, range: [0, 3] },
  { name: 'wShare', meaning: 'salience weight of the emission-share change [w_e]', unit: '–', default: 0.5, range: [0, 3] },
  { name: 'newsPrecision', meaning: 'precision of Gumbel news noise on salience [β_a]', unit: '–', default: 2, range: [0.1, INF] },
  { name: 'lookbackAttention', meaning: 'attention lookback [L_a]', unit: 'blocks', default: 7200, range: L },
  { name: 'lookbackMomentum', meaning: 'momentum lookback [L_m]', unit: 'blocks', default: 21_600, range: L },
  { name: 'lookbackSentiment', meaning: 'sentiment lookback [L_s]', unit: 'blocks', default: 7200, range: L },
  { name: 'lookbackHerding', meaning: 'herding-flow lookback [L_h]', unit: 'blocks', default: 7200, range: L },
  { name: 'slippagePenalty', meaning: 'utility penalty per unit of slippage [χ]', unit: '–', default: 10, range: [0, 100] },
  { name: 'momentumWeight', meaning: 'momentum weight in utility [g]', unit: '–', default: 1, range: [0, 3] },
  { name: 'yieldWeight', meaning: 'yield weight in utility [y]', unit: '–', default: 0.3, range: [0, 2] },
  { name: 'intensity', meaning: 'logit intensity of choice [β]', unit: '1/utility', default: 2, range: [0, 20] },
  { name: 'herding', meaning: 'weight on last-day positive flows (Kirman) [η]', unit: '–', default: 0.4, range: [0, 1] },
  { name: 'moodRate', meaning: 'mood switching frequency [ν]', unit: '1/day', default: 1, range: [0.1, 5] },
  { name: 'moodHerding', meaning: 'majority (sentiment) effect on mood [a₁]', unit: '–', default: 0.6, range: [0, 2] },
  { name: 'moodTrend', meaning: 'trend-chasing effect on mood [a₂]', unit: '–', default: 0.2, range: [0, 1] },
  { name: 'bullFraction', meaning: 'probability of starting in the bull mood', unit: '–', default: 0.5, range: [0, 1] },
  { name: 'buyFraction', meaning: 'fraction of wealth per buy [φ]', unit: '–', default: 0.2, range: [0.02, 1] },
  { name: 'slippage', meaning: 'slippage tolerance: buys ≤ σ·T, sells ≤ σ·A/(1−σ) [σ]', unit: '–', default: 0.02, range: [0.001, 0.2] },
  { name: 'sellProbability', meaning: 'probability of selling a held position when bear [ψ]', unit: '–', default: 0.5, range: [0, 1] },
  { name: 'disposition', meaning: 'disposition tilt: winners sold with ψ·(1+d) [d]', unit: '–', default: 0.5, range: [0, 2] },
  { name: 'stopLoss', meaning: 'sell a position at log-return vs basis below −ℓ [ℓ]', unit: 'log-return', default: 0.5, range: [0.1, INF] },
  { name: 'takeProfit', meaning: 'sell a position at log-return vs basis above τ_p [τ_p]', unit: 'log-return', default: 1, range: [0.1, INF] },
  { name: 'validatorsConsidered', meaning: 'validators considered: top-M by stake, rounded [M]', unit: 'validators', default: 5, range: [1, 64] },
  { name: 'validatorIntensity', meaning: 'logit intensity over validators\' net yield [β_v]', unit: '–', default: 3, range: [0, 20] },
  { name: 'attentionBoost', meaning: 'wake-rate boost per index-return sigma beyond 1 [κ_a]', unit: '–', default: 1, range: [0, 5] },
  { name: 'influencerRate', meaning: 'influencer shocks promoting one random subnet for a day; one process shared by all herders (the first herder\'s value)', unit: 'shocks/day', default: 0.2, range: [0, 24] },
  { name: 'qualityWeight', meaning: 'fundamentalist weight: utility of perceived latent quality above the mean perceived quality of all subnets (0 = §1\'s quality-blind herder)', unit: 'utility per unit of quality', default: 0, range: [0, 5] },
  { name: 'qualityNoise', meaning: 'sd of each herder\'s private, persistent error on each subnet\'s quality (quality itself is in [0, 1], sd ≈ 0.22 across subnets at the default Beta(2, 2))', unit: 'quality', default: 0.2, range: [0, 2] },
  { name: 'influencerBoost', meaning: 'salience added to a promoted subnet while its shock lasts', unit: 'salience', default: 2, range: [0, 20] },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type HerderParams = ValuesOf<typeof HERDER_PARAMS>;

/** Yields are compared on this scale (0.1%/day ≈ 44% a year), then clipped to ±3 (P2: comparable β). */
const YIELD_SCALE = 0.001;
/** Floor on per-snapshot volatility (≈ 2%/day at 20 snapshots a day) so early, flat history gives finite z-scores. */
const VOL_FLOOR = 0.005;
/** Window of the "normal" volume V̄ and of volatility estimates (7 days). */
const NORMAL_WINDOW = 7 * BLOCKS_PER_DAY;
/** Volume smoothing constant in ln((V + v0)/(V̄ + v0)). */
const VOLUME_FLOOR = 0.01;
/** Yield estimates look back 3 days (L_y = 60 epochs). */
const YIELD_WINDOW = 3 * BLOCKS_PER_DAY;
/** An influencer shock lasts one day. */
const SHOCK_BLOCKS = BLOCKS_PER_DAY;

/** The influencer process: Poisson shocks, each promoting a uniformly drawn subnet for a day. Advanced lazily. */
export class Influencer {
  private next: number;
  /** Shocks of the last 30 days: netuid, first block, last block. */
  readonly shocks: Array<{ netuid: number; from: number; until: number }> = [];
  constructor(private readonly rate: number, private readonly rng: Rng) {
    this.next = rng.wakeDelay(rate);
  }
  /** Draw the shocks up to `block`; the subnet drawn is uniform over those existing when the shock fires. */
  advance(block: number, view: ChainView): void {
    while (this.next <= block) {
      const list = view.subnetList();
      if (list.length > 0) this.shocks.push({ netuid: list[this.rng.int(list.length)]!, from: this.next, until: this.next + SHOCK_BLOCKS });
      this.next += this.rng.wakeDelay(this.rate);
    }
    while (this.shocks.length > 0 && this.shocks[0]!.until < block - 30 * BLOCKS_PER_DAY) this.shocks.shift();
  }
  /** Shocks promoting `netuid` at `block` (0 when none). */
  promoted(netuid: number, block: number): number {
    let n = 0;
    for (const s of this.shocks) if (s.netuid === netuid && s.from <= block && block <= s.until) n++;
    return n;
  }
}

/** Index volatility (sd of per-snapshot log returns of Σ p_i over 7 days), cached per snapshot period. */
interface MarketCache { period: number; indexVol: number }

function indexVolatility(obs: Observation, cache: MarketCache): number {
  const h = obs.history;
  const period = Math.floor(obs.block / h.every);
  if (cache.period === period) return cache.indexVol;
  const list = obs.chain.subnetList();
  const steps = Math.min(Math.floor(NORMAL_WINDOW / h.every), h.length - 1);
  let prev = 0;
  let n = 0, mean = 0, m2 = 0;
  for (let k = steps; k >= 0; k--) {
    let sum = 0;
    for (let j = 0; j < list.length; j++) sum += h.priceAgo(list[j]!, k * h.every);
    if (k < steps && prev > 0 && sum > 0) {
      const r = Math.log(sum / prev);
      n++;
      const d = r - mean;
      mean += d / n;
      m2 += d * (r - mean);
    }
    prev = sum;
  }
  cache.period = period;
  cache.indexVol = n >= 2 ? Math.sqrt(m2 / (n - 1)) : 0;
  return cache.indexVol;
}

// Scratch shared by all herders (one wakes at a time): nothing here outlives a wake.
const sal = new Float64Array(4096);
const idx = new Int32Array(4096);
const flowScratch = new Float64Array(4096);
const util = new Float64Array(4097);
const prob = new Float64Array(4097);
const size = new Float64Array(4097);

export class Herder implements Agent {
  readonly family = 'herder';
  readonly cartel = false;
  readonly coldkeys: number[];
  readonly ledger: AgentLedger;
  nextWake: number;
  bull: boolean;
  /** Buys and sells sent (tests and metrics read them). */
  buys = 0;
  sells = 0;
  private readonly rate: number;
  private lastWake = 0;
  private regularWake: number;
  private readonly lastShare: Float64Array;
  private readonly twap = new TwapBook();
  private view: ChainView | null = null;
  /** Perceived quality q̂ per netuid slot, drawn at the first buy that needs it (null while qualityWeight = 0). */
  private perceived: Float64Array | null = null;

  constructor(
    readonly id: number,
    readonly coldkey: number,
    readonly p: HerderParams,
    private readonly rng: Rng,
    private readonly influencer: Influencer,
    private readonly market: MarketCache,
    maxNetuid: number,
  ) {
    this.coldkeys = [coldkey];
    this.ledger = { capital: p.wealth, costs: 0, rejected: 0 };
    // P1: rates lognormal across agents with mean λ̄.
    this.rate = p.wakeRate * Math.exp(p.wakeDispersion * rng.normal() - (p.wakeDispersion * p.wakeDispersion) / 2);
    this.bull = rng.next() < p.bullFraction;
    this.lastShare = new Float64Array(maxNetuid).fill(-1);
    this.regularWake = rng.wakeDelay(this.rate);
    this.nextWake = this.regularWake;
  }

  act(obs: Observation, out: Action[]): void {
    const block = obs.block;
    this.view = obs.chain;
    if (block >= this.regularWake) this.decide(obs, out);
    this.twap.due(obs.chain, this.coldkey, block, this.p.slippage, out);
    this.nextWake = Math.min(this.regularWake, this.twap.nextChunk());
  }

  /** One full decision (§1 "Decision rule"), then the next regular wake. */
  private decide(obs: Observation, out: Action[]): void {
    const { p, rng } = this;
    const v = obs.chain;
    const h = obs.history;
    const block = obs.block;
    const list = v.subnetList();
    const n = list.length;
    const dt = Math.min(30, (block - this.lastWake) / BLOCKS_PER_DAY);
    this.lastWake = block;
    this.influencer.advance(block, v);

    // Market signals: sentiment x (net/gross flow), index return R_M and its z-score.
    let net = 0, gross = 0, pNow = 0, pThen = 0;
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      net += h.netFlow(i, p.lookbackSentiment);
      gross += h.grossFlow(i, p.lookbackSentiment);
      pNow += v.spotPrice(i);
      pThen += h.priceAgo(i, p.lookbackMomentum);
    }
    const x = gross > 0 ? net / gross : 0;
    const rM = pNow > 0 && pThen > 0 ? Math.log(pNow / pThen) : 0;
    const sM = Math.max(indexVolatility(obs, this.market), VOL_FLOOR) * Math.sqrt(p.lookbackMomentum / h.every);
    const zM = rM / sM;

    // 1. Mood (Lux–Marchesi): bear→bull at rate ν·e, bull→bear at ν/e, e = exp(a₁x + a₂R_M/σ̂_M). Over the Δt
    // since the last wake we use the two-state chain's exact transition; for small ν·Δt it is §1's
    // min(1, ν·Δt·e^±), which at the defaults (ν·Δt ≈ 2) would flip nearly every mood at every wake.
    const e = Math.exp(p.moodHerding * x + p.moodTrend * zM);
    const up = p.moodRate * e, down = p.moodRate / e;
    const pi = up / (up + down);
    const pBull = pi + ((this.bull ? 1 : 0) - pi) * Math.exp(-(up + down) * dt);
    this.bull = rng.next() < pBull;

    // Holdings: positions marked at spot; wealth W = free TAO + positions.
    const cash = v.balance(this.coldkey);
    const pos = v.positionsOf(this.coldkey);
    let wealth = cash;
    for (let k = 0; k < pos.length; k += 2) wealth += v.stake(pos[k]!, this.coldkey, pos[k + 1]!) * v.spotPrice(pos[k + 1]!);

    // 4. Stop-loss / take-profit (any mood), 3. bear sells with disposition tilt. Root is the safe outside option.
    for (let k = 0; k < pos.length; k += 2) {
      const hk = pos[k]!, netuid = pos[k + 1]!;
      if (netuid === ROOT || this.twap.selling(hk, netuid)) continue;
      const value = v.stake(hk, this.coldkey, netuid) * v.spotPrice(netuid);
      const basis = this.twap.basisOf(hk, netuid, value);
      const r = basis > 0 && value > 0 ? Math.log(value / basis) : 0;
      let sell = r < -p.stopLoss || r > p.takeProfit;
      if (!sell && !this.bull) sell = rng.next() < p.sellProbability * (1 + (value > basis ? p.disposition : 0));
      if (sell) {
        this.twap.start(hk, netuid, v.stake(hk, this.coldkey, netuid), block);
        this.sells++;
      }
    }

    // 2. Bull: buy into the attention set or root.
    if (this.bull && cash >= minOrder(v)) this.buy(obs, list, n, cash, wealth, out);

    // Next regular wake: Poisson with the attention boost (volume begets volume).
    const boost = 1 + p.attentionBoost * Math.max(0, Math.abs(zM) - 1);
    this.regularWake = block + rng.wakeDelay(this.rate * boost);
    // Remember emission shares for the next wake's Δs.
    for (let k = 0; k < n; k++) this.lastShare[list[k]!] = v.subnets.emissionShare[list[k]!]!;
  }

  private buy(obs: Observation, list: Int32Array, n: number, cash: number, wealth: number, out: Action[]): void {
    const { p, rng } = this;
    const v = obs.chain;
    const h = obs.history;
    const block = obs.block;
    const every = h.every;
    const K = Math.min(n, Math.max(1, Math.round(p.attention)));
    // Salience: |R|/σ̂, log abnormal volume, flow rank, share change, Gumbel news, influencer promotion.
    const span = Math.max(p.lookbackAttention, Math.min(NORMAL_WINDOW, block));
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      flowScratch[k] = h.netFlow(i, p.lookbackAttention);
      idx[k] = k;
    }
    const rank = rankOf(flowScratch, n);
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      const vol = Math.max(h.volatility(i, NORMAL_WINDOW), VOL_FLOOR) * Math.sqrt(p.lookbackAttention / every);
      const vNow = h.volume(i, p.lookbackAttention);
      const vNormal = (h.volume(i, span) * p.lookbackAttention) / span;
      const s0 = this.lastShare[i]!;
      const ds = s0 >= 0 ? (v.subnets.emissionShare[i]! - s0) * n : 0;
      sal[k] =
        p.wReturn * (Math.abs(h.logReturn(i, p.lookbackAttention)) / vol) +
        p.wVolume * Math.log((vNow + VOLUME_FLOOR) / (vNormal + VOLUME_FLOOR)) +
        p.wFlow * rank(k) +
        p.wShare * ds +
        rng.gumbel(1 / p.newsPrecision) +
        p.influencerBoost * this.influencer.promoted(i, block);
    }
    // Attention set 𝒜: the top-K by salience (idx[0..K) after a partial selection sort).
    if (K < n) for (let a = 0; a < K; a++) {
      let best = a;
      for (let b = a + 1; b < n; b++) if (sal[idx[b]!]! > sal[idx[best]!]!) best = b;
      const t = idx[a]!; idx[a] = idx[best]!; idx[best] = t;
    }
    // Utility U_k = g·R/σ̂ + y·(ŷ_k − ŷ_root)/ȳ − χ·slip + w_q·(q̂_k − mean q̂); root (index K) has U = 0.
    const yRoot = rootYield(v, h, YIELD_WINDOW);
    const q = p.qualityWeight > 0 ? this.beliefs(obs) : null;
    let qMean = 0;
    if (q) {
      for (let k = 0; k < n; k++) qMean += q[list[k]!]!;
      qMean /= n;
    }
    const budget = Math.min(p.buyFraction * wealth, cash);
    let fPos = 0;
    for (let a = 0; a < K; a++) {
      const i = list[idx[a]!]!;
      const T = v.subnets.taoIn[i]!;
      const dT = Math.min(budget, p.slippage * T);
      size[a] = dT;
      const vol = Math.max(h.volatility(i, NORMAL_WINDOW), VOL_FLOOR) * Math.sqrt(p.lookbackMomentum / every);
      const yGap = Math.max(-3, Math.min(3, (alphaYield(v, h, i, YIELD_WINDOW) - yRoot) / YIELD_SCALE));
      util[a] = p.momentumWeight * (h.logReturn(i, p.lookbackMomentum) / vol) + p.yieldWeight * yGap - p.slippagePenalty * (T > 0 ? dT / T : 1);
      if (q) util[a] += p.qualityWeight * (q[i]! - qMean);
      fPos += Math.max(0, h.netFlow(i, p.lookbackHerding));
    }
    util[K] = 0;
    size[K] = budget;
    logit(util, K + 1, p.intensity, prob);
    // Herding mixture: (1−η)·logit + η·F⁺/ΣF⁺ over 𝒜 (root gets only the logit part).
    if (p.herding > 0 && fPos > 0) {
      for (let a = 0; a <= K; a++) {
        const fa = a < K ? Math.max(0, h.netFlow(list[idx[a]!]!, p.lookbackHerding)) / fPos : 0;
        prob[a] = (1 - p.herding) * prob[a]! + p.herding * fa;
      }
    }
    const a = rng.pickWeighted(prob, K + 1);
    if (a < 0) return;
    const netuid = a === K ? ROOT : list[idx[a]!]!;
    const tao = size[a]!;
    if (tao < minOrder(v)) return;
    const hotkey = chooseValidator(v, obs.world, netuid, Math.round(p.validatorsConsidered), p.validatorIntensity, rng);
    if (hotkey < 0) return;
    out.push({ kind: 'stake', coldkey: this.coldkey, hotkey, netuid, tao });
    this.buys++;
  }

  /** This herder's persistent quality beliefs q̂ = q + qualityNoise·N(0,1), one per netuid slot (root's unused). */
  private beliefs(obs: Observation): Float64Array {
    if (this.perceived) return this.perceived;
    const q = obs.world.subnetQuality;
    const own = this.rng.fork('quality');
    const b = (this.perceived = new Float64Array(q.length));
    for (let i = 0; i < q.length; i++) b[i] = q[i]! + this.p.qualityNoise * own.normal();
    return b;
  }

  onResult(action: Action, result: ActionResult): void {
    if (this.view) this.twap.onResult(this.view, this.coldkey, action, result);
  }

  /** Held positions with their basis (for tests and reports). */
  positions(): Position[] {
    return this.twap.positions();
  }
}

/** Normalised rank in [0, 1] of x[k] among x[0..n) (ties share the lower rank). */
function rankOf(x: Float64Array, n: number): (k: number) => number {
  return (k: number) => {
    if (n <= 1) return 0.5;
    let below = 0;
    for (let j = 0; j < n; j++) if (x[j]! < x[k]!) below++;
    return below / (n - 1);
  };
}

export const herderFamily: FamilyDef<HerderParams> = {
  name: 'herder',
  description: 'Retail herders (§1): limited attention, momentum + yield logit, Kirman herding, Lux–Marchesi moods, disposition sells',
  params: HERDER_PARAMS,
  create(ctx: SetupContext, params: HerderParams, id: number): Agent {
    const sh = ctx.shared as { rng: Rng; influencer?: Influencer; market?: MarketCache };
    sh.influencer ??= new Influencer(params.influencerRate, sh.rng.fork('influencer'));
    sh.market ??= { period: -1, indexVol: 0 };
    const coldkey = ctx.chain.addColdkey(params.wealth);
    return new Herder(id, coldkey, params, ctx.rng, sh.influencer, sh.market, ctx.chain.maxNetuid);
  },
};
