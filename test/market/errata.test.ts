// The errata checks (docs/chain-timeline.md, E1–E13): each is the input → expected case the errata give,
// run on the market core under the rule set and date where the rule held.
import { describe, expect, it } from 'vitest';
import { Chain } from '../../src/market/chain.ts';
import { uidToPrune } from '../../src/market/registration.ts';
import { resolveRules, type RuleSet } from '../../src/market/rules.ts';
import { blockToDate, dateToBlock, TIMELINE } from '../../src/market/timeline.ts';
import { ROOT } from '../../src/market/types.ts';
import { run } from './helpers.ts';

/** A bare chain: `pools` genesis subnets (T, A) with an owner each, and a funded coldkey. */
function bare(ruleSet: string, overrides: Record<string, unknown>, pools: Array<[number, number]>) {
  const c = new Chain(resolveRules(ruleSet, overrides), { maxNetuid: 9 });
  const rich = c.addColdkey(3_000_000);
  const nets = pools.map(([T, A]) => {
    const o = c.addColdkey(0);
    return c.genesisSubnet(o, c.addHotkey(o), T, A);
  });
  return { c, rich, nets };
}

/** A validator with root stake (and optionally alpha stake) on subnet 1, a miner it weights, permits handed out. */
function withValidator(c: Chain, rich: number, rootTao: number, alpha = 0) {
  const v = c.addHotkey(rich);
  c.genesisStake(rich, v, ROOT, rootTao);
  c.genesisNeuron(1, v);
  if (alpha > 0) {
    // Stake held since before the run (genesis alpha out), so the pool is not moved by buying it.
    c.stakes.mint(c.stakes.ensure(v, 1), rich, alpha);
    c.subnets.alphaOut[1]! += alpha;
    c.alphaIssued[1]! += alpha;
  }
  const mc = c.addColdkey(0);
  const m = c.addHotkey(mc);
  const mu = c.genesisNeuron(1, m);
  return { v, m, mu };
}

/** Run to the first epoch of subnet 1 (permits), then set the validator's weights on the miner. */
function firstEpochThenWeights(c: Chain, v: number, mu: number): void {
  while (c.subnets.lastEpochBlock[1]! <= 0 || c.block <= c.subnets.lastEpochBlock[1]!) c.step();
  const w = new Float64Array(c.subnets.nUids[1]!);
  w[mu] = 1;
  expect(c.apply({ kind: 'setWeights', hotkey: v, netuid: 1, weights: w }).ok).toBe(true);
}

/** Step until subnet 1's next epoch has run. */
function toNextEpoch(c: Chain): void {
  const last = c.subnets.lastEpochBlock[1]!;
  while (c.subnets.lastEpochBlock[1] === last) c.step();
}

const sharesOf = (c: Chain, nets: number[]) => nets.map((i) => c.subnets.emissionShare[i]!);

describe('E1 genesis moving price = the pre-dTAO emission share', () => {
  const m = [0.55, 0.25, 0.15, 0.05];
  it('one block: emission shares are the genesis moving prices, not 1/4 each', () => {
    const { c, nets } = bare('launch-2025-02', {}, m.map(() => [1, 1] as [number, number]));
    nets.forEach((i, k) => c.genesisMovingPrice(i, m[k]!));
    c.step();
    sharesOf(c, nets).forEach((s, k) => expect(s).toBeCloseTo(m[k]!, 12));
  });
  it('60 days without trades: the anchor decays only at the EMA rate (half-life ~32 days), order kept', () => {
    const { c, nets } = bare('launch-2025-02', {}, m.map(() => [1, 1] as [number, number]));
    nets.forEach((i, k) => c.genesisMovingPrice(i, m[k]!));
    const blocks = 60 * 7200;
    run(c, blocks);
    // Pools stay at price 1 (emission injected at price), so EMA_i = w·m_i + (1 − w)·1 with w = (1 − α)^blocks.
    const w = Math.pow(1 - c.rules.movingAlpha, blocks - 1);
    const ema = m.map((x) => w * x + (1 - w));
    const total = ema.reduce((a, b) => a + b);
    sharesOf(c, nets).forEach((s, k) => expect(s).toBeCloseTo(ema[k]! / total, 4));
    const s = sharesOf(c, nets);
    expect(s[0]).toBeGreaterThan(s[1]!);
    expect(s[2]).toBeGreaterThan(s[3]!);
    expect(c.checkInvariants()).toEqual([]);
  });
});

describe('E2 alpha dividends during the launch weeks', () => {
  // One validator: 1e6 root, 1e4 alpha; subnet alpha issuance 4e5; tao_weight 0.18.
  function paidShare(mode: string): number {
    const { c, rich } = bare('launch-2025-02', { dividendMode: mode }, [[390_000, 390_000]]);
    const { v, mu } = withValidator(c, rich, 1e6, 1e4);
    firstEpochThenWeights(c, v, mu);
    toNextEpoch(c); // bonds form
    const before = c.hotkeyStake(v, 1);
    let half = 0; // E/2 of the next epoch = the miners' pending share
    const last = c.subnets.lastEpochBlock[1]!;
    while (c.subnets.lastEpochBlock[1] === last) {
      half = c.subnets.pendingServer[1]!;
      c.step();
    }
    half += (1 - c.rules.ownerCut) / 2; // the epoch block's own emission (alpha emission 1 per block)
    expect(c.checkInvariants()).toEqual([]);
    return (c.hotkeyStake(v, 1) - before) / half;
  }
  it('Feb 24 – Mar 28 (5073ade60): d·(1 − own root share) ≈ 0.053 × E/2', () => {
    expect(paidShare('alpha-unscaled')).toBeCloseTo(0.0526, 2);
  });
  it('after the fix (8de0d23ca): rescaled to the validator pool ≈ 0.69 × E/2', () => {
    expect(paidShare('rescaled')).toBeCloseTo(0.69, 2);
  });
  it('Feb 13 – 24 (f9254ea63): the whole dividend in alpha, E/2 (root part paid twice)', () => {
    expect(paidShare('alpha-full')).toBeCloseTo(1, 2);
  });
});

describe('E3 neuron registration burns are swapped', () => {
  for (const era of ['launch-2025-02', 'flow-2025-11', 'current-2026-06']) {
    it(`${era}: pool 100/100, burn 1 TAO → T = 101, A = 100·100/101, issuance unchanged`, () => {
      const { c, rich } = bare(era, {}, [[100, 100]]);
      c.subnets.neuronBurn[1] = 1;
      const issuance = c.totalIssuance();
      const hk = c.addHotkey(rich);
      expect(c.apply({ kind: 'registerNeuron', coldkey: rich, hotkey: hk, netuid: 1 }).ok).toBe(true);
      expect(c.subnets.taoIn[1]).toBeCloseTo(101, 12);
      expect(c.subnets.alphaIn[1]).toBeCloseTo(10_000 / 101, 9);
      expect(c.totalIssuance()).toBe(issuance);
      expect(c.checkInvariants()).toEqual([]);
    });
  }
});

describe('E4 validator take on root dividends (flow and current eras)', () => {
  it('take 0.18, pending root alpha 100 → 18 alpha staked on the subnet to the validator, 82 claimable', () => {
    const { c, rich } = bare('flow-2025-11', { rootClaimPeriod: 1e9 }, [[1000, 1000]]);
    const { v, mu } = withValidator(c, rich, 1e6);
    firstEpochThenWeights(c, v, mu);
    // Σ moving prices 0: the root-sell flag recycles the per-block root alpha, so only these 100 are pending.
    c.subnets.pendingRootAlpha[1] = 100;
    c.subnets.alphaOut[1]! += 100;
    c.alphaIssued[1]! += 100;
    const staked = c.stake(v, rich, 1);
    toNextEpoch(c);
    const take = c.hotkeyTake(v);
    expect(take).toBeCloseTo(0.18, 4);
    expect(c.stake(v, rich, 1) - staked).toBeCloseTo(100 * take, 9);
    const slot = 1 * c.maxUids + c.uidOf(v, 1);
    expect(c.rootClaimable[slot]).toBeCloseTo(100 * (1 - take), 9);
    expect(c.checkInvariants()).toEqual([]);
  });
});

describe('E5 alpha bought with excess TAO', () => {
  function deltaAlphaOut(excessAlpha: string): { dOut: number; bought: number } {
    const { c } = bare('flow-2025-11', { excessAlpha }, [[1, 100]]); // price 0.01: the cap binds
    c.subnets.flowEma[1] = 1;
    const out0 = c.subnets.alphaOut[1]!;
    const in0 = c.subnets.alphaIn[1]!;
    c.step();
    const injected = c.subnets.alphaInInjected[1]!;
    return { dOut: c.subnets.alphaOut[1]! - out0, bought: in0 + injected - c.subnets.alphaIn[1]! };
  }
  it('until June 2026 (6e3d24cea): recycled, alpha_out rises by alpha_emission only', () => {
    const { dOut, bought } = deltaAlphaOut('recycle');
    expect(bought).toBeGreaterThan(0);
    expect(dOut).toBeCloseTo(1, 12);
  });
  it('from 2026-06-01 (ec2212c53): held as protocol alpha, alpha_out rises by emission + bought', () => {
    const { dOut, bought } = deltaAlphaOut('protocol');
    expect(dOut).toBeCloseTo(1 + bought, 12);
  });
});

describe('E6 later eras need mature moving prices', () => {
  function burnedRoot(price: number): { pending: number; burned: number } {
    const { c, rich } = bare('flow-2025-11', {}, Array.from({ length: 8 }, () => [100, 100] as [number, number]));
    c.genesisStake(rich, c.addHotkey(rich), ROOT, 1e6);
    for (const i of c.subnetList()) c.genesisMovingPrice(i, price);
    c.step();
    return { pending: c.subnets.pendingRootAlpha[1]!, burned: c.alphaBurned[1]! };
  }
  it('8 subnets at moving price 0.2 (Σ 1.6 > 1): root alpha is paid, not recycled', () => {
    const r = burnedRoot(0.2);
    expect(r.pending).toBeGreaterThan(0);
    expect(r.burned).toBe(0);
  });
  it('a launch-like genesis (moving prices 0): every root dividend is recycled', () => {
    const r = burnedRoot(0);
    expect(r.pending).toBe(0);
    expect(r.burned).toBeGreaterThan(0);
  });
});

describe('E7 root claims are lumpy', () => {
  it('root alpha stays outstanding between claims and reaches root stake in lumps', () => {
    const period = 4 * 361;
    const { c, rich } = bare('flow-2025-11', { rootClaimPeriod: period }, [[1000, 1000], [1000, 1000]]);
    for (const i of c.subnetList()) c.genesisMovingPrice(i, 0.6); // Σ 1.2 > 1: root alpha is paid
    const { v, mu } = withValidator(c, rich, 1e6);
    firstEpochThenWeights(c, v, mu);
    const slot = c.maxUids + c.uidOf(v, 1);
    let paidEpochs = 0;
    let epochs = 0;
    let maxOutstanding = 0;
    for (let e = 0; e < 16; e++) {
      const before = c.subnets.cumRootDividendsTao[1]!;
      toNextEpoch(c);
      epochs++;
      if (c.subnets.cumRootDividendsTao[1]! > before) {
        paidEpochs++;
        expect(c.rootClaimable[slot]).toBe(0); // a claim takes everything outstanding
      }
      maxOutstanding = Math.max(maxOutstanding, c.rootClaimable[slot]!);
    }
    expect(paidEpochs).toBeGreaterThanOrEqual(3);
    expect(paidEpochs).toBeLessThanOrEqual(5); // one epoch in four, not every epoch
    expect(maxOutstanding).toBeGreaterThan(0);
    expect(c.checkInvariants()).toEqual([]);
  });
});

describe('E8 owner rules by date', () => {
  const at = (date: string): RuleSet => rulesAt(dateToBlock(date));
  it('self-weight from 2025-03-19, owner-hotkey burn from 03-28, every owner hotkey from Nov 2025, permit from 2026-03-23', () => {
    expect(at('2025-03-18').ownerSelfWeight).toBe(false);
    expect(at('2025-03-19').ownerSelfWeight).toBe(true);
    expect(at('2025-03-27').ownerIncentiveBurn).toBe('none');
    expect(at('2025-03-28').ownerIncentiveBurn).toBe('owner-hotkey');
    expect(at('2025-11-04').ownerIncentiveBurn).toBe('owner-coldkey');
    expect(at('2026-03-22').ownerPermit).toBe(false);
    expect(at('2026-03-23').ownerPermit).toBe(true);
  });
  for (const [mode, burned] of [['owner-hotkey', false], ['owner-coldkey', true]] as const) {
    it(`${mode}: incentive to a second hotkey of the owner's coldkey is ${burned ? 'burned' : 'paid'}`, () => {
      const { c, rich } = bare('launch-2025-02', { ownerIncentiveBurn: mode, dividendMode: 'rescaled' }, [[1000, 1000]]);
      const owner = c.subnets.owner[1]!;
      const second = c.addHotkey(owner);
      const v = c.addHotkey(rich);
      c.genesisStake(rich, v, ROOT, 1e6);
      c.genesisNeuron(1, v);
      const su = c.genesisNeuron(1, second);
      firstEpochThenWeights(c, v, su);
      toNextEpoch(c);
      toNextEpoch(c);
      expect(c.hotkeyStake(second, 1) > 0).toBe(!burned);
      expect(c.subnets.minerBurned[1]! > 0).toBe(burned);
      expect(c.checkInvariants()).toEqual([]);
    });
  }
});

describe('E9 smaller launch details', () => {
  it('root dividends at launch do not add to SubnetTAO[0]; from Nov 2025 they do', () => {
    for (const [era, inPool] of [['launch-2025-02', false], ['flow-2025-11', true]] as const) {
      const { c, rich } = bare(era, { rootClaim: 'epoch', rootSellFlag: false }, [[1000, 1000]]);
      const { v, mu } = withValidator(c, rich, 1e6);
      firstEpochThenWeights(c, v, mu);
      const pool = c.subnets.taoIn[ROOT]!;
      toNextEpoch(c);
      toNextEpoch(c);
      expect(c.subnets.cumRootDividendsTao[1]).toBeGreaterThan(0);
      expect(c.subnets.taoIn[ROOT]! > pool).toBe(inPool);
      expect(c.checkInvariants()).toEqual([]);
    }
  });
  it('launch UID pruning: u16-rounded scores tie → earliest registered; no MinNonImmuneUids', () => {
    const hot = Int32Array.from([0, 1, 2, 3]);
    const emission = Float64Array.from([1, 0.5 + 1e-9, 0.5, 0.9]);
    const reg = Float64Array.from([0, 5, 10, 0]);
    expect(uidToPrune(0, 4, hot, emission, reg, 1000, 100, 0, 1, 10, true)).toBe(1);
    // With the Sep 2025 rule: only 3 non-immune UIDs (< 10) → prune among the immune… none here, exact order.
    expect(uidToPrune(0, 4, hot, emission, reg, 1000, 100, 0, 1, 0, false)).toBe(2);
  });
  it('move_stake at launch charges half the flat fee on each leg', () => {
    for (const [moveFee, legs] of [['half-each-leg', 1], ['each-leg', 2]] as const) {
      const { c, rich } = bare('launch-2025-02', { moveFee }, [[1000, 1000], [1000, 1000]]);
      const hk = c.addHotkey(rich);
      c.apply({ kind: 'stake', coldkey: rich, hotkey: hk, netuid: 1, tao: 10 });
      const held = c.stake(hk, rich, 1);
      const r = c.apply({ kind: 'move', coldkey: rich, fromHotkey: hk, toHotkey: hk, fromNetuid: 1, toNetuid: 2, alpha: held });
      expect(r.ok).toBe(true);
      expect(r.fee).toBeCloseTo(legs * c.rules.flatStakingFee, 12);
    }
  });
});

describe('E10 epoch timing', () => {
  it('blocks_until_next_epoch(netuid 1, tempo 10, block 5) = 3: the epoch is at block 8', () => {
    const { c } = bare('launch-2025-02', { tempo: 10 }, [[1, 1]]);
    const start = c.subnets.lastEpochBlock[1];
    run(c, 8); // blocks 0..7: no epoch
    expect(c.subnets.lastEpochBlock[1]).toBe(start);
    run(c, 1); // block 8
    expect(c.subnets.lastEpochBlock[1]).toBe(8);
  });
  it('netuid 1, tempo 360: epochs at blocks 358, 719, … (the 359th and 720th blocks from block 0)', () => {
    const { c } = bare('launch-2025-02', {}, [[1, 1]]);
    const seen: number[] = [];
    for (let b = 0; b < 1100; b++) {
      const last = c.subnets.lastEpochBlock[1];
      c.step();
      if (c.subnets.lastEpochBlock[1] !== last) seen.push(c.subnets.lastEpochBlock[1]!);
    }
    expect(seen).toEqual([358, 719, 1080]);
  });
});

describe('E11 all moving prices zero: no TAO that block', () => {
  it('launch genesis with SubnetMovingPrice 0: nothing injected, issuance unchanged, alpha still emitted', () => {
    const { c, nets } = bare('launch-2025-02', {}, [[1, 1], [1, 1]]);
    const issued = c.issued;
    c.step();
    expect(c.issued).toBe(issued);
    for (const i of nets) {
      expect(c.subnets.taoInjected[i]).toBe(0);
      expect(c.subnets.alphaOut[i]).toBe(1);
    }
    c.step(); // the EMA moved off 0 after use: the next block emits
    expect(c.issued).toBeCloseTo(issued + 1, 12);
  });
  it('zeroPriceShares: equal keeps the former equal split', () => {
    const { c } = bare('launch-2025-02', { zeroPriceShares: 'equal' }, [[1, 1], [1, 1]]);
    const issued = c.issued;
    c.step();
    expect(c.issued).toBeCloseTo(issued + 1, 12);
  });
});

describe('E12 order inside the launch coinbase', () => {
  it('the root proportion reads alpha issuance after the injection; the owner cut is 11796/65535', () => {
    const { c, rich } = bare('launch-2025-02', {}, [[10, 10]]);
    c.genesisStake(rich, c.addHotkey(rich), ROOT, 100);
    c.genesisMovingPrice(1, 1);
    c.step();
    const s = c.subnets;
    const tw = 100 * c.rules.taoWeight;
    // After the block: issuance = pool + out, less nothing (the root sell moves alpha out → in, sum unchanged).
    expect(s.rootProp[1]).toBeCloseTo(tw / (tw + s.alphaIn[1]! + s.alphaOut[1]!), 12);
    expect(s.pendingOwnerCut[1]).toBeCloseTo(11_796 / 65_535, 15);
    expect(c.rules.ownerCut).not.toBe(0.18);
  });
});

describe('E13 stake minimums at launch', () => {
  it('a stake needs minStake + flat fee; an unstake must be worth strictly more than minStake', () => {
    const { c, rich } = bare('launch-2025-02', {}, [[1000, 1000]]);
    const hk = c.addHotkey(rich);
    const min = c.rules.minStake + c.rules.flatStakingFee;
    expect(c.apply({ kind: 'stake', coldkey: rich, hotkey: hk, netuid: 1, tao: min * 0.999 }).reason).toBe('BELOW_MIN_STAKE');
    expect(c.apply({ kind: 'stake', coldkey: rich, hotkey: hk, netuid: 1, tao: 1 }).ok).toBe(true);
    expect(c.apply({ kind: 'unstake', coldkey: rich, hotkey: hk, netuid: 1, alpha: c.rules.minStake * 0.99 }).reason).toBe('BELOW_MIN_STAKE');
    // Leaving dust behind is allowed at launch.
    const held = c.stake(hk, rich, 1);
    expect(c.apply({ kind: 'unstake', coldkey: rich, hotkey: hk, netuid: 1, alpha: held - 1e-6 }).ok).toBe(true);
    expect(c.checkInvariants()).toEqual([]);
  });
});

/** The `history` rules in force at a block (what a run reaches there). */
function rulesAt(block: number): RuleSet {
  const base = resolveRules('history');
  let r = base;
  for (const sw of base.schedule!.switches) if (sw.block <= block) r = sw.rules;
  return r;
}

describe('history: the timeline', () => {
  it('starts 2025-02-13 at block 0, 7200 blocks a day', () => {
    expect(blockToDate(0)).toBe('2025-02-13');
    expect(dateToBlock('2025-11-04')).toBe(264 * 7200);
    expect(blockToDate(dateToBlock('2026-06-22') + 7199)).toBe('2026-06-22');
    expect(() => dateToBlock('2025-02-30')).toThrow(/not a date/);
  });
  it('every switch cites a commit and comes in date order', () => {
    for (let k = 1; k < TIMELINE.length; k++) expect(TIMELINE[k]!.block).toBeGreaterThan(TIMELINE[k - 1]!.block);
    for (const sw of TIMELINE) expect(sw.commit).toMatch(/[0-9a-f]{9}/);
  });
  it('a run switches rules on the dates: launch weeks, flow shares, the Dec cap, the June 2026 revert', () => {
    expect(rulesAt(0).dividendMode).toBe('alpha-full');
    expect(rulesAt(dateToBlock('2025-02-24')).dividendMode).toBe('alpha-unscaled');
    expect(rulesAt(dateToBlock('2025-11-03')).shareMode).toBe('price-ema');
    expect(rulesAt(dateToBlock('2025-11-04')).shareMode).toBe('flow-ema');
    expect(rulesAt(dateToBlock('2025-12-09')).injection).toBe('excess');
    expect(rulesAt(dateToBlock('2026-06-22')).shareMode).toBe('price-ema');
    expect(rulesAt(dateToBlock('2026-06-25')).pool).toBe('weighted');
  });
  it('the chain applies a switch at its block, keeps overrides across it, and the pool follows', () => {
    const r = resolveRules('history', { kappa: 0.4 });
    const c = new Chain(r, { maxNetuid: 9 });
    const o = c.addColdkey(0);
    c.genesisSubnet(o, c.addHotkey(o), 10, 10);
    const sw = r.schedule!.switches.find((s) => s.rules.pool === 'weighted')!;
    c.block = sw.block - 1;
    c.step();
    expect(c.rules.pool).toBe('constant-product');
    c.step();
    expect(c.rules.pool).toBe('weighted');
    expect(c.pool.kind).toBe('weighted');
    expect(c.protocolPool.feeRate).toBe(0);
    expect(c.rules.kappa).toBe(0.4);
    expect(c.rules.epochSchedule).toBe('dynamic');
  });
});
