// The cartel's strategies S1–S6 (docs/agent-models.md §3) as small objects, one per strategy, each with its
// own state. A member (owners.ts CartelAgent) runs them in a fixed order every tempo and at each strategy
// wake; each queues actions through the member (tagged for its P&L accounting) and sees the actions queued
// before it. Formulas and limits: the S1–S6 table in docs/agent-models.md §3.
import { BLOCKS_PER_DAY } from '../market/types.ts';
import type { Action, ChainView } from '../market/types.ts';
import { billsToPay, bribeBid, bribeBoard } from './bribes.ts';
import type { CartelAgent } from './owners.ts';
import { maxSell } from './trading.ts';
import type { Observation } from './types.ts';
import { applyMinerBurn } from './world.ts';

const DAY = BLOCKS_PER_DAY;

/** What a strategy sees when it runs: the chain, the block, days since the last strategy wake, TAO already committed this block. */
export interface CartelWake {
  obs: Observation;
  c: ChainView;
  block: number;
  days: number;
  committed: number;
}

export interface CartelStrategy {
  /** Run every tempo (weights, chunks, settlements). */
  everyTempo?(m: CartelAgent, w: CartelWake, out: Action[]): void;
  /** Run at each strategy wake (about wakesPerDay a day). */
  atWake?(m: CartelAgent, w: CartelWake, out: Action[]): void;
}

/** Alpha to unstake for `want`: capped by the holding, and all of it rather than leave dust below min_stake (docs/chain-rules.md §5). */
function unstakeAmount(c: ChainView, hotkey: number, coldkey: number, netuid: number, want: number): number {
  const held = c.stake(hotkey, coldkey, netuid);
  const alpha = Math.min(want, held);
  return (held - alpha) * c.spotPrice(netuid) < c.rules.minStake ? held : alpha;
}

/**
 * S3 captured weights: every tempo, settle what validators billed (transfers), keep the standing offer open,
 * and have the owner and cartel validators with a permit put all weight on the cartel UIDs; at each wake,
 * replace the standing offer with a new bid (bribes.ts bribeBid).
 */
export class CapturedWeights implements CartelStrategy {
  everyTempo(m: CartelAgent, { c, committed }: CartelWake, out: Action[]): void {
    const board = bribeBoard(m.world);
    for (const o of board.offers) if (o.payer === m.treasury) o.expires = Math.max(o.expires, c.block + m.offerLife());
    for (const [toColdkey, tao] of billsToPay(board, m.treasury, c.balance(m.treasury) - committed)) {
      m.push(out, { kind: 'transfer', coldkey: m.treasury, toColdkey, tao }, 'bribe');
    }
    this.setWeights(m, c, out);
  }

  private setWeights(m: CartelAgent, c: ChainView, out: Action[]): void {
    if (!m.p.capture) return;
    const n = c.subnets.nUids[m.netuid]!;
    const base = m.netuid * c.maxUids;
    let w: Float64Array | null = null;
    for (const hk of m.miners) {
      const uid = c.uidOf(hk, m.netuid);
      if (uid < 0) continue;
      w ??= new Float64Array(n);
      w[uid] = 1;
    }
    if (!w) return;
    applyMinerBurn(m.world, c, m.netuid, w);
    for (const hk of [m.ownerHotkey, ...m.validators]) {
      const uid = c.uidOf(hk, m.netuid);
      if (uid >= 0 && c.neurons.permit[base + uid]) m.push(out, { kind: 'setWeights', hotkey: hk, netuid: m.netuid, weights: w }, 'other');
    }
  }

  atWake(m: CartelAgent, { obs }: CartelWake): void {
    const c = obs.chain, board = bribeBoard(m.world);
    board.offers = board.offers.filter((o) => o.payer !== m.treasury && o.expires > obs.block);
    if (!m.p.capture) return;
    const offer = bribeBid(c, board, m, {
      buffer: m.p.buffer, horizonEpochs: (m.p.bribeHorizonDays * DAY) / (c.rules.tempo + 1),
      cash: c.balance(m.treasury) - m.reserve(c), expires: obs.block + m.offerLife(),
    });
    if (offer) board.offers.push(offer);
  }
}

/**
 * S1 self-stake pump: every tempo, buy own alpha in chunks of at most σ·T (P3) and stake it to the cartel
 * validators. With pumpCycleDays > 0 (observed practice L13, docs/calibration.md): once the pump is done (a tempo
 * with nothing left to buy), hold it pumpCycleDays while it earns emission, then sell the treasury's stake on the
 * pump hotkeys in slippage-capped chunks, and pump again.
 */
export class SelfStakePump implements CartelStrategy {
  /** TAO spent so far (in this cycle). */
  pumped = 0;
  /** Pump cycles completed (bought, held, sold). */
  pumpCycles = 0;
  private pumpDoneAt = -1;
  private dumping = false;

  everyTempo(m: CartelAgent, { c, block }: CartelWake, out: Action[]): void {
    const sent = this.dumping ? false : this.buy(m, c, out);
    this.cycle(m, c, out, block, sent);
  }

  /** One chunk of the pump; true if it was sent. */
  private buy(m: CartelAgent, c: ChainView, out: Action[]): boolean {
    const left = m.p.pumpShare * m.p.treasury - this.pumped;
    const T = c.subnets.taoIn[m.netuid]!;
    const tao = Math.min(left, m.p.slippage * T, c.balance(m.treasury) - m.reserve(c));
    if (!(tao >= c.rules.minStake + c.rules.flatStakingFee)) return false;
    const hks = m.validators.length > 0 ? m.validators : [m.ownerHotkey];
    const hotkey = hks[Math.floor(this.pumped / Math.max(tao, 1e-12)) % hks.length]!;
    this.pumped += tao;
    m.push(out, { kind: 'stake', coldkey: m.treasury, hotkey, netuid: m.netuid, tao }, 'pump');
    return true;
  }

  private cycle(m: CartelAgent, c: ChainView, out: Action[], block: number, sent: boolean): void {
    if (!(m.p.pumpCycleDays > 0) || !(m.p.pumpShare > 0)) return;
    if (!this.dumping) {
      if (!sent && this.pumped > 0 && this.pumpDoneAt < 0) this.pumpDoneAt = block;
      if (this.pumpDoneAt < 0 || block - this.pumpDoneAt < m.p.pumpCycleDays * DAY) return;
      this.dumping = true;
    }
    let rest = 0; // stake left after this tempo's chunks: the cycle ends with the chunk that sells the last of it
    for (const hk of m.validators.length > 0 ? m.validators : [m.ownerHotkey]) {
      const alpha = unstakeAmount(c, hk, m.treasury, m.netuid, maxSell(c, m.netuid, m.p.slippage));
      rest += c.stake(hk, m.treasury, m.netuid) - alpha;
      if (alpha > 0 && c.quoteSell(m.netuid, alpha) > 0) m.push(out, { kind: 'unstake', coldkey: m.treasury, hotkey: hk, netuid: m.netuid, alpha }, 'other');
    }
    if (rest > 0) return;
    this.dumping = false;
    this.pumped = 0;
    this.pumpDoneAt = -1;
    this.pumpCycles++;
  }
}

/** S4a wash volume: alternate a stake and the matching unstake on successive tempos (a lossless round trip at launch). */
export class WashVolume implements CartelStrategy {
  /** Alpha bought by the last wash stake, sold at the next tempo (set from the chain's verdict). */
  alpha = 0;

  everyTempo(m: CartelAgent, { c }: CartelWake, out: Action[]): void {
    if (this.alpha > 0) {
      const hk = m.validators[0] ?? m.ownerHotkey;
      const alpha = unstakeAmount(c, hk, m.treasury, m.netuid, this.alpha);
      this.alpha = 0;
      if (alpha > 0) m.push(out, { kind: 'unstake', coldkey: m.treasury, hotkey: hk, netuid: m.netuid, alpha }, 'wash');
      return;
    }
    const perTrip = (m.p.washPerDay * (c.rules.tempo + 1) * 2) / DAY;
    if (!(perTrip >= c.rules.minStake + c.rules.flatStakingFee) || c.balance(m.treasury) < perTrip) return;
    m.push(out, { kind: 'stake', coldkey: m.treasury, hotkey: m.validators[0] ?? m.ownerHotkey, netuid: m.netuid, tao: perTrip }, 'wash');
  }
}

/** S2 stake bribes: pay x of the owner cut accrued since the last wake to the subnet's largest outside stakers, pro rata. */
export class StakeBribes implements CartelStrategy {
  atWake(m: CartelAgent, { c }: CartelWake, out: Action[]): void {
    const now = c.stake(m.ownerHotkey, m.ownerColdkey, m.netuid);
    const accrued = now - m.lastOwnerStake;
    m.lastOwnerStake = now;
    const budget = m.p.stakeBribeShare * accrued;
    const price = c.spotPrice(m.netuid);
    if (!(budget * price >= c.rules.minStake)) return;
    const own = new Set(m.book.members.flatMap((x) => x.coldkeys));
    const holders: Array<[number, number]> = [];
    for (let ck = 0; ck < c.nColdkeys(); ck++) {
      if (own.has(ck)) continue;
      const pos = c.positionsOf(ck);
      let a = 0;
      for (let k = 0; k < pos.length; k += 2) if (pos[k + 1] === m.netuid) a += c.stake(pos[k]!, ck, m.netuid);
      if (a > 0) holders.push([ck, a]);
    }
    holders.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    holders.length = Math.min(holders.length, 32);
    const total = holders.reduce((s, h) => s + h[1], 0);
    let paid = 0;
    for (const [ck, a] of holders) {
      const alpha = (budget * a) / total;
      if (alpha * price < c.rules.minStake) continue;
      paid += alpha;
      m.push(out, { kind: 'transferStake', coldkey: m.ownerColdkey, toColdkey: ck, hotkey: m.ownerHotkey, netuid: m.netuid, alpha }, 'stakeBribe');
    }
    m.lastOwnerStake -= paid;
  }
}

/** S4b parked flow: park `parkTao` as stake for parkDays, unstake, stay out for parkDays, repeat. */
export class ParkedFlow implements CartelStrategy {
  /** Alpha bought by the parked stake (set from the chain's verdict). */
  alpha = 0;
  private until = -1;

  atWake(m: CartelAgent, { c, block }: CartelWake, out: Action[]): void {
    if (!(m.p.parkTao > 0) || block < this.until) return;
    const hk = m.validators[0] ?? m.ownerHotkey;
    if (this.alpha > 0) {
      const alpha = unstakeAmount(c, hk, m.treasury, m.netuid, this.alpha);
      if (alpha > 0) m.push(out, { kind: 'unstake', coldkey: m.treasury, hotkey: hk, netuid: m.netuid, alpha }, 'park');
      this.alpha = 0;
    } else if (c.balance(m.treasury) >= m.p.parkTao) {
      m.push(out, { kind: 'stake', coldkey: m.treasury, hotkey: hk, netuid: m.netuid, tao: m.p.parkTao }, 'park');
    }
    this.until = block + m.p.parkDays * DAY;
  }
}

/**
 * S5 cross-staking ring: stake into partners' subnets (chunked), and run the trigger strategy: defect — sell
 * every cross-stake — when the one-shot gain of dumping exceeds δ/(1−δ) × the daily gain from partners'
 * support; once anyone defects the ring is broken and every member sells at its next wake.
 */
export class CrossStakeRing implements CartelStrategy {
  /** Partner netuid → alpha held (on the partner's validator); and the TAO it cost, net of sales. */
  readonly alpha = new Map<number, number>();
  cost = 0;

  atWake(m: CartelAgent, { c }: CartelWake, out: Action[]): void {
    const partners = m.book.members.filter((x) => x !== m && x.netuid > 0 && x.netuid !== m.netuid);
    if (partners.length === 0 || !(m.p.crossStakeShare > 0)) return;
    let dump = -this.cost;
    for (const [netuid, alpha] of this.alpha) dump += c.quoteSell(netuid, alpha);
    let support = 0, backing = 0;
    for (const x of partners) {
      const a = x.ring.alpha.get(m.netuid) ?? 0;
      support += a * c.spotPrice(m.netuid);
      if (a > 0) backing++;
    }
    // The ring's daily gain to this member: its owner cut valued at the price uplift partners' stake gives
    // (a constant-product buy of ΔT lifts spot by ≈ 2ΔT/T, P3). Judged once every partner has staked in.
    const ownerCutPerDay = c.rules.ownerCut * c.rules.blockEmission * DAY * c.spotPrice(m.netuid);
    const ringGain = (2 * ownerCutPerDay * support) / Math.max(1e-12, c.subnets.taoIn[m.netuid]!);
    const d = m.p.ringDiscount;
    if (this.alpha.size > 0 && backing === partners.length && dump > (d / (1 - d)) * ringGain) m.book.ringBroken = true;
    if (m.book.ringBroken) {
      for (const x of partners) {
        const hk = x.validators[0] ?? x.ownerHotkey;
        const alpha = this.alpha.get(x.netuid) ? c.stake(hk, m.treasury, x.netuid) : 0; // all of it, dividends too
        if (alpha > 0) m.push(out, { kind: 'unstake', coldkey: m.treasury, hotkey: hk, netuid: x.netuid, alpha }, 'cross');
      }
      return;
    }
    const each = (m.p.crossStakeShare * m.p.treasury) / partners.length;
    for (const x of partners) {
      const have = (this.alpha.get(x.netuid) ?? 0) * c.spotPrice(x.netuid);
      const tao = Math.min(each - have, m.p.slippage * c.subnets.taoIn[x.netuid]!, c.balance(m.treasury) - m.reserve(c));
      if (!(tao >= c.rules.minStake + c.rules.flatStakingFee)) continue;
      m.push(out, { kind: 'stake', coldkey: m.treasury, hotkey: x.validators[0] ?? x.ownerHotkey, netuid: x.netuid, tao }, 'cross');
    }
  }
}

/** S6 emission extraction: sell a share of the owner-cut stake per day (within the slippage tolerance). */
export class SellOwnerCut implements CartelStrategy {
  atWake(m: CartelAgent, { c, days }: CartelWake, out: Action[]): void {
    const held = c.stake(m.ownerHotkey, m.ownerColdkey, m.netuid);
    const cap = (m.p.slippage * c.subnets.alphaIn[m.netuid]!) / (1 - m.p.slippage);
    const alpha = Math.min(held, Math.min(1, m.p.sellOwnerCut * days) * held, cap);
    if (!(alpha * c.spotPrice(m.netuid) >= c.rules.minStake) || (held - alpha) * c.spotPrice(m.netuid) < c.rules.minStake) return;
    m.push(out, { kind: 'unstake', coldkey: m.ownerColdkey, hotkey: m.ownerHotkey, netuid: m.netuid, alpha }, 'other');
    m.lastOwnerStake -= alpha;
  }
}
