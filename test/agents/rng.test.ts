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

  it('forks streams that differ from the parent and from each other', () => {
    const r = new Rng('s');
    const a = r.fork('a').next();
    const b = r.fork('b').next();
    expect(a).not.toBe(b);
    expect(new Rng('s/a').next()).toBe(a);
  });
});
