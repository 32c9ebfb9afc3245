// Coinbase throughput: subnet-blocks per second under launch rules (agent-free, owner UID only, so the
// per-block phases dominate and epochs are near-free). Returns figures; bench/run.ts prints them.
import { Chain } from '../src/market/chain.ts';
import { resolveRules } from '../src/market/rules.ts';

function build(subnets: number, ruleSet: string): Chain {
  const c = new Chain(resolveRules(ruleSet), { maxNetuid: subnets + 1 });
  const holder = c.addColdkey(6e6);
  const v = c.addHotkey(holder);
  c.genesisStake(holder, v, 0, 6e6);
  for (let i = 0; i < subnets; i++) {
    const o = c.addColdkey(0);
    c.genesisSubnet(o, c.addHotkey(o), 1, 1);
  }
  return c;
}

/** Best of `reps` runs of `blocks` blocks: subnet-blocks per second. */
export function benchCoinbase(subnets: number, ruleSet = 'launch-2025-02', blocks = 50_000, reps = 3): number {
  let best = 0;
  for (let r = 0; r < reps; r++) {
    const c = build(subnets, ruleSet);
    for (let b = 0; b < 2000; b++) c.step(); // warm up
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < blocks; b++) c.step();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, (blocks * subnets) / s);
  }
  return best;
}
