// world.genesis: FILE — a sweep starts from a snapshot instead of the synthetic launch. The spec loader
// reads the file relative to the spec and validates it (errors name world.genesis, the file and the JSON
// path); the world builds the chain from it as `lab replay` does; a run's state exported with
// exportGenesis round-trips.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../src/agents/world.ts';
import { Rng } from '../../src/agents/rng.ts';
import { runConfig, buildPoints } from '../../src/experiments/spec/design.ts';
import { simulate } from '../../src/experiments/run/simulate.ts';
import { loadSpec, SpecError } from '../../src/experiments/spec/spec.ts';
import { Chain } from '../../src/market/chain.ts';
import { resolveRules } from '../../src/market/rules.ts';
import { ROOT } from '../../src/market/types.ts';
import { exportGenesis } from '../../src/replay/export.ts';
import { parseReplayFile, runReplay } from '../../src/replay/replay.ts';

const SNAPSHOT = {
  description: 'a small hand-written snapshot',
  ruleSet: 'launch-2025-02',
  block: 500_000,
  issued: 1000,
  genesis: {
    coldkeys: { whale: 100, o1: 0, o2: 0, m: 0, v: 0 },
    hotkeys: { val: { coldkey: 'v' }, oh1: { coldkey: 'o1' }, oh2: { coldkey: 'o2' }, m1: { coldkey: 'm' }, m2: { coldkey: 'm' } },
    root: [{ coldkey: 'whale', hotkey: 'val', tao: 5000 }],
    subnets: [
      { netuid: 1, owner: 'o1', ownerHotkey: 'oh1', taoIn: 50, alphaIn: 200, alphaOut: 30, movingPrice: 0.3, registeredAt: 10, neurons: ['oh1', 'val', 'm1'], stake: [{ coldkey: 'whale', hotkey: 'val', alpha: 100 }] },
      { netuid: 3, owner: 'o2', ownerHotkey: 'oh2', taoIn: 20, alphaIn: 100, movingPrice: 0.2, neurons: ['oh2', 'val', 'm2'] },
    ],
  },
};

function specDir(snapshot: unknown, world = 'genesis: snap.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'world-genesis-'));
  writeFileSync(join(dir, 'snap.json'), JSON.stringify(snapshot));
  writeFileSync(join(dir, 'spec.yaml'), `name: from-snapshot\ndescription: a run from a snapshot\nhorizon: 2d\nsampleEvery: 1d\nworld:\n  ${world.split('\n').join('\n  ')}\npopulation:\n  herder: { count: 5 }\n`);
  return join(dir, 'spec.yaml');
}

describe('world.genesis in a spec', () => {
  it('is read relative to the spec and validated; the spec hash covers its content', () => {
    const file = specDir(SNAPSHOT);
    const a = loadSpec(file);
    expect(a.spec.world.genesis?.file).toBe('snap.json');
    expect(a.spec.world.genesis?.block).toBe(500_000);
    expect(a.spec.world.subnets).toBe(3); // the highest netuid: it sizes the run's netuid slots
    const changed = structuredClone(SNAPSHOT);
    changed.genesis.subnets[0]!.taoIn = 51;
    expect(loadSpec(specDir(changed)).hash).not.toBe(a.hash);
  });

  it.each([
    ['a JSON path inside the file', (s: typeof SNAPSHOT) => (s.genesis.subnets[1]!.owner = 'nobody'), /world\.genesis: snap\.json: genesis\.subnets\[1\]\.owner: unknown coldkey "nobody"/],
    ['a snapshot with steps', (s: typeof SNAPSHOT) => ((s as Record<string, unknown>).steps = [{ blocks: 1 }]), /world\.genesis: snap\.json: steps: a world starts from the genesis state/],
    ['10,000 subnets, before allocating', (s: typeof SNAPSHOT) => (s.genesis.subnets = Array.from({ length: 10_000 }, (_, i) => ({ ...SNAPSHOT.genesis.subnets[1]!, netuid: i + 1 }))), /genesis\.subnets: has 10000 entries; at most 1024/],
  ])('an error names world.genesis and %s', (_what, edit, message) => {
    const s = structuredClone(SNAPSHOT);
    edit(s);
    expect(() => loadSpec(specDir(s))).toThrow(SpecError);
    expect(() => loadSpec(specDir(s))).toThrow(message);
  });

  it('a missing file and launch-only fields beside it are errors naming the path', () => {
    expect(() => loadSpec(specDir(SNAPSHOT, 'genesis: nowhere.json'))).toThrow(/world\.genesis: nowhere\.json: no such file/);
    expect(() => loadSpec(specDir(SNAPSHOT, 'genesis: snap.json\nrootStake: 5'))).toThrow(/world\.rootStake: not used with world\.genesis/);
    expect(loadSpec(specDir(SNAPSHOT, 'genesis: snap.json\nqualityAlpha: 3')).spec.world.qualityAlpha).toBe(3);
    const t = structuredClone(SNAPSHOT);
    (t.genesis.subnets[0] as Record<string, unknown>).tempo = 99;
    expect(() => loadSpec(specDir(t))).toThrow(/world\.genesis: snap\.json: its subnets run at tempo 99, the spec's rule set at 360; set chain\.tempo: 99/);
  });
});

describe('a world built from a snapshot', () => {
  const rules = resolveRules('launch-2025-02');
  const { spec } = loadSpec(specDir(SNAPSHOT));

  it('holds the snapshot state at block 0, with the roles read off it', () => {
    const chain = new Chain(rules, { maxNetuid: 8 });
    const w = buildWorld(chain, spec.world, new Rng('w'));
    expect(chain.block).toBe(0);
    expect([...chain.subnetList()]).toEqual([1, 3]);
    expect(chain.subnets.taoIn[1]).toBe(50);
    expect(chain.subnets.alphaOut[1]).toBeCloseTo(130, 12);
    expect(chain.subnets.movingPrice[3]).toBe(0.2);
    expect(chain.subnets.registeredAt[1]).toBe(10 - 500_000); // same distance from the genesis
    expect(chain.hotkeyStake(w.rootValidators[0]!, ROOT)).toBe(5000);
    expect(w.rootValidators).toHaveLength(1);
    expect([...w.ownerColdkeys.subarray(1, 4)]).toEqual([chain.subnets.owner[1], -1, chain.subnets.owner[3]]);
    expect(w.minerHotkeys).toHaveLength(2); // m1 and m2: neither owner nor root validator
    expect(chain.balance(w.inertColdkey)).toBe(1000); // the unlisted holders: the most free TAO here
    expect(chain.totalIssuance()).toBeCloseTo(100 + 5000 + 70 + 1000, 9);
    expect(chain.checkInvariants()).toEqual([]);
  });

  it('a run from it keeps its invariants and is reproducible', () => {
    const cfg = runConfig(spec, buildPoints(spec), 0);
    const a = simulate(cfg);
    expect(a.error).toBeUndefined();
    expect(a.status).toBe('ok');
    const b = simulate(cfg);
    expect(b.summary).toEqual(a.summary);
  });

  it('exportGenesis round-trips: a replay of the exported state reports the same pools and stake', () => {
    const cfg = { ...runConfig(spec, buildPoints(spec), 0), horizon: 800 };
    let chain: Chain | undefined;
    simulate(cfg, { onEnd: (c) => (chain = c) });
    const snap = exportGenesis(chain!, 'test');
    expect(snap.block).toBe(800);
    const { reports } = runReplay(parseReplayFile({ ...snap, ruleSet: 'launch-2025-02' }));
    const r = reports[0]!;
    for (const i of chain!.subnetList()) {
      expect(r.subnets[String(i)]!.taoIn).toBe(chain!.subnets.taoIn[i]);
      expect(r.subnets[String(i)]!.alphaOut).toBeCloseTo(chain!.subnets.alphaOut[i]!, 9);
      expect(r.subnets[String(i)]!.movingPrice).toBe(chain!.subnets.movingPrice[i]);
    }
    expect(r.totalIssuance).toBeCloseTo(chain!.totalIssuance(), 6);
    expect(r.block).toBe(800);
  });
});

describe('the example snapshot (experiments/genesis/)', () => {
  it('loads with its example spec and a day of the run keeps the invariants', () => {
    const { spec } = loadSpec(join(import.meta.dirname, '..', '..', 'experiments', 'genesis', 'quickstart-from-day60.yaml'));
    expect(spec.world.genesis?.block).toBe(432_000);
    expect(spec.world.genesis?.description).toMatch(/launch-2025-02 run/);
    const r = simulate({ ...runConfig(spec, buildPoints(spec), 0), horizon: 7200, sampleEvery: 3600 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('ok');
  });
});
