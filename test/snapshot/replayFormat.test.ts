// The snapshot's output is a replay genesis (docs/replay-format.md): the file `dtao-lab snapshot` writes from
// the recorded RPC fixture is read by the replay parser, builds a chain that replays blocks keeping the
// invariants, and starts a one-day sweep as a spec's `world.genesis: FILE`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPoints, runConfig } from '../../src/experiments/spec/design.ts';
import { simulate } from '../../src/experiments/run/simulate.ts';
import { loadSpec } from '../../src/experiments/spec/spec.ts';
import { ROOT } from '../../src/market/types.ts';
import { buildReplayChain, parseReplayFile, runReplay } from '../../src/replay/replay.ts';
import { parseWorldGenesis } from '../../src/replay/worldGenesis.ts';
import { snapshotCommand } from '../../src/cli/snapshotCommand.ts';
import { STATE } from './makeFixture.ts';
import { fx, MockProvider } from './mockRpc.ts';

const N = fx.names;
const work = mkdtempSync(join(tmpdir(), 'dtao-lab-snapshot-replay-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a snapshot file in the replay format', async () => {
  const file = join(work, 'snap.json');
  const code = await snapshotCommand({ endpoint: 'wss://node.example', at: fx.blockNumber, out: file, ruleSet: 'current-2026-06' }, new MockProvider());
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

  it('is written, and the replay parser reads it with the fixture state and rules', () => {
    expect(code).toBe(0);
    const f = parseReplayFile(json);
    expect(f.block).toBe(STATE.block);
    expect(f.rules.taoWeight).toBeCloseTo(STATE.taoWeight, 6);
    expect(f.genesis.subnets.map((s) => s.netuid)).toEqual(STATE.subnets.map((s) => s.netuid));
    expect(f.genesis.hotkeys[N.v1!]!.take).toBeCloseTo(0.18, 4);
    // The world file reader agrees.
    expect(parseWorldGenesis(json, 'snap.json', f.rules.maxUids).block).toBe(STATE.block);
  });

  it('builds a chain holding the chain total issuance, pools and SubnetAlphaOut', () => {
    const { chain } = buildReplayChain(parseReplayFile(json));
    expect(chain.checkInvariants()).toEqual([]);
    expect(chain.totalIssuance()).toBeCloseTo(STATE.totalIssuance, 3);
    for (const want of STATE.subnets) {
      expect(chain.subnets.taoIn[want.netuid]).toBeCloseTo(want.taoIn, 9);
      expect(chain.subnets.alphaOut[want.netuid]).toBeCloseTo(want.alphaOut, 6);
    }
    const rootTao = Object.entries(STATE.pools).filter(([k]) => k.endsWith('/0')).reduce((a, [, [alpha]]) => a + alpha, 0);
    expect(chain.subnets.taoIn[ROOT]).toBeCloseTo(rootTao, 6);
  });

  it('replays blocks from it keeping the invariants, past an epoch', () => {
    const f = parseReplayFile({ ...json, steps: [{ blocks: 1, report: true }, { blocks: f0Tempo(json) + 1, report: true }] });
    const { reports } = runReplay(f);
    expect(reports).toHaveLength(2);
    const { chain } = buildReplayChain(f);
    for (let b = 0; b < f.rules.tempo + 2; b++) chain.step();
    expect(chain.checkInvariants()).toEqual([]);
    const last = reports[1]!;
    expect(last.block).toBe(STATE.block + f.rules.tempo + 2);
    expect(last.issued).toBeGreaterThan(reports[0]!.issued); // blocks mint TAO
    expect(last.totalIssuance).toBeCloseTo(chain.totalIssuance(), 6);
    for (const s of STATE.subnets) expect(last.subnets[String(s.netuid)]!.taoIn).toBeGreaterThan(0);
  });

  it("starts a one-day sweep as a spec's world.genesis", () => {
    writeFileSync(
      join(work, 'spec.yaml'),
      `name: from-live-snapshot\ndescription: a day from the snapshot\nruleSet: current-2026-06\nhorizon: 1d\nsampleEvery: 1d\nworld:\n  genesis: snap.json\npopulation:\n  herder: { count: 5 }\n`,
    );
    const { spec } = loadSpec(join(work, 'spec.yaml'));
    expect(spec.world.genesis?.block).toBe(STATE.block);
    const r = simulate(runConfig(spec, buildPoints(spec), 0));
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('ok');
  });
});

function f0Tempo(json: Record<string, unknown>): number {
  return parseReplayFile(json).rules.tempo;
}
