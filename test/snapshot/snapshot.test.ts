// `snapshot` against recorded RPC responses (fixtures/rpc.json, hand-built from subtensor's storage
// layout by makeFixture.ts) through a mock provider: the genesis must hold the fixture's state.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xxhashAsU8a } from '@polkadot/util-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { polkadotCrypto, snapshotCommand } from '../../src/cli/snapshotCommand.ts';
import { snapshot } from '../../src/snapshot/snapshot.ts';
import { STATE } from './makeFixture.ts';
import { fx, MockProvider } from './mockRpc.ts';

const N = fx.names;

const work = mkdtempSync(join(tmpdir(), 'dtao-lab-snapshot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('snapshot', async () => {
  const crypto = await polkadotCrypto();
  // A page of 2 keys makes every map span several state_getKeysPaged pages.
  const g = await snapshot(new MockProvider(), { at: fx.blockNumber, ruleSet: 'current-2026-06', pageSize: 2, ...crypto });

  it('hashes storage names as the chain does (twox128("System") is a well-known constant)', () => {
    expect(Buffer.from(xxhashAsU8a('System', 128)).toString('hex')).toBe('26aa394eea5630e07c48ae0c9558cef7');
    expect(Buffer.from(crypto.hashers.twox128('System')).toString('hex')).toBe('26aa394eea5630e07c48ae0c9558cef7');
  });

  it('reads the block, pools, moving prices, flow EMAs, tempos and registration blocks of every subnet', () => {
    expect(g.block).toBe(STATE.block);
    expect(g.ruleSet).toBe('current-2026-06');
    expect(g.genesis.subnets.map((s) => s.netuid)).toEqual([1, 2]);
    expect(g.rules?.tempo).toBe(360); // 360 and 720 once each: the lower
    for (const want of STATE.subnets) {
      const s = g.genesis.subnets.find((x) => x.netuid === want.netuid)!;
      expect(s.taoIn).toBeCloseTo(want.taoIn, 9);
      expect(s.alphaIn).toBeCloseTo(want.alphaIn, 9);
      expect(s.movingPrice).toBeCloseTo(want.movingPrice, 6);
      expect(s.flowEma).toBeCloseTo(want.flowEma, 6);
      expect(s.tempo).toBeUndefined(); // the fixture's tempos differ: the lab runs one (below)
      expect(g.source.tempos?.[String(want.netuid)]).toBe(want.tempo);
      expect(s.registeredAt).toBe(want.registeredAt);
      expect(s.owner).toBe(N[want.owner]);
      expect(s.ownerHotkey).toBe(N[want.ownerHotkey]);
      expect(s.neurons).toEqual(want.uids.map((u) => N[u]));
    }
  });

  it('turns share counts into stake (Alpha and the migrated AlphaV2), root in TAO, and keeps SubnetAlphaOut whole', () => {
    const stakeOf = (hot: string, cold: string, netuid: number) => {
      const [alpha, shares] = STATE.pools[`${hot}/${netuid}`]!;
      const mine = STATE.alpha.find(([h, c, n]) => h === hot && c === cold && n === netuid)![3];
      return (mine / shares) * alpha;
    };
    expect(g.genesis.root).toHaveLength(3);
    for (const r of g.genesis.root) {
      const hot = Object.keys(N).find((k) => N[k] === r.hotkey)!;
      const cold = Object.keys(N).find((k) => N[k] === r.coldkey)!;
      expect(r.tao).toBeCloseTo(stakeOf(hot, cold, 0), 6);
    }
    const sn2 = g.genesis.subnets.find((s) => s.netuid === 2)!;
    const migrated = sn2.stake.find((s) => s.hotkey === N.v2 && s.coldkey === N.bob)!;
    expect(migrated.alpha).toBeCloseTo(stakeOf('v2', 'bob', 2), 6);
    for (const s of g.genesis.subnets) {
      const want = STATE.subnets.find((x) => x.netuid === s.netuid)!;
      const listed = s.stake.reduce((a, x) => a + x.alpha, 0);
      expect(listed).toBeGreaterThan(0);
      expect(s.alphaOut + listed).toBeCloseTo(want.alphaOut, 6);
    }
  });

  it('names hotkeys with their coldkeys and takes, weights by UID name, free balances and the issuance beyond them', () => {
    for (const [hot, cold] of Object.entries(STATE.owner)) expect(g.genesis.hotkeys[N[hot]!]!.coldkey).toBe(N[cold]);
    expect(g.genesis.hotkeys[N.v1!]!.take).toBeCloseTo(0.18, 4);
    expect(g.genesis.hotkeys[N.m1!]!.take).toBeUndefined();
    const sn2 = g.genesis.subnets.find((s) => s.netuid === 2)!;
    expect(sn2.weights).toEqual({ [N.v2!]: { [N.m2!]: 1, [N.v1!]: 32768 / 65535 } });
    expect(g.genesis.coldkeys[N.bob!]).toBeCloseTo(250.5, 9);
    const created = Object.values(g.genesis.coldkeys).reduce((a, b) => a + b, 0) + g.genesis.root.reduce((a, r) => a + r.tao, 0) + g.genesis.subnets.reduce((a, s) => a + s.taoIn, 0);
    expect(g.issued + created).toBeCloseTo(STATE.totalIssuance, 3);
    expect(g.rules?.taoWeight).toBeCloseTo(0.18, 9);
  });

  it('the command writes the file through the provider and disconnects; bad options exit 2 and write nothing', async () => {
    const out = join(work, 'genesis.json');
    const p = new MockProvider();
    expect(await snapshotCommand({ endpoint: 'wss://node.example', out }, p)).toBe(0);
    expect(p.calls).toContain('chain_getFinalizedHead');
    expect(p.disconnected).toBe(true);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.genesis.subnets).toHaveLength(2);
    expect(written.source.endpoint).toBe('wss://node.example');
    const bad = join(work, 'bad.json');
    expect(await snapshotCommand({ endpoint: 'node.example', out: bad }, new MockProvider())).toBe(2);
    expect(await snapshotCommand({ endpoint: 'wss://node.example', at: -1, out: bad }, new MockProvider())).toBe(2);
    expect(await snapshotCommand({ endpoint: 'wss://node.example', at: 7, out: bad }, new MockProvider())).toBe(1); // no such block
    expect(existsSync(bad)).toBe(false);
  });
});
