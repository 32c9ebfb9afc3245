// The bribe market of S3 (docs/agent-models.md §2 step 5, §3 S3). A cartel posts an offer (bribeBid): weight its UIDs
// on a subnet for `rate` TAO per unit of stake weight per epoch, up to a stake-weight capacity, never more than
// its liquid treasury pays for H_c. A yield validator that takes it (takeBribe) holds a contract, bills the
// payer for each epoch the chain accepted its weights on the targets, and the payer settles every tempo with
// `transfer` actions (billsToPay). Payments enter the book only from transfers the chain accepted — the
// chain's public transfer events — so what a validator reads as received is what reached its coldkey. A
// validator that finds a payer behind its bills by more than a grace period stops honouring it, writes the
// debt off and distrusts the payer for a while (BribeLedger). Coalitions are measured on active stake, as
// Yuma counts it (coalitionStake).
import type { ChainView } from '../market/types.ts';
import type { World } from './types.ts';

/** A standing offer: weight `targets` on `netuid`, paid `rate` TAO per unit of stake weight per epoch. */
export interface BribeOffer {
  netuid: number;
  /** The payer's coldkey (the cartel's treasury). */
  payer: number;
  targets: readonly number[];
  rate: number;
  /** The payer's own hotkeys on the subnet (owner, validators): its coalition before anyone is bribed. */
  members: readonly number[];
  /**
   * Stake weight the payer still contracts at this offer: a new contract takes the validator's stake weight
   * from it and needs that much left; renewals of the payer's own contracts take none (already paid for).
   */
  capacity: number;
  expires: number;
}

/** A validator (hotkey, coldkey) weighting an offer's targets; `since` is the block it was taken. */
export interface BribeContract {
  offer: BribeOffer;
  hotkey: number;
  coldkey: number;
  since: number;
}

/** Payer → payee: TAO the payee billed (epochs it honoured) and TAO that reached it (accepted transfers). */
export interface BribeAccount {
  payer: number;
  payee: number;
  billed: number;
  paid: number;
}

export interface BribeBoard {
  offers: BribeOffer[];
  contracts: BribeContract[];
  accounts: Map<string, BribeAccount>;
}
const boards = new WeakMap<World, BribeBoard>();

/** The run's bribe board (one per World, so runs never share one). */
export function bribeBoard(world: World): BribeBoard {
  let b = boards.get(world);
  if (!b) boards.set(world, (b = { offers: [], contracts: [], accounts: new Map() }));
  return b;
}

/** The account of `payer` with `payee` (opened on first use). */
export function bribeAccount(board: BribeBoard, payer: number, payee: number): BribeAccount {
  const key = `${payer}>${payee}`;
  let a = board.accounts.get(key);
  if (!a) board.accounts.set(key, (a = { payer, payee, billed: 0, paid: 0 }));
  return a;
}

/** Record a bribe payment. Call only with a `transfer` the chain accepted (its amount, its two coldkeys). */
export function recordBribePayment(board: BribeBoard, payer: number, payee: number, tao: number): void {
  bribeAccount(board, payer, payee).paid += tao;
}

/** TAO `payer` has been billed and not yet paid, over all its accounts. */
export function unpaidBills(board: BribeBoard, payer: number): number {
  let s = 0;
  for (const a of board.accounts.values()) if (a.payer === payer) s += Math.max(0, a.billed - a.paid);
  return s;
}

/** End `hotkey`'s contract on `netuid` (it lost its UID or its permit, so it cannot honour it). */
export function dropContract(board: BribeBoard, hotkey: number, netuid: number): void {
  const k = board.contracts.findIndex((x) => x.hotkey === hotkey && x.offer.netuid === netuid);
  if (k >= 0) board.contracts.splice(k, 1);
}

/** Hotkeys under contract to `payer` on `netuid`. */
export function contractedHotkeys(board: BribeBoard, payer: number, netuid: number): number[] {
  const out: number[] = [];
  for (const k of board.contracts) if (k.offer.payer === payer && k.offer.netuid === netuid) out.push(k.hotkey);
  return out;
}

/** Active stake weight on a subnet (as Yuma counts it), what `hotkeys` hold of it, and the largest other holder. */
export interface CoalitionStake {
  total: number;
  ours: number;
  largestOther: number;
}

/**
 * Stake weight that counts in Yuma's consensus (docs/chain-rules.md §7.1; yuma.ts stakeAndRows): UIDs with a validator permit
 * (the owner always) that set weights within activity_cutoff blocks. Stake of inactive UIDs — miners that
 * never set weights, validators gone quiet — is left out, as the chain leaves it out. Current stake weights:
 * what the next epoch will read.
 */
export function coalitionStake(c: ChainView, netuid: number, hotkeys: ReadonlySet<number>): CoalitionStake {
  const n = c.subnets.nUids[netuid]!, base = netuid * c.maxUids, nr = c.neurons;
  const owner = c.subnets.ownerHotkey[netuid]!, cutoff = c.rules.activityCutoff;
  const s: CoalitionStake = { total: 0, ours: 0, largestOther: 0 };
  for (let u = 0; u < n; u++) {
    const hk = nr.hotkey[base + u]!;
    if (hk < 0 || !(nr.permit[base + u] || hk === owner) || nr.lastUpdate[base + u]! + cutoff < c.block) continue;
    const sw = c.stakeWeight(hk, netuid);
    s.total += sw;
    if (hotkeys.has(hk)) s.ours += sw;
    else if (sw > s.largestOther) s.largestOther = sw;
  }
  return s;
}

/** Share of the active stake weight on `netuid` held by `hotkeys` (the q_c of docs/agent-models.md §3 S3). */
export function coalitionShare(c: ChainView, netuid: number, hotkeys: ReadonlySet<number>): number {
  const s = coalitionStake(c, netuid, hotkeys);
  return s.total > 0 ? s.ours / s.total : 0;
}

interface Counterparty {
  /** TAO billed to the payer in all. */
  billed: number;
  /** TAO written off at defaults (counted as received, so old debts are not judged twice). */
  forgiven: number;
  /** (block, billed so far) after each bill, oldest first; pruned to the grace window. */
  log: number[];
  distrustUntil: number;
}

/**
 * A validator's book of what each payer owes it. Bills are cumulative per payer; at each audit a payer is in
 * default when what it had been billed `graceBlocks` ago exceeds what reached the validator's coldkey (from
 * the board's accounts, i.e. accepted transfers). A defaulting payer's contracts are dropped, its debt
 * written off, and its offers refused for `distrustBlocks`.
 */
export class BribeLedger {
  private readonly book = new Map<number, Counterparty>();
  defaults = 0;

  constructor(readonly payee: number, readonly graceBlocks: number, readonly distrustBlocks: number) {}

  private of(payer: number): Counterparty {
    let p = this.book.get(payer);
    if (!p) this.book.set(payer, (p = { billed: 0, forgiven: 0, log: [], distrustUntil: -Infinity }));
    return p;
  }

  trusts(payer: number, block: number): boolean {
    return !(block < (this.book.get(payer)?.distrustUntil ?? -Infinity));
  }

  /** Bill `payer` for one honoured epoch (after the chain accepted the weights). */
  bill(board: BribeBoard, payer: number, tao: number, block: number): void {
    if (!(tao > 0)) return;
    const p = this.of(payer);
    p.billed += tao;
    p.log.push(block, p.billed);
    bribeAccount(board, payer, this.payee).billed += tao;
  }

  /** Find payers behind their bills; drop their contracts (for `hotkey`), write off, distrust. Returns them. */
  audit(board: BribeBoard, hotkey: number, block: number): number[] {
    const out: number[] = [];
    const due = block - this.graceBlocks;
    for (const [payer, p] of this.book) {
      // Bills at or before `due` must be paid by now; keep the last of them and everything after.
      let k = -2;
      while (k + 2 < p.log.length && p.log[k + 2]! <= due) k += 2;
      if (k < 0) continue;
      const owed = p.log[k + 1]!;
      if (k > 0) p.log.splice(0, k);
      const received = bribeAccount(board, payer, this.payee).paid + p.forgiven;
      if (received >= owed * (1 - 1e-9)) continue;
      p.forgiven += p.billed - received;
      p.log.length = 0;
      p.distrustUntil = block + this.distrustBlocks;
      this.defaults++;
      for (let i = board.contracts.length - 1; i >= 0; i--) {
        const x = board.contracts[i]!;
        if (x.hotkey === hotkey && x.offer.payer === payer) board.contracts.splice(i, 1);
      }
      out.push(payer);
    }
    return out;
  }
}

// ---- The validator's side (docs/agent-models.md §2 step 5) -----------------------------------------------------------

/** What a validator brings to the market (validators.ts YieldValidator). */
export interface BribeTaker {
  readonly hotkey: number;
  readonly coldkeys: readonly number[];
  readonly bribes: BribeLedger;
  readonly p: { readonly bribeMargin: number; readonly reputationCost: number };
  bribesTaken: number;
}

/**
 * Rule 5: take the best live offer on `netuid` if b·S ≥ (1+m_b)·ΔDiv + ρ_rep·Div and keep the contract book;
 * null (and the contract dropped) otherwise. Offers from distrusted payers are refused; a new contract needs
 * the offer's capacity, a renewal does not. ΔDiv is all dividends unless the coalition with this validator in
 * it clears kappa (docs/chain-rules.md §7.6–7): the payer's hotkeys, everyone it has contracted, and this one, on active stake
 * measured now — the same for a new contract and a renewal.
 */
export function takeBribe(c: ChainView, board: BribeBoard, v: BribeTaker, netuid: number, uid: number, block: number): BribeOffer | null {
  const k = board.contracts.findIndex((x) => x.hotkey === v.hotkey && x.offer.netuid === netuid);
  const held = k >= 0 ? board.contracts[k]!.offer.payer : -1;
  const S = c.stakeWeight(v.hotkey, netuid);
  let best: BribeOffer | null = null;
  for (const o of board.offers) {
    if (o.netuid !== netuid || !(o.expires > block) || !v.bribes.trusts(o.payer, block)) continue;
    if (o.payer !== held && !(o.capacity >= S)) continue;
    if (!best || o.rate > best.rate) best = o;
  }
  if (best) {
    const div = c.neurons.emission[netuid * c.maxUids + uid]! * c.spotPrice(netuid);
    const coalition = new Set([...best.members, ...contractedHotkeys(board, best.payer, netuid), v.hotkey]);
    const loss = coalitionShare(c, netuid, coalition) < c.rules.kappa ? div : 0;
    if (best.rate * S >= (1 + v.p.bribeMargin) * loss + v.p.reputationCost * div) {
      if (best.payer === held) board.contracts[k]!.offer = best;
      else {
        if (k >= 0) board.contracts.splice(k, 1);
        board.contracts.push({ offer: best, hotkey: v.hotkey, coldkey: v.coldkeys[0]!, since: block });
        best.capacity -= S;
        v.bribesTaken++;
      }
      return best;
    }
  }
  if (k >= 0) board.contracts.splice(k, 1);
  return null;
}

// ---- The payer's side (docs/agent-models.md §3 S3) -------------------------------------------------------------------

/** What a cartel member brings to the market (owners.ts CartelAgent); `rate` is its current bid. */
export interface BribePayer {
  readonly treasury: number;
  readonly netuid: number;
  readonly ownerHotkey: number;
  readonly validators: readonly number[];
  readonly miners: readonly number[];
  rate: number;
}

/** Transfers that settle what validators billed `payer` (oldest accounts first), within `cash`. */
export function billsToPay(board: BribeBoard, payer: number, cash: number): Array<[payee: number, tao: number]> {
  const out: Array<[number, number]> = [];
  for (const a of board.accounts.values()) {
    if (a.payer !== payer) continue;
    const tao = Math.min(a.billed - a.paid, cash);
    if (!(tao > 1e-9)) continue;
    cash -= tao;
    out.push([a.payee, tao]);
  }
  return out;
}

export interface BidTerms {
  /** Coalition share sought above kappa. */
  buffer: number;
  /** H_c in epochs: how long the liquid treasury must be able to pay what the offer promises. */
  horizonEpochs: number;
  /** Free TAO the payer may spend on bribes (after its reserve), before bills not yet paid. */
  cash: number;
  /** Block the offer lapses if not reposted. */
  expires: number;
}

/**
 * S3 check (§3 decision rule): q_c on active stake as Yuma counts it, the bid moved towards κ + buffer, and
 * the offer to post (null: none). It asks for the stake weight missing to κ + buffer plus the largest outside
 * validator (votes come whole). The rate is capped so that the bill if the offer fills, r·(contracted +
 * capacity) per epoch, is at most what capture is worth (the miners' 41% at spot) and the cash less unpaid
 * bills pays it for H_c: a cartel cannot promise more than it can pay.
 */
export function bribeBid(c: ChainView, board: BribeBoard, m: BribePayer, t: BidTerms): BribeOffer | null {
  const netuid = m.netuid;
  const members = [m.ownerHotkey, ...m.validators];
  const contracted = contractedHotkeys(board, m.treasury, netuid);
  const s = coalitionStake(c, netuid, new Set([...members, ...contracted]));
  if (!(s.total > 0)) return null; // nobody active with a permit yet (before the first epoch): nothing to measure
  const target = c.rules.kappa + t.buffer;
  const need = Math.max(0, target * s.total - s.ours);
  const capacity = need > 0 ? need + s.largestOther : 0;
  let bought = capacity, largestBribed = 0;
  for (const hk of contracted) {
    const sw = c.stakeWeight(hk, netuid);
    bought += sw;
    largestBribed = Math.max(largestBribed, sw);
  }
  // What capture is worth per epoch: the miners' 41% at spot, less what the cartel UIDs already earn.
  const n = c.subnets.nUids[netuid]!, base = netuid * c.maxUids;
  let ours = 0, all = 0;
  for (let u = 0; u < n; u++) {
    const inc = c.neurons.incentive[base + u]!;
    all += inc;
    if (m.miners.includes(c.neurons.hotkey[base + u]!)) ours += inc;
  }
  const minerPool = ((1 - c.rules.ownerCut) / 2) * c.rules.blockEmission * (c.rules.tempo + 1) * c.spotPrice(netuid);
  const gain = minerPool * (1 - (all > 0 ? ours / all : 0));
  const liquid = t.cash - unpaidBills(board, m.treasury);
  const cap = bought > 0 ? Math.max(0, Math.min(minerPool, liquid / t.horizonEpochs)) / bought : 0;
  if (s.ours < target * s.total) {
    const raised = m.rate > 0 ? m.rate * 1.5 : (minerPool / s.total) * 1.25; // opening: ≈ the dividend per unit of stake, plus a margin
    m.rate = Math.max(m.rate, Math.min(raised, gain / bought, cap));
  } else if (s.ours - largestBribed > (target + 2 * t.buffer) * s.total) {
    m.rate *= 0.9; // over-bought by more than a whole bribed vote: bid less
  }
  m.rate = Math.min(m.rate, cap);
  if (!(m.rate > 0)) return null;
  return { netuid, payer: m.treasury, targets: m.miners, rate: m.rate, members, capacity, expires: t.expires };
}
