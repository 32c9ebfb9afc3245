// `lab replay FILE` (docs/replay-format.md): the example file runs; the output has the documented
// fields; TAO is conserved; bad files get one line naming the JSON path and exit code 2, with nothing
// on stdout; sizes are refused before anything is allocated.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCommand } from '../../src/cli/replayCommand.ts';
import { buildReplayChain, parseReplayFile, runReplay } from '../../src/replay/replay.ts';
import { FormatError } from '../../src/replay/validate.ts';

const EXAMPLE = {
  ruleSet: 'launch-2025-02',
  rules: { taoWeight: 0.18 },
  block: 0,
  issued: 0,
  genesis: {
    coldkeys: { alice: 1000, owner1: 0 },
    hotkeys: { v1: { coldkey: 'alice', take: 0.18 }, o1: { coldkey: 'owner1' }, m1: { coldkey: 'owner1' } },
    root: [{ coldkey: 'alice', hotkey: 'v1', tao: 500 }],
    subnets: [
      {
        netuid: 1, owner: 'owner1', ownerHotkey: 'o1', taoIn: 1, alphaIn: 1, alphaOut: 0, movingPrice: 0.3, flowEma: 0, tempo: 360,
        registeredAt: 0, neurons: ['o1', 'v1', 'm1'], stake: [{ coldkey: 'alice', hotkey: 'v1', alpha: 10 }], weights: { v1: { m1: 1 } },
      },
    ],
  },
  steps: [
    { actions: [{ kind: 'stake', coldkey: 'alice', hotkey: 'v1', netuid: 1, tao: 10 }] },
    { blocks: 1 },
    { actions: [{ kind: 'setWeights', hotkey: 'v1', netuid: 1, weights: { m1: 1 } }] },
    { blocks: 360, report: true },
  ],
  expected: { ignored: true },
};

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

async function cli(json: unknown): Promise<{ code: number; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const file = join(dir, 'r.json');
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  let out = '';
  let err = '';
  const code = await replayCommand(file, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('replay: the documented example', () => {
  const { reports } = runReplay(parseReplayFile(EXAMPLE));

  it('reports once, after the step that asks, at block 361', () => {
    expect(reports).toHaveLength(1);
    expect(reports[0]!.step).toBe(3);
    expect(reports[0]!.block).toBe(361);
  });

  it('lists the action results since the last report, in order (weights need a permit the first epoch has not given)', () => {
    expect(reports[0]!.actions).toEqual([{ ok: true }, { ok: false, reason: 'NO_VALIDATOR_PERMIT' }]);
  });

  it('issued = genesis TAO (balances, root stake, pools) + minted; the stake paid came from alice', () => {
    const r = reports[0]!;
    expect(r.issued).toBeCloseTo(1000 + 500 + 1 + 361, 9);
    expect(r.balances.alice).toBeCloseTo(990, 12);
    // Launch rules pay root dividends: the root alpha is sold each block and the TAO added to the root
    // validator's root stake (docs/chain-timeline.md E9: not to SubnetTAO[0]), so alice's 500 on root grows.
    expect(r.stake['alice/v1/0']!).toBeGreaterThan(500);
    expect(r.recycled).toBe(0);
    expect(r.stake['alice/v1/1']!).toBeGreaterThan(10);
    expect(Object.keys(r.subnets)).toEqual(['1']);
    const s = r.subnets['1']!;
    expect(s.price).toBeCloseTo(s.taoIn / s.alphaIn, 12);
    expect(s.emissionShare).toBe(1);
    expect(Object.keys(s.incentive)).toEqual(['o1', 'v1', 'm1']);
  });

  it('the chain built from the genesis keeps its invariants through the run', () => {
    const f = parseReplayFile(EXAMPLE);
    const { chain } = buildReplayChain(f);
    expect(chain.checkInvariants()).toEqual([]);
    for (let b = 0; b < 400; b++) chain.step();
    expect(chain.checkInvariants()).toEqual([]);
  });

  it('unlisted alphaOut and `issued` are held by unlisted holders, not reported as named stake', () => {
    const f = clone(EXAMPLE);
    f.issued = 5;
    (f.genesis.subnets[0] as Record<string, unknown>).alphaOut = 7;
    f.steps = [{ blocks: 0, report: true }] as never;
    const r = runReplay(parseReplayFile(f)).reports[0]!;
    expect(r.subnets['1']!.alphaOut).toBeCloseTo(17, 12);
    expect(r.issued).toBeCloseTo(1506, 12);
    expect(Object.keys(r.stake).sort()).toEqual(['alice/v1/0', 'alice/v1/1']);
    const { chain } = buildReplayChain(parseReplayFile(f));
    expect(chain.checkInvariants()).toEqual([]);
  });

  it('a file without report prints one snapshot at the end; the block starts at the file\'s block', () => {
    const f = clone(EXAMPLE);
    f.block = 1000;
    f.steps = [{ blocks: 5 }] as never;
    const r = runReplay(parseReplayFile(f)).reports;
    expect(r).toHaveLength(1);
    expect(r[0]!.block).toBe(1005);
  });
});

describe('replay command', () => {
  it('prints { reports } as JSON on stdout and exits 0', async () => {
    const r = await cli(EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).reports[0].block).toBe(361);
  });

  const bad: Array<[string, (f: ReturnType<typeof clone<typeof EXAMPLE>>) => unknown, RegExp]> = [
    ['unknown hotkey in an action', (f) => ((f.steps[2]!.actions![0] as Record<string, unknown>).hotkey = 'nobody'), /steps\[2\]\.actions\[0\]\.hotkey: unknown hotkey "nobody"/],
    ['unknown action kind', (f) => ((f.steps[0]!.actions![0] as Record<string, unknown>).kind = 'bribe'), /steps\[0\]\.actions\[0\]\.kind: unknown action kind "bribe"; allowed: stake/],
    ['unknown netuid', (f) => ((f.steps[0]!.actions![0] as Record<string, unknown>).netuid = 9), /steps\[0\]\.actions\[0\]\.netuid: unknown netuid 9/],
    ['unknown coldkey in the genesis', (f) => (f.genesis.root[0]!.coldkey = 'bob'), /genesis\.root\[0\]\.coldkey: unknown coldkey "bob"/],
    ['negative pool', (f) => (f.genesis.subnets[0]!.taoIn = -1), /genesis\.subnets\[0\]\.taoIn: must be/],
    ['unknown rule set', (f) => (f.ruleSet = 'moon'), /ruleSet: unknown rule set "moon"/],
    ['unknown rule parameter', (f) => ((f.rules as Record<string, unknown>).speed = 2), /rules\.speed: unknown chain parameter/],
    ['a UID name weighted that holds no UID', (f) => ((f.steps[2]!.actions![0] as { weights: Record<string, number> }).weights = { alice: 1 }), /steps\[2\]\.actions\[0\]\.weights\.alice: "alice" holds no genesis UID/],
    ['an unknown step field', (f) => ((f.steps[1] as Record<string, unknown>).block = 3), /steps\[1\]\.block: unknown field; allowed: actions, blocks, report/],
    ['two tempos', (f) => f.genesis.subnets.push({ ...clone(f.genesis.subnets[0]!), netuid: 2, tempo: 99 }), /genesis\.subnets\[1\]\.tempo: is 99 but an earlier subnet has 360/],
    ['owner hotkey of another coldkey', (f) => (f.genesis.subnets[0]!.ownerHotkey = 'v1'), /genesis\.subnets\[0\]\.ownerHotkey: hotkey "v1" belongs to coldkey "alice"/],
  ];
  it.each(bad)('%s: one line naming the path, exit 2, nothing on stdout', async (_what, edit, message) => {
    const f = clone(EXAMPLE);
    edit(f);
    const r = await cli(f);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^replay: .*r\.json: /);
    expect(r.err).toMatch(message);
  });

  it('invalid JSON and a missing file are one line, exit 2', async () => {
    const r = await cli('{ "ruleSet": ');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^replay: .*: invalid JSON/);
    let err = '';
    expect(await replayCommand('/nonexistent/replay.json', { out: () => undefined, err: (t) => (err += t) })).toBe(2);
    expect(err).toBe('replay: /nonexistent/replay.json: no such file\n');
  });

  it('refuses a file claiming 10,000 subnets or UIDs before allocating anything', async () => {
    const f = clone(EXAMPLE);
    const sub = f.genesis.subnets[0]!;
    f.genesis.subnets = Array.from({ length: 10_000 }, (_, i) => ({ ...sub, netuid: i + 1 }));
    const r = await cli(f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/genesis\.subnets: has 10000 entries; at most 1024/);
    const g = clone(EXAMPLE);
    g.genesis.subnets[0]!.neurons = Array.from({ length: 10_000 }, () => 'm1');
    const r2 = await cli(g);
    expect(r2.err).toMatch(/genesis\.subnets\[0\]\.neurons: lists 10000 UIDs; a subnet has at most 256/);
    const h = clone(EXAMPLE);
    h.genesis.subnets[0]!.netuid = 4000;
    h.rules = { maxUids: 4096 } as never;
    const r3 = await cli(h);
    expect(r3.err).toMatch(/UID slots; at most/);
  });

  it('a bad action amount is the chain\'s verdict, not a format error', () => {
    const f = clone(EXAMPLE);
    (f.steps[0]!.actions![0] as Record<string, unknown>).tao = -5;
    const r = runReplay(parseReplayFile(f)).reports[0]!;
    expect(r.actions[0]).toEqual({ ok: false, reason: 'BAD_AMOUNT' });
    expect(() => parseReplayFile({ ...clone(EXAMPLE), genesis: undefined })).toThrow(FormatError);
  });
});
