/**
 * Swap throughput of src/market/pool.ts: alternating buys and sells (each sell returns the alpha just
 * bought) on a small set of pools, one reused SwapResult. Warm-up first, then the best of 3 timed runs.
 * Returns the figure; prints nothing.
 */
import { newSwapResult, swapAlphaForTao, swapTaoForAlpha, type PoolConfig, type PoolKind, type Reserves } from '../src/market/pool.ts';

const N_POOLS = 8;
const SWAPS = 5_000_000;

function makePools(kind: PoolKind): { r: Reserves; cfg: PoolConfig } {
  const r: Reserves = {
    taoIn: new Float64Array(N_POOLS),
    alphaIn: new Float64Array(N_POOLS),
    weightT: new Float64Array(N_POOLS),
  };
  for (let i = 0; i < N_POOLS; i++) {
    r.taoIn[i] = 1_000 * (i + 1);
    r.alphaIn[i] = 40_000 / (i + 1);
    r.weightT[i] = kind === 'weighted' ? 0.2 + 0.075 * i : 0.5;
  }
  const cfg: PoolConfig = {
    kind,
    feeRate: 33 / 65535,
    minReserve: 0.001,
    maxInputMultiplier: kind === 'weighted' ? 1000 : Infinity,
    minWeight: 0.01,
  };
  return { r, cfg };
}

/** Runs `swaps` swaps (half buys, half sells); returns a checksum so the work cannot be elided. */
function run(r: Reserves, cfg: PoolConfig, swaps: number): number {
  const out = newSwapResult();
  let sum = 0;
  for (let i = 0; i < swaps; i += 2) {
    const n = (i >> 1) & (N_POOLS - 1);
    const tao = 0.1 + (i & 1023) * 0.01;
    swapTaoForAlpha(r, n, tao, cfg, Infinity, out);
    if (out.ok) {
      swapAlphaForTao(r, n, out.amountOut, cfg, 0, out);
      sum += out.amountOut;
    }
  }
  return sum;
}

/** Swaps per second on one core (best of 3 runs of ~5e6 swaps). Default: the weighted pool (HEAD). */
export function benchSwaps(kind: PoolKind = 'weighted'): { swapsPerSec: number } {
  const { r, cfg } = makePools(kind);
  let sink = run(r, cfg, SWAPS / 5); // warm up (JIT)
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    sink += run(r, cfg, SWAPS);
    const dt = performance.now() - t0;
    if (dt < best) best = dt;
  }
  if (!Number.isFinite(sink)) throw new Error('benchSwaps: non-finite checksum');
  return { swapsPerSec: SWAPS / (best / 1000) };
}
