// Stake accounting with share pools (docs/chain-rules.md §5; staking/stake_utils.rs get_alpha_share_pool).
// A position is (hotkey, netuid) with TotalHotkeyAlpha and TotalHotkeyShares; a coldkey holds shares of it.
// Dividends raise a position's alpha without minting shares, so every nominator gains pro rata.
import { ROOT } from './types.ts';

export class StakeBook {
  /** Position arrays (struct of arrays, grown by doubling). */
  posHotkey: Int32Array;
  posNetuid: Int32Array;
  posAlpha: Float64Array; // TotalHotkeyAlpha
  posShares: Float64Array; // TotalHotkeyShares
  nPositions = 0;
  private readonly posIndex = new Map<number, number>();
  /** Root position of each hotkey (−1: none yet), kept by ensure(): root stake is read for every UID at each epoch. */
  private rootPos = new Int32Array(1024).fill(-1);
  /**
   * Shares held: per position a map coldkey → slot (small-integer keys, created at the position's first
   * holding), the shares in holdShares[slot]. A slot freed by a burn of the whole holding is reused. Each
   * position's map keeps its holders in insertion order (holdersOf walks them in that order).
   */
  private readonly posHolders: Array<Map<number, number> | undefined> = [];
  private holdShares = new Float64Array(1024);
  private nSlots = 0;
  private readonly freeSlots: number[] = [];
  /**
   * Per position, the coldkey of its last mint and that holding's slot (−1: none): epochs mint to the same
   * holder of most positions (a miner's owner), and two typed-array reads are cheaper than a map lookup in
   * thousands of small maps. Cleared when that holding is removed.
   */
  private mintCk: Int32Array;
  private mintSlot: Int32Array;
  /** positions each coldkey has ever held (for views and dissolution) */
  private readonly coldkeyPositions: number[][] = [];

  constructor(readonly maxNetuid: number, capacity = 1024) {
    this.posHotkey = new Int32Array(capacity);
    this.posNetuid = new Int32Array(capacity);
    this.posAlpha = new Float64Array(capacity);
    this.posShares = new Float64Array(capacity);
    this.mintCk = new Int32Array(capacity);
    this.mintSlot = new Int32Array(capacity);
  }

  /** Position index of (hotkey, netuid), or −1. */
  find(hotkey: number, netuid: number): number {
    if (netuid === ROOT) {
      const p = this.rootPos[hotkey]; // undefined outside the table (a hotkey ensure() never saw at root)
      if (p !== undefined) return p;
    }
    return this.posIndex.get(hotkey * this.maxNetuid + netuid) ?? -1;
  }

  /** Position index of (hotkey, netuid), created empty if missing. */
  ensure(hotkey: number, netuid: number): number {
    if (netuid === ROOT) {
      const r = this.rootPos[hotkey];
      if (r !== undefined && r >= 0) return r;
    }
    const key = hotkey * this.maxNetuid + netuid;
    const found = this.posIndex.get(key);
    if (found !== undefined) return found;
    if (this.nPositions === this.posHotkey.length) this.grow();
    const p = this.nPositions++;
    this.posHotkey[p] = hotkey;
    this.posNetuid[p] = netuid;
    this.posAlpha[p] = 0;
    this.posShares[p] = 0;
    this.mintCk[p] = -1;
    this.posIndex.set(key, p);
    this.posHolders.push(undefined); // p === posHolders.length: the array stays dense
    if (netuid === ROOT && Number.isInteger(hotkey) && hotkey >= 0) {
      if (hotkey >= this.rootPos.length) {
        const grown = new Int32Array(Math.max(hotkey + 1, 2 * this.rootPos.length)).fill(-1);
        grown.set(this.rootPos);
        this.rootPos = grown;
      }
      this.rootPos[hotkey] = p;
    }
    return p;
  }

  /** A free holding slot (reused after a whole-holding burn, else appended; the store grows by doubling). */
  private newSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    if (this.nSlots === this.holdShares.length) {
      const grown = new Float64Array(this.nSlots * 2);
      grown.set(this.holdShares);
      this.holdShares = grown;
    }
    return this.nSlots++;
  }

  private grow(): void {
    const n = this.posHotkey.length * 2;
    const h = new Int32Array(n), u = new Int32Array(n), a = new Float64Array(n), s = new Float64Array(n);
    h.set(this.posHotkey); u.set(this.posNetuid); a.set(this.posAlpha); s.set(this.posShares);
    this.posHotkey = h; this.posNetuid = u; this.posAlpha = a; this.posShares = s;
    const ck = new Int32Array(n), slot = new Int32Array(n);
    ck.set(this.mintCk); slot.set(this.mintSlot);
    this.mintCk = ck; this.mintSlot = slot;
  }

  shares(pos: number, coldkey: number): number {
    const slot = this.posHolders[pos]?.get(coldkey);
    return slot === undefined ? 0 : this.holdShares[slot]!;
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
    const cacheable = coldkey >= 0 && (coldkey | 0) === coldkey;
    if (cacheable && this.mintCk[pos] === coldkey) {
      const slot = this.mintSlot[pos]!;
      this.holdShares[slot] = this.holdShares[slot]! + newShares;
    } else {
      const holders = this.posHolders[pos] ?? (this.posHolders[pos] = new Map<number, number>());
      let slot = holders.get(coldkey);
      if (slot === undefined) {
        const list = this.coldkeyPositions[coldkey] ?? (this.coldkeyPositions[coldkey] = []);
        if (!list.includes(pos)) list.push(pos);
        slot = this.newSlot();
        this.holdShares[slot] = newShares;
        holders.set(coldkey, slot);
      } else {
        this.holdShares[slot] = this.holdShares[slot]! + newShares;
      }
      if (cacheable) {
        this.mintCk[pos] = coldkey;
        this.mintSlot[pos] = slot;
      }
    }
    this.posShares[pos] = total + newShares;
    this.posAlpha[pos] = value + alpha;
  }

  /**
   * Remove `alpha` of value from a coldkey's holding; returns the alpha actually removed. Removing all but
   * dust (relative 1e-12) removes the whole holding so no orphan shares remain.
   */
  burn(pos: number, coldkey: number, alpha: number): number {
    const holders = this.posHolders[pos];
    const slot = holders?.get(coldkey);
    const sh = slot === undefined ? 0 : this.holdShares[slot]!;
    const total = this.posShares[pos]!;
    if (!(sh > 0) || !(total > 0)) return 0;
    const value = (sh / total) * this.posAlpha[pos]!;
    if (alpha >= value * (1 - 1e-12)) {
      holders!.delete(coldkey);
      this.freeSlots.push(slot!);
      if (this.mintCk[pos] === coldkey) this.mintCk[pos] = -1;
      this.posShares[pos] = total - sh;
      // The last holder takes the whole position, so no alpha is left without shares.
      this.posAlpha[pos] = this.posShares[pos]! > 0 ? this.posAlpha[pos]! - value : 0;
      return value;
    }
    const burnShares = (alpha / value) * sh;
    this.holdShares[slot!] = sh - burnShares;
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
    const holders = this.posHolders[pos];
    if (holders) for (const [ck, slot] of holders) out.push([ck, this.holdShares[slot]!]);
  }

  /** Drop every holding of a position and zero it (subnet dissolution, after paying holders). */
  clear(pos: number): void {
    const holders = this.posHolders[pos];
    if (holders) {
      for (const slot of holders.values()) this.freeSlots.push(slot);
      holders.clear();
    }
    this.mintCk[pos] = -1;
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
