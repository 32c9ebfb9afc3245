// Observed owner practices added to the cartel family (src/agents/owners.ts): burning miner emission
// (burnMinerShare, data/observed L12) and repeated treasury pumps (pumpCycleDays, L13).
import { describe, expect, it } from 'vitest';
import type { CartelAgent } from '../../src/agents/owners.ts';
import { DAY, Launch } from './launchKit.ts';

const QUIET = { pumpShare: 0, stakeBribeShare: 0, crossStakeShare: 0, capture: false, validators: 0, minerUids: 0 };

describe('owner practices', () => {
  it('burnMinerShare: the validators give the owner UID that share of miner weight, so of the incentive', () => {
    const l = new Launch('burn', [{ family: 'cartel', count: 1, params: { ...QUIET, treasury: 10, burnMinerShare: 0.67 } }]);
    l.run(2 * DAY);
    const owner = l.pop.agentsOf('cartel')[0] as CartelAgent;
    const c = l.chain;
    const M = c.maxUids;
    const incentiveOf = (netuid: number) => c.neurons.incentive[netuid * M + c.uidOf(c.subnets.ownerHotkey[netuid]!, netuid)]!;
    expect(incentiveOf(owner.netuid)).toBeGreaterThan(0.6);
    expect(incentiveOf(owner.netuid)).toBeLessThan(0.74);
    const other = [...c.subnetList()].find((n) => n !== owner.netuid)!;
    expect(incentiveOf(other)).toBe(0);
  });

  it('pumpCycleDays: pump, hold while earning, sell, pump again; without it the pump is held', () => {
    const run = (pumpCycleDays: number) => {
      const l = new Launch(`pump/${pumpCycleDays}`, [
        { family: 'cartel', count: 1, params: { ...QUIET, validators: 1, treasury: 200, pumpShare: 0.5, slippage: 0.05, pumpCycleDays } },
      ]);
      l.run(12 * DAY);
      const cartel = l.pop.agentsOf('cartel')[0] as CartelAgent;
      const sells = l.sentBy('cartel', 'unstake').filter((s) => s.ok && 'netuid' in s.action && s.action.netuid === cartel.netuid);
      const buys = l.sentBy('cartel', 'stake').filter((s) => s.ok && 'netuid' in s.action && s.action.netuid === cartel.netuid);
      return { cartel, sells, buys };
    };
    const once = run(0);
    expect(once.buys.length).toBeGreaterThan(0);
    expect(once.sells).toHaveLength(0);
    const cyc = run(2);
    expect(cyc.cartel.pumpCycles).toBeGreaterThanOrEqual(1);
    expect(cyc.sells.length).toBeGreaterThan(0);
    // bought again after the first sale
    const firstSale = cyc.sells[0]!.block;
    expect(cyc.buys.some((s) => s.block > firstSale)).toBe(true);
    // the first sale came at least pumpCycleDays after the last buy before it
    const lastBuyBefore = Math.max(...cyc.buys.filter((s) => s.block < firstSale).map((s) => s.block));
    expect(firstSale - lastBuyBefore).toBeGreaterThanOrEqual(2 * DAY);
  });
});
