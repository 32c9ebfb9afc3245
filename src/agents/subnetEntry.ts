// New subnets entering over time (docs/calibration.md "Demand families"): a world process, not an agent.
// Motivation: the network grew from 64 subnets at the launch to 88 by 2025-04-11, ~118 by mid-2025 and
// the 128-subnet cap from 2025-09-17, after which registrations replace the weakest subnet (data/observed
// L9a-c, L10). Each new subnet dilutes the others' emission shares and opens a new pool that launch
// speculators bid up (speculators.ts), so the sum of prices and the concentration targets depend on it.
//
// The process keeps the subnet count on the observed schedule, scaled: target(day) = genesis subnets +
// world.subnetEntry × (schedule(day) − 64), schedule linear between the dated counts below. Whenever the
// count is below the target it registers one subnet for a fresh entrant (a new coldkey and hotkey,
// funded with the lock cost from the world's unmodelled holders, so no TAO is created); the chain's rate
// limit and lock cost apply (docs/chain-rules.md §8). Once the schedule has reached its last count it
// registers one replacement every world.entryChurnDays days: where the rule set has a subnet limit the
// chain dissolves the subnet it prunes (deregistration); where it has none (the launch rule set) nothing
// is pruned, so the count grows by one per churn period past the cap. Set entryChurnDays 0 to stop at the
// cap; the dated timeline's switch to a rule set with the 128 limit makes the churn a deregistration.
// An entrant pays at most world.entryMaxLock TAO. The chain's lock doubles on each registration and only
// decays back over the reduction interval (14 days at launch, docs/chain-rules.md §8.1), so registering
// on every rate-limited day multiplies it by ~1.93 a day; an entrant that paid whatever the chain asked
// paid 600,000 TAO for the 23rd subnet, and the launch rules burn all but 1 TAO of it (in the history run
// issuance fell from 8.5M to 7.4M TAO between days 40 and 55; entry stalled once the holders could not pay). With
// the cap, entry waits while the lock is above it: the count lags the schedule when the schedule asks for
// more registrations than the lock lets through (one per reduction interval at the cap), which is a
// finding about the lock rule, not something the process hides.
// Simplifications: an entrant is an owner only: it registers no miners or validators, and the root
// validators do not join new subnets, so their miner and validator emission is what the chain does for
// a subnet without weights. Its latent quality is drawn like a genesis subnet's.
import type { Chain } from '../market/chain.ts';
import type { ActionResult } from '../market/types.ts';
import type { Rng } from './rng.ts';
import { BLOCKS_PER_DAY } from './trading.ts';
import type { LaunchWorld } from './world.ts';

/**
 * Observed subnet counts by day since the launch (data/observed/targets.csv L1a, L9a, L9b, L9c): 64 on
 * 2025-02-13, 88 on 2025-04-11, ~118 in mid-2025 (2025-07-01), 128 from 2025-09-17.
 */
export const ENTRY_SCHEDULE: readonly (readonly [day: number, subnets: number])[] = [[0, 64], [57, 88], [138, 118], [216, 128]];
/** Registrations tried at most this often (blocks), so a refused one (rate limit, lock cost) is not retried every block. */
const RETRY_BLOCKS = 360;

/** The schedule's count on `day` (linear between the dated counts, flat after the last). */
export function scheduledSubnets(day: number): number {
  const s = ENTRY_SCHEDULE;
  if (day <= s[0]![0]) return s[0]![1];
  for (let k = 1; k < s.length; k++) {
    const [d1, n1] = s[k]!, [d0, n0] = s[k - 1]!;
    if (day <= d1) return n0 + ((day - d0) / (d1 - d0)) * (n1 - n0);
  }
  return s[s.length - 1]![1];
}

export class SubnetEntry {
  /** Registrations sent, accepted, and refused (by the chain). */
  tried = 0;
  registered = 0;
  refused = 0;
  /** Netuids registered by entrants, in order. */
  readonly entrants: number[] = [];
  private nextTry = 0;
  private lastChurn = -Infinity;
  /** The most an entrant pays for a lock (world.entryMaxLock), and the most any entrant paid. */
  readonly maxLock: number;
  maxPaid = 0;
  private readonly genesis: number;
  private readonly endDay: number;

  constructor(
    private readonly world: LaunchWorld,
    private readonly rng: Rng,
    /** world.subnetEntry: share of the observed new entrants (0 off, 1 the observed schedule). */
    readonly scale: number,
    /** world.entryChurnDays: days between replacement registrations once the schedule ends (0: none). */
    readonly churnDays: number,
  ) {
    this.genesis = world.spec.subnets;
    this.maxLock = world.spec.entryMaxLock;
    this.endDay = ENTRY_SCHEDULE[ENTRY_SCHEDULE.length - 1]![0];
  }

  /** The subnet count the process aims at on `day`. */
  target(day: number): number {
    return Math.round(this.genesis + this.scale * (scheduledSubnets(day) - ENTRY_SCHEDULE[0]![1]));
  }

  act(block: number, chain: Chain, result: ActionResult): void {
    if (block < this.nextTry) return;
    const day = block / BLOCKS_PER_DAY;
    let due = chain.subnetList().length < this.target(day);
    if (!due && this.churnDays > 0 && day >= this.endDay && block - this.lastChurn >= this.churnDays * BLOCKS_PER_DAY) due = true;
    if (!due) {
      this.nextTry = block + RETRY_BLOCKS;
      return;
    }
    const lock = chain.lockCost();
    if (
      lock > this.maxLock ||
      chain.block - chain.lastNetworkRegistration < chain.rules.networkRateLimit ||
      chain.block < chain.rules.networkRegistrationStartBlock ||
      chain.balance(this.world.inertColdkey) < lock
    ) {
      this.nextTry = block + RETRY_BLOCKS;
      return;
    }
    const ck = chain.addColdkey(0);
    const hk = chain.addHotkey(ck);
    chain.apply({ kind: 'transfer', coldkey: this.world.inertColdkey, toColdkey: ck, tao: lock }, result);
    if (!result.ok) {
      this.refused++;
      this.nextTry = block + RETRY_BLOCKS;
      return;
    }
    this.tried++;
    chain.apply({ kind: 'registerSubnet', coldkey: ck, hotkey: hk }, result);
    if (!result.ok) {
      this.refused++;
      chain.apply({ kind: 'transfer', coldkey: ck, toColdkey: this.world.inertColdkey, tao: chain.balance(ck) }, result);
      this.nextTry = block + RETRY_BLOCKS;
      if (day >= this.endDay) this.lastChurn = block; // at the cap without pruning: wait a churn period
      return;
    }
    const netuid = result.id;
    this.registered++;
    if (lock > this.maxPaid) this.maxPaid = lock;
    this.entrants.push(netuid);
    this.world.ownerColdkeys[netuid] = ck;
    this.world.ownerHotkeys[netuid] = hk;
    this.world.subnetQuality[netuid] = this.rng.beta(this.world.spec.qualityAlpha, this.world.spec.qualityBeta);
    if (day >= this.endDay) this.lastChurn = block;
    this.nextTry = block + 1;
  }
}
