// Small chains for tests: a root holder with validators, some subnets with miners.
import { Chain } from '../../src/market/chain.ts';
import { resolveRules } from '../../src/market/rules.ts';

export interface TestChain {
  chain: Chain;
  holder: number; // coldkey holding the root stake
  validators: number[]; // hotkeys with root stake, registered on every subnet
  owners: number[]; // owner coldkey per subnet (index = netuid − 1)
  ownerHotkeys: number[];
  miners: number[][]; // miner hotkeys per subnet
  trader: number; // a funded coldkey
  traderHotkey: number;
}

export function testChain(ruleSet = 'launch-2025-02', overrides: Record<string, unknown> = {}, subnets = 4, minersPerSubnet = 4): TestChain {
  const chain = new Chain(resolveRules(ruleSet, overrides), { maxNetuid: Math.max(subnets + 1, 9) });
  const holder = chain.addColdkey(1_000_000);
  const validators: number[] = [];
  for (let v = 0; v < 3; v++) {
    const h = chain.addHotkey(holder);
    chain.genesisStake(holder, h, 0, 100_000 * (v + 1));
    validators.push(h);
  }
  const owners: number[] = [];
  const ownerHotkeys: number[] = [];
  const miners: number[][] = [];
  for (let i = 0; i < subnets; i++) {
    const o = chain.addColdkey(0);
    const oh = chain.addHotkey(o);
    const net = chain.genesisSubnet(o, oh, 1, 1);
    owners.push(o);
    ownerHotkeys.push(oh);
    for (const h of validators) chain.genesisNeuron(net, h);
    const ms: number[] = [];
    for (let m = 0; m < minersPerSubnet; m++) {
      const mc = chain.addColdkey(0);
      const mh = chain.addHotkey(mc);
      chain.genesisNeuron(net, mh);
      ms.push(mh);
    }
    miners.push(ms);
  }
  const trader = chain.addColdkey(10_000);
  const traderHotkey = chain.addHotkey(trader);
  return { chain, holder, validators, owners, ownerHotkeys, miners, trader, traderHotkey };
}

/** Validators weight miners of every subnet ∝ (1, 2, 3, …). Returns rejected count. */
export function setMinerWeights(t: TestChain): number {
  let rejected = 0;
  const c = t.chain;
  for (const netuid of c.subnetList()) {
    const n = c.subnets.nUids[netuid]!;
    const w = new Float64Array(n);
    for (const [k, mh] of t.miners[netuid - 1]!.entries()) w[c.uidOf(mh, netuid)] = k + 1;
    for (const v of [...t.validators, t.ownerHotkeys[netuid - 1]!]) {
      if (!c.apply({ kind: 'setWeights', hotkey: v, netuid, weights: w }).ok) rejected++;
    }
  }
  return rejected;
}

export function run(c: Chain, blocks: number): void {
  for (let b = 0; b < blocks; b++) c.step();
}

/** Every typed array of the chain's state, concatenated into a fingerprint for "nothing changed" checks. */
export function snapshot(c: Chain): string {
  const parts: string[] = [String(c.block), String(c.issued), String(c.recycled), String(c.authorFees)];
  for (const arr of Object.values(c.subnets)) parts.push(Array.from(arr as ArrayLike<number>).join(','));
  for (const arr of Object.values(c.neurons)) parts.push(Array.from(arr as ArrayLike<number>).join(','));
  parts.push(Array.from(c.balances.subarray(0, c.nCold)).join(','));
  parts.push(Array.from(c.stakes.posAlpha.subarray(0, c.stakes.nPositions)).join(','));
  parts.push(Array.from(c.stakes.posShares.subarray(0, c.stakes.nPositions)).join(','));
  parts.push(Array.from(c.hotTake.subarray(0, c.nHot)).join(','));
  for (const rows of c.weightRows) for (const r of rows) if (r) parts.push(Array.from(r).join(','));
  return parts.join('|');
}
