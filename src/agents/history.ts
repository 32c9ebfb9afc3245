// Recent market history for agents (MarketHistory): the simulation records a snapshot of every subnet
// every `every` blocks into fixed ring buffers (Float64Array, nothing allocated per record). Window
// queries compare the live chain (the view last recorded) with the snapshot at or before `now − blocks`,
// so flows over a window are exact to the snapshot grid. The cumulative counters are the chain's own
// (SubnetArrays.cum*): differences give flows over any window.
import type { ChainView } from '../market/types.ts';
import type { MarketHistory } from './types.ts';

export class History implements MarketHistory {
  /** Snapshots recorded so far (saturates at capacity). */
  length = 0;
  private head = -1; // slot of the newest snapshot
  private recorded = 0; // total records (a version stamp for caches)
  private view: ChainView | null = null;
  private readonly blocks: Float64Array;
  private readonly price: Float64Array;
  private readonly inflow: Float64Array;
  private readonly outflow: Float64Array;
  private readonly volumeCum: Float64Array;
  private readonly validatorCum: Float64Array;
  private readonly rootDivCum: Float64Array;
  // Slot lookup cache: the same window is asked for every subnet in a row.
  private cacheNow = -1;
  private cacheBlocks = -1;
  private cacheSlot = -1;
  // Volatility cache per window: values per netuid, valid while `stamp[netuid] === recorded`.
  private readonly volCache = new Map<number, { stamp: Float64Array; value: Float64Array }>();

  constructor(
    readonly maxNetuid: number,
    readonly every = 360,
    readonly capacity = 720,
  ) {
    if (!(Number.isInteger(maxNetuid) && maxNetuid >= 1)) throw new RangeError(`History: maxNetuid must be an integer >= 1, got ${maxNetuid}`);
    if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`History: every must be an integer >= 1, got ${every}`);
    if (!(Number.isInteger(capacity) && capacity >= 2)) throw new RangeError(`History: capacity must be an integer >= 2, got ${capacity}`);
    const n = capacity * maxNetuid;
    this.blocks = new Float64Array(capacity);
    this.rootDivCum = new Float64Array(capacity);
    this.price = new Float64Array(n);
    this.inflow = new Float64Array(n);
    this.outflow = new Float64Array(n);
    this.volumeCum = new Float64Array(n);
    this.validatorCum = new Float64Array(n);
  }

  /** Take a snapshot of every subnet slot (call every `every` blocks, and once at genesis). */
  record(chain: ChainView): void {
    if (chain.maxNetuid > this.maxNetuid) throw new RangeError(`History: chain has ${chain.maxNetuid} netuid slots, history ${this.maxNetuid}`);
    this.view = chain;
    const slot = (this.head + 1) % this.capacity;
    this.head = slot;
    if (this.length < this.capacity) this.length++;
    this.recorded++;
    this.blocks[slot] = chain.block;
    const s = chain.subnets;
    const base = slot * this.maxNetuid;
    let rootDiv = 0;
    for (let i = 0; i < chain.maxNetuid; i++) {
      const exists = s.exists[i] === 1;
      this.price[base + i] = exists ? chain.spotPrice(i) : 0;
      this.inflow[base + i] = s.cumInflow[i]!;
      this.outflow[base + i] = s.cumOutflow[i]!;
      this.volumeCum[base + i] = s.cumVolume[i]!;
      this.validatorCum[base + i] = s.cumValidatorAlpha[i]!;
      rootDiv += s.cumRootDividendsTao[i]!;
    }
    this.rootDivCum[slot] = rootDiv;
    this.cacheNow = -1;
  }

  /** Block of the newest snapshot (−1 before the first). */
  get lastBlock(): number {
    return this.head < 0 ? -1 : this.blocks[this.head]!;
  }

  private now(): number {
    return this.view ? this.view.block : 0;
  }

  /** Slot of the newest snapshot at or before `now − blocks` (the oldest if none); −1 if empty. */
  private slotAgo(blocks: number): number {
    if (this.length === 0) return -1;
    const now = this.now();
    if (now === this.cacheNow && blocks === this.cacheBlocks) return this.cacheSlot;
    const target = now - blocks;
    // Binary search over age k = 0 (newest) .. length−1 (oldest); blocks decrease with k.
    let lo = 0;
    let hi = this.length - 1;
    if (this.blocks[this.slotOf(hi)]! > target) {
      lo = hi;
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.blocks[this.slotOf(mid)]! <= target) hi = mid;
        else lo = mid + 1;
      }
    }
    const slot = this.slotOf(lo);
    this.cacheNow = now;
    this.cacheBlocks = blocks;
    this.cacheSlot = slot;
    return slot;
  }

  /** Ring slot of the snapshot `k` records ago. */
  private slotOf(k: number): number {
    const s = this.head - k;
    return s >= 0 ? s : s + this.capacity;
  }

  priceAgo(netuid: number, blocksAgo: number): number {
    const slot = this.slotAgo(blocksAgo);
    if (slot < 0) return this.view ? this.view.spotPrice(netuid) : 0;
    return this.price[slot * this.maxNetuid + netuid]!;
  }

  logReturn(netuid: number, blocks: number): number {
    if (!this.view || this.length === 0 || !this.view.subnetExists(netuid)) return 0;
    const then = this.priceAgo(netuid, blocks);
    const now = this.view.spotPrice(netuid);
    return then > 0 && now > 0 ? Math.log(now / then) : 0;
  }

  private windowDiff(cum: Float64Array, live: Float64Array, netuid: number, blocks: number): number {
    const slot = this.slotAgo(blocks);
    if (slot < 0) return 0;
    return live[netuid]! - cum[slot * this.maxNetuid + netuid]!;
  }

  netFlow(netuid: number, blocks: number): number {
    if (!this.view) return 0;
    const s = this.view.subnets;
    return this.windowDiff(this.inflow, s.cumInflow, netuid, blocks) - this.windowDiff(this.outflow, s.cumOutflow, netuid, blocks);
  }

  grossFlow(netuid: number, blocks: number): number {
    if (!this.view) return 0;
    const s = this.view.subnets;
    return this.windowDiff(this.inflow, s.cumInflow, netuid, blocks) + this.windowDiff(this.outflow, s.cumOutflow, netuid, blocks);
  }

  volume(netuid: number, blocks: number): number {
    return this.view ? this.windowDiff(this.volumeCum, this.view.subnets.cumVolume, netuid, blocks) : 0;
  }

  validatorAlpha(netuid: number, blocks: number): number {
    return this.view ? this.windowDiff(this.validatorCum, this.view.subnets.cumValidatorAlpha, netuid, blocks) : 0;
  }

  rootDividends(blocks: number): number {
    if (!this.view) return 0;
    const slot = this.slotAgo(blocks);
    if (slot < 0) return 0;
    const s = this.view.subnets;
    let live = 0;
    for (let i = 0; i < this.view.maxNetuid; i++) live += s.cumRootDividendsTao[i]!;
    return live - this.rootDivCum[slot]!;
  }

  /**
   * Sd of per-snapshot log returns over the snapshots within the last `blocks` blocks (0 if fewer than 3).
   * Cached per (window, netuid) until the next record: agents ask it for every subnet at each wake.
   */
  volatility(netuid: number, blocks: number): number {
    let c = this.volCache.get(blocks);
    if (!c) {
      c = { stamp: new Float64Array(this.maxNetuid).fill(-1), value: new Float64Array(this.maxNetuid) };
      this.volCache.set(blocks, c);
    }
    if (c.stamp[netuid] === this.recorded) return c.value[netuid]!;
    const v = this.computeVolatility(netuid, blocks);
    c.stamp[netuid] = this.recorded;
    c.value[netuid] = v;
    return v;
  }

  private computeVolatility(netuid: number, blocks: number): number {
    if (this.length < 3) return 0;
    const newest = this.blocks[this.head]!;
    const cutoff = newest - blocks;
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (let k = 0; k + 1 < this.length; k++) {
      const a = this.slotOf(k + 1);
      if (this.blocks[a]! < cutoff) break;
      const p1 = this.price[this.slotOf(k) * this.maxNetuid + netuid]!;
      const p0 = this.price[a * this.maxNetuid + netuid]!;
      if (!(p0 > 0 && p1 > 0)) continue;
      const r = Math.log(p1 / p0);
      n++;
      const d = r - mean;
      mean += d / n;
      m2 += d * (r - mean);
    }
    return n >= 2 ? Math.sqrt(m2 / (n - 1)) : 0;
  }
}
