// The inlined xor4096 step in src/agents/rng.ts must reproduce seedrandom's xor4096 draw for draw:
// every stored result depends on the sequence.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/agents/rng.ts';

describe('Rng', () => {
  it('draws the same sequence as seedrandom.xor4096 for the same seed', () => {
    for (const seed of ['', 'a', 'quickstart-2025/world', 'x'.repeat(300)]) {
      const ours = new Rng(seed);
      const ref = seedrandom.xor4096(seed);
      for (let k = 0; k < 20_000; k++) {
        const a = ours.next();
        const b = ref();
        if (a !== b) expect({ seed, k, a }).toEqual({ seed, k, a: b });
      }
    }
  });

  it('fillNormal draws exactly what as many normal() calls would, spare and stream state included', () => {
    const plan = new Rng('plan');
    for (const seed of ['n1', 'n2', 'n3']) {
      const one = new Rng(seed);
      const batch = new Rng(seed);
      const out = new Float64Array(64);
      for (let step = 0; step < 4000; step++) {
        const op = plan.int(5);
        if (op === 0) {
          // a batch of 0..9 at an offset, against the same count of single draws
          const from = plan.int(8);
          const to = from + plan.int(10);
          batch.fillNormal(out, from, to);
          for (let k = from; k < to; k++) {
            const want = one.normal();
            if (!Object.is(out[k], want)) expect({ seed, step, k, got: out[k] }).toEqual({ seed, step, k, got: want });
          }
        } else if (op === 1) expect(batch.normal()).toBe(one.normal());
        else if (op === 2) expect(batch.beta(2, 5)).toBe(one.beta(2, 5)); // gamma draws normals: the spare is shared
        else if (op === 3) expect(batch.next()).toBe(one.next());
        else {
          batch.fillNormal(out, 5, 5); // an empty batch draws nothing
          expect(batch.open()).toBe(one.open());
        }
      }
    }
  });

  it('forks streams that differ from the parent and from each other', () => {
    const r = new Rng('s');
    const a = r.fork('a').next();
    const b = r.fork('b').next();
    expect(a).not.toBe(b);
    expect(new Rng('s/a').next()).toBe(a);
  });
});
