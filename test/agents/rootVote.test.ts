// The root vote's failings (src/agents/rootVote.ts, rootWeights.ts voteRoot): favouritism, limited attention,
// revenue-sharing deals, evaluation noise — all off by default.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/agents/rng.ts';
import type { WorldSpec } from '../../src/agents/types.ts';
import { RootWeightSetter } from '../../src/agents/rootWeights.ts';
import { DEFAULT_WORLD, buildWorld } from '../../src/agents/world.ts';
import { Chain } from '../../src/market/chain.ts';
import { resolveRules } from '../../src/market/rules.ts';
import { type ActionResult } from '../../src/market/types.ts';

function vote(world: Partial<WorldSpec>, seed = 'rv') {
  const spec = { ...DEFAULT_WORLD, subnets: 16, rootValidators: 8, minersPerSubnet: 1, rootStake: 10_000, issued: 100_000, ...world } as WorldSpec;
  const chain = new Chain(resolveRules('root-vote', {}), { maxNetuid: spec.subnets + 1 });
  const w = buildWorld(chain, spec, new Rng(seed).fork('world'));
  const setter = new RootWeightSetter(w, new Rng(seed).fork('world-weights'));
  const result = { ok: true } as ActionResult;
  for (let b = 0; b <= chain.rules.tempo; b++) {
    setter.act(chain.block, chain, result);
    chain.step();
  }
  const rows = Array.from(w.rootValidators, (hk) => Float64Array.from(chain.rootWeights(hk) ?? []));
  return { chain, w, rows, bias: (setter as unknown as { rootBias: import('../../src/agents/rootVote.ts').RootVoteBias | null }).rootBias };
}

const share = (row: Float64Array, pick: (i: number) => boolean) => {
  let s = 0, t = 0;
  for (let i = 1; i < row.length; i++) {
    t += row[i]!;
    if (pick(i)) s += row[i]!;
  }
  return t > 0 ? s / t : 0;
};

describe('root vote failings', () => {
  it('off by default: every validator weights nearly every subnet, by quality', () => {
    const { rows, bias } = vote({});
    expect(bias).toBeNull();
    for (const r of rows) expect(r.slice(1).filter((x) => x > 0).length).toBeGreaterThanOrEqual(12);
  });

  it('favouritism: validators put far more weight on their associated subnets than honest ones do', () => {
    const honest = vote({ rootEvalNoise: 0.1 });
    const biased = vote({ rootFavouritism: 2 });
    const assoc = biased.bias!.associate;
    let mine = 0, base = 0;
    biased.rows.forEach((r, k) => (mine += share(r, (i) => assoc[i] === k)));
    honest.rows.forEach((r, k) => (base += share(r, (i) => assoc[i] === k)));
    expect(mine).toBeGreaterThan(2 * base);
    // association follows stake: the largest validator is associated with more subnets than the smallest
    const count = (k: number) => Array.from(assoc).filter((a) => a === k).length;
    expect(count(0)).toBeGreaterThan(count(7));
  });

  it('limited attention: with rootAttention 3 a validator weights few subnets', () => {
    const { rows, bias } = vote({ rootAttention: 3 });
    const N = rows[0]!.length;
    rows.forEach((r, k) => {
      const nonzero = r.slice(1).filter((x) => x > 0).length;
      let evaluated = 0;
      for (let i = 1; i < N; i++) evaluated += bias!.evaluates[k * N + i]!;
      expect(nonzero).toBeLessThanOrEqual(evaluated);
    });
    const mean = rows.reduce((s, r) => s + r.slice(1).filter((x) => x > 0).length, 0) / rows.length;
    expect(mean).toBeLessThan(8);
  });

  it('deals: the top-5 validators favour subnets with deals; the others do not have any', () => {
    const { rows, bias, chain } = vote({ rootDeals: 0.3, rootFavouritism: 1.5 });
    const N = chain.maxNetuid;
    for (let k = 5; k < 8; k++) {
      for (let i = 1; i < N; i++) if (bias!.associate[i] !== k) expect(bias!.bias[k * N + i]).toBe(0);
    }
    const dealOf = (k: number) => (i: number) => bias!.bias[k * N + i]! > 0;
    const favoured = rows.slice(0, 5).reduce((s, r, k) => s + share(r, dealOf(k)), 0) / 5;
    const counted = rows.slice(0, 5).reduce((s, _r, k) => s + Array.from({ length: N - 1 }, (_, j) => dealOf(k)(j + 1)).filter(Boolean).length, 0) / 5;
    expect(favoured).toBeGreaterThan((1.5 * counted) / (N - 1));
  });

  it('the failings are range-checked world fields', () => {
    expect(() => buildWorld(new Chain(resolveRules('root-vote', {}), { maxNetuid: 3 }), { ...DEFAULT_WORLD, subnets: 2, rootDeals: 2 } as WorldSpec, new Rng('x')))
      .toThrow(/world\.rootDeals: 2 is outside the allowed range \[0, 1\]/);
  });
});
