// Stake accounting with share pools (docs/chain-rules.md §5; staking/stake_utils.rs get_alpha_share_pool).
// A position is (hotkey, netuid) with TotalHotkeyAlpha and TotalHotkeyShares; a coldkey holds shares of it.
// Dividends raise a position's alpha without minting shares, so every nominator gains pro rata.

const HOLDING_KEY = 2 ** 21; // coldkeys < 2^21; position index × 2^21 + coldkey stays below 2^53

export class StakeBook {
  /** Position arrays (struct of arrays, grown by doubling). */
  posHotkey: Int32Array;
  posNetuid: Int32Array;
  posAlpha: Float64Array; // TotalHotkeyAlpha
  posShares: Float64Array; // TotalHotkeyShares
  nPositions = 0;
  private readonly posIndex = new Map<number, number>();
  /** shares held: key = pos × 2^21 + coldkey */
  private readonly holdings = new Map<number, number>();
  /** positions each coldkey has ever held (for views and dissolution) */
  private readonly coldkeyPositions: number[][] = [];

  constructor(readonly maxNetuid: number, capacity = 1024) {
    this.posHotkey = new Int32Array(capacity);
    this.posNetuid = new Int32Array(capacity);
    this.posAlpha = new Float64Array(capacity);
    this.posShares = new Float64Array(capacity);
  }

  /** Position index of (hotkey, netuid), or −1. */
  find(hotkey: number, netuid: number): number {
    return this.posIndex.get(hotkey * this.maxNetuid + netuid) ?? -1;
  }

  /** Position index of (hotkey, netuid), created empty if missing. */
  ensure(hotkey: number, netuid: number): number {
    const key = hotkey * this.maxNetuid + netuid;
    const found = this.posIndex.get(key);
    if (found !== undefined) return found;
    if (this.nPositions === this.posHotkey.length) this.grow();
    const p = this.nPositions++;
    this.posHotkey[p] = hotkey;
    this.posNetuid[p] = netuid;
    this.posAlpha[p] = 0;
    this.posShares[p] = 0;
    this.posIndex.set(key, p);
    return p;
  }

  private grow(): void {
    const n = this.posHotkey.length * 2;
    const h = new Int32Array(n), u = new Int32Array(n), a = new Float64Array(n), s = new Float64Array(n);
    h.set(this.posHotkey); u.set(this.posNetuid); a.set(this.posAlpha); s.set(this.posShares);
    this.posHotkey = h; this.posNetuid = u; this.posAlpha = a; this.posShares = s;
  }

  shares(pos: number, coldkey: number): number {
    return this.holdings.get(pos * HOLDING_KEY + coldkey) ?? 0;
  }

  /** Value in alpha of a coldkey's shares of a position. */
  value(pos: number, coldkey: number): number {
    if (pos < 0) return 0;
    const sh = this.shares(pos, coldkey);
    const total = this.posShares[pos]!;
    return sh > 0 && total > 0 ? (sh / total) * this.posAlpha[pos]! : 0;
  }

  /** Stake `alpha` for a coldkey at the current share price (increase_stake_for_hotkey_and_coldkey_on_subnet). */
  mint(pos: number, coldkey: number, alpha: number): void {
    if (!(alpha > 0)) return;
    const total = this.posShares[pos]!;
    const value = this.posAlpha[pos]!;
    const newShares = total > 0 && value > 0 ? (alpha * total) / value : alpha;
    const key = pos * HOLDING_KEY + coldkey;
    const had = this.holdings.get(key);
    if (had === undefined) {
      const list = this.coldkeyPositions[coldkey] ?? (this.coldkeyPositions[coldkey] = []);
      if (!list.includes(pos)) list.push(pos);
    }
    this.holdings.set(key, (had ?? 0) + newShares);
    this.posShares[pos] = total + newShares;
    this.posAlpha[pos] = value + alpha;
  }

  /**
   * Remove `alpha` of value from a coldkey's holding; returns the alpha actually removed. Removing all but
   * dust (relative 1e-12) removes the whole holding so no orphan shares remain.
   */
  burn(pos: number, coldkey: number, alpha: number): number {
    const key = pos * HOLDING_KEY + coldkey;
    const sh = this.holdings.get(key) ?? 0;
    const total = this.posShares[pos]!;
    if (!(sh > 0) || !(total > 0)) return 0;
    const value = (sh / total) * this.posAlpha[pos]!;
    if (alpha >= value * (1 - 1e-12)) {
      this.holdings.delete(key);
      this.posShares[pos] = total - sh;
      // The last holder takes the whole position, so no alpha is left without shares.
      this.posAlpha[pos] = this.posShares[pos]! > 0 ? this.posAlpha[pos]! - value : 0;
      return value;
    }
    const burnShares = (alpha / value) * sh;
    this.holdings.set(key, sh - burnShares);
    this.posShares[pos] = total - burnShares;
    this.posAlpha[pos] = this.posAlpha[pos]! - alpha;
    return alpha;
  }

  /** Add value to a position without minting shares (dividends to all nominators pro rata). */
  credit(pos: number, alpha: number): void {
    this.posAlpha[pos] = this.posAlpha[pos]! + alpha;
  }

  /** Positions a coldkey has held (may include emptied ones). */
  positionsOf(coldkey: number): readonly number[] {
    return this.coldkeyPositions[coldkey] ?? [];
  }

  /** Every (coldkey, shares) holding of a position: a scan, for rare events (subnet dissolution). */
  holdersOf(pos: number, out: Array<[number, number]>): void {
    out.length = 0;
    const lo = pos * HOLDING_KEY;
    for (const [key, sh] of this.holdings) {
      if (key >= lo && key < lo + HOLDING_KEY) out.push([key - lo, sh]);
    }
  }

  /** Drop every holding of a position and zero it (subnet dissolution, after paying holders). */
  clear(pos: number): void {
    const holders: Array<[number, number]> = [];
    this.holdersOf(pos, holders);
    for (const [ck] of holders) this.holdings.delete(pos * HOLDING_KEY + ck);
    this.posShares[pos] = 0;
    this.posAlpha[pos] = 0;
  }

  /** Σ alpha over positions on a subnet (for invariants; a scan). */
  alphaOnSubnet(netuid: number): number {
    let s = 0;
    for (let p = 0; p < this.nPositions; p++) if (this.posNetuid[p] === netuid) s += this.posAlpha[p]!;
    return s;
  }
}
