import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  alphaToReachPrice,
  initialWeightForPrice,
  injectLiquidity,
  newSwapResult,
  powRatio,
  quoteAlphaForTao,
  quoteTaoForAlpha,
  spotPrice,
  swapAlphaForTao,
  swapTaoForAlpha,
  taoToReachPrice,
  weightTOf,
  type PoolConfig,
  type PoolKind,
  type Reserves,
  type SwapResult,
} from '../../src/market/pool.ts';

const FEE33 = 33 / 65535;

function pool(T: number, A: number, wT = 0.5): Reserves {
  return { taoIn: Float64Array.of(T), alphaIn: Float64Array.of(A), weightT: Float64Array.of(wT) };
}

function config(kind: PoolKind, feeRate: number, minReserve = 0.001): PoolConfig {
  return { kind, feeRate, minReserve, maxInputMultiplier: kind === 'weighted' ? 1000 : Infinity, minWeight: 0.01 };
}

const snapshot = (r: Reserves): number[] => [r.taoIn[0]!, r.alphaIn[0]!, r.weightT[0]!];

const relClose = (a: number, b: number, rel: number): boolean => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

describe('V9 test_swap_basic (Balancer, w = 0.5, FeeRate 33/65535; raw rao units)', () => {
  // Reserves T = 1e9, A = 4e9, each case from fresh reserves; SwapMinimumReserve 1_000_000.
  const cfg: PoolConfig = { kind: 'weighted', feeRate: FEE33, minReserve: 1_000_000, maxInputMultiplier: 1000, minWeight: 0.01 };
  const rows: [boolean, number, number, number][] = [
    [true, 1_000, 0, 3_999],
    [true, 2_000, 1, 7_995],
    [true, 123_456, 62, 493_515],
    [true, 1_000_000_000, 503_547, 1_999_496_326],
    [true, 10_000_000_000, 5_035_477, 3_636_197_098],
    [false, 1_000, 0, 249],
    [false, 2_000, 1, 499],
    [false, 123_456, 62, 30_847],
  ];
  const quoteFn = (buy: boolean) => (buy ? quoteTaoForAlpha : quoteAlphaForTao);

  it.each(rows)('buy=%s amount %d: fee %d, out %d', (buy, amount, fee, expected) => {
    const out = newSwapResult();
    // The fee, floored in rao as the chain does, matches exactly.
    quoteFn(buy)(pool(1e9, 4e9), 0, amount, cfg, buy ? Infinity : 0, out);
    expect(out.ok).toBe(true);
    expect(Math.floor(out.fee)).toBe(fee);
    // Our float fee keeps the fraction the chain floors away, which moves the output by at most
    // frac(fee) × marginal rate (2 alpha for the 1_000 buy at price 0.25): allow that plus 1.
    const marginal = buy ? 4 : 0.25;
    expect(Math.abs(Math.floor(out.amountOut) - expected)).toBeLessThanOrEqual(1 + (out.fee - fee) * marginal);
    // With the chain's net input (gross chosen so that gross − fee = amount − floor fee) the output is within ±1.
    quoteFn(buy)(pool(1e9, 4e9), 0, (amount - fee) / (1 - FEE33), cfg, buy ? Infinity : 0, out);
    expect(out.ok).toBe(true);
    expect(Math.abs(Math.floor(out.amountOut) - expected)).toBeLessThanOrEqual(1);
    // And the swap applies exactly that.
    const r = pool(1e9, 4e9);
    const s = (buy ? swapTaoForAlpha : swapAlphaForTao)(r, 0, (amount - fee) / (1 - FEE33), cfg, buy ? Infinity : 0, newSwapResult());
    expect(s).toEqual(out);
    expect(buy ? 4e9 - r.alphaIn[0]! : 1e9 - r.taoIn[0]!).toBeCloseTo(out.amountOut, 3);
  });
});

describe('V10 balancer.rs unit tests', () => {
  it.each([
    [5 / 10, 100000, 100, true, 0.999000999000999],
    [1 / 4, 500000, 5000, true, 0.970590147927644],
    [3 / 4, 200000, 2000, false, 0.970590147927644],
    [9 / 10, 13513642, 1673, false, 0.998886481979889],
    [773 / 1000, 7e9, 10000, true, 0.999999580484586],
  ])('test_exp_scaled(w_T=%d, x=%d, Δ=%d, base_quote=%s) = %d', (wT, x, dx, baseQuote, expected) => {
    const e = baseQuote ? (1 - wT) / wT : wT / (1 - wT);
    expect(Math.abs(powRatio(x, dx, e) - expected)).toBeLessThanOrEqual(1e-9);
  });

  const cfg: PoolConfig = { kind: 'weighted', feeRate: FEE33, minReserve: 0, maxInputMultiplier: 1000, minWeight: 0.01 };

  it('test_calculate_quote_delta_in: w_T=0.25, P 0.1 → 0.2, T=1e9 ⇒ ΔT = 681_792_830', () => {
    const r = pool(1e9, 3e10, 0.25); // (0.75/0.25)·1e9/3e10 = 0.1
    expect(spotPrice(r, 0, 'weighted')).toBeCloseTo(0.1, 15);
    expect(Math.floor(taoToReachPrice(r, 0, 0.2, cfg))).toBe(681_792_830);
    // and a buy of exactly that net input lands on the price
    const out = swapTaoForAlpha(r, 0, taoToReachPrice(r, 0, 0.2, cfg) / (1 - FEE33), cfg, Infinity, newSwapResult());
    expect(out.ok).toBe(true);
    expect(out.priceAfter).toBeCloseTo(0.2, 12);
  });

  it('test_calculate_base_delta_in: w_T=0.25, P 0.2 → 0.1, A=1e9 ⇒ ΔA = 189_207_115', () => {
    const r = pool(0.2e9 / 3, 1e9, 0.25); // (0.75/0.25)·(0.2e9/3)/1e9 = 0.2
    expect(spotPrice(r, 0, 'weighted')).toBeCloseTo(0.2, 15);
    expect(Math.floor(alphaToReachPrice(r, 0, 0.1, cfg))).toBe(189_207_115);
    const out = swapAlphaForTao(r, 0, alphaToReachPrice(r, 0, 0.1, cfg) / (1 - FEE33), cfg, 0, newSwapResult());
    expect(out.ok).toBe(true);
    expect(out.priceAfter).toBeCloseTo(0.1, 12);
  });

  it('reach-price helpers return 0 for targets on the wrong side and Infinity for unreachable ones', () => {
    const r = pool(1e9, 3e10, 0.25);
    expect(taoToReachPrice(r, 0, 0.05, cfg)).toBe(0);
    expect(taoToReachPrice(r, 0, Infinity, cfg)).toBe(Infinity);
    expect(alphaToReachPrice(r, 0, 0.2, cfg)).toBe(0);
    expect(alphaToReachPrice(r, 0, 0, cfg)).toBe(Infinity);
  });

  it('test_adjust_protocol_liquidity_happy: T=1e12, A=4e12: price kept, w_T\' = (T+ΔT)/((A+ΔA)·0.25 + T+ΔT)', () => {
    const T = 1e12;
    const A = 4e12;
    const deltas: [number, number][] = [
      [0, 1],
      [1, 0],
      [1, 1],
      [1_000_000_000, 0],
      [0, 1_000_000_000],
      [1_000_000_000, 4_000_000_000],
      [123_456_789, 987_654_321],
      [5e11, 1e9],
      [1e9, 3e12],
      [7e11, 9e12],
    ];
    for (const [dT, dA] of deltas) {
      const r = pool(T, A, 0.5);
      const p0 = spotPrice(r, 0, 'weighted');
      expect(p0).toBe(0.25);
      expect(injectLiquidity(r, 0, dT, dA, cfg)).toBe(true);
      expect(r.taoIn[0]).toBe(T + dT);
      expect(r.alphaIn[0]).toBe(A + dA);
      expect(relClose(spotPrice(r, 0, 'weighted'), p0, 1e-12)).toBe(true);
      const expectedW = (T + dT) / ((A + dA) * 0.25 + T + dT);
      expect(relClose(r.weightT[0]!, expectedW, 1e-12)).toBe(true);
    }
  });

  it('injection that would push a weight below MIN_WEIGHT is refused and changes nothing', () => {
    const r = pool(1, 1, 0.5);
    const before = snapshot(r);
    // w_T' = 1001/(1 + 1001) ≈ 0.999 > 0.99
    expect(injectLiquidity(r, 0, 1000, 0, cfg)).toBe(false);
    expect(snapshot(r)).toEqual(before);
    expect(injectLiquidity(r, 0, 0, 1000, cfg)).toBe(false);
    expect(snapshot(r)).toEqual(before);
    for (const bad of [-1, NaN, Infinity]) {
      expect(injectLiquidity(r, 0, bad, 1, cfg)).toBe(false);
      expect(injectLiquidity(r, 0, 1, bad, cfg)).toBe(false);
    }
    expect(snapshot(r)).toEqual(before);
  });

  it('initialWeightForPrice reproduces the price (maybe_initialize)', () => {
    for (const [T, A, p] of [
      [1, 1, 1],
      [1e3, 5e4, 0.02],
      [10, 2, 0.7],
      [4e6, 1e6, 3.5],
    ]) {
      const r = pool(T!, A!, initialWeightForPrice(T!, A!, p!));
      expect(relClose(spotPrice(r, 0, 'weighted'), p!, 1e-14)).toBe(true);
    }
    expect(initialWeightForPrice(1e9, 4e9, 0.25)).toBe(0.5);
  });

  it('an unset weight (0) reads as the chain default 0.5', () => {
    const r = pool(2, 8, 0);
    expect(weightTOf(r, 0)).toBe(0.5);
    expect(spotPrice(r, 0, 'weighted')).toBe(0.25);
  });

  it('INPUT_CAP: net input above 1000 × input reserve is rejected', () => {
    const r = pool(1, 1, 0.5);
    const before = snapshot(r);
    const out = swapTaoForAlpha(r, 0, 1001, { ...cfg, feeRate: 0 }, Infinity, newSwapResult());
    expect(out.ok).toBe(false);
    expect(out.reason).toBe('INPUT_CAP');
    expect(snapshot(r)).toEqual(before);
    const out2 = swapAlphaForTao(r, 0, 1001, { ...cfg, feeRate: 0 }, 0, newSwapResult());
    expect(out2.reason).toBe('INPUT_CAP');
    expect(snapshot(r)).toEqual(before);
    // exactly at the cap is allowed (A ends at 1/1001 >= minReserve 0)
    expect(swapTaoForAlpha(r, 0, 1000, { ...cfg, feeRate: 0 }, Infinity, newSwapResult()).ok).toBe(true);
  });
});

describe('launch constant product (stake_utils.rs @f9254ea63)', () => {
  const cfg: PoolConfig = { kind: 'constant-product', feeRate: 0, minReserve: 0.01, maxInputMultiplier: Infinity, minWeight: 0.01 };

  it('spot price is T/A (weights ignored) and 0 for an empty alpha reserve', () => {
    expect(spotPrice(pool(10, 40, 0.9), 0, 'constant-product')).toBe(0.25);
    expect(spotPrice(pool(10, 0), 0, 'constant-product')).toBe(0);
    expect(spotPrice(pool(10, 0), 0, 'weighted')).toBe(0);
  });

  it('buy: alpha_out = A·ΔT/(T+ΔT), reserves move by exactly the trade', () => {
    const r = pool(10, 20, 0.9);
    const out = swapTaoForAlpha(r, 0, 5, cfg, Infinity, newSwapResult());
    expect(out).toMatchObject({ ok: true, reason: 'OK', amountIn: 5, fee: 0 });
    expect(out.amountOut).toBeCloseTo((20 * 5) / 15, 14);
    expect(r.taoIn[0]).toBe(15);
    expect(r.alphaIn[0]).toBeCloseTo(20 - (20 * 5) / 15, 14);
    expect(out.priceAfter).toBe(spotPrice(r, 0, 'constant-product'));
    expect(out.priceAfter).toBeCloseTo(15 / (20 * (10 / 15)), 14);
    expect(r.weightT[0]).toBe(0.9); // untouched
  });

  it('sell: tao_out = T·ΔA/(A+ΔA)', () => {
    const r = pool(10, 20);
    const out = swapAlphaForTao(r, 0, 5, cfg, 0, newSwapResult());
    expect(out.ok).toBe(true);
    expect(out.amountOut).toBeCloseTo((10 * 5) / 25, 14);
    expect(r.alphaIn[0]).toBe(25);
    expect(r.taoIn[0]).toBeCloseTo(8, 14);
    expect(out.priceAfter).toBeCloseTo(8 / 25, 14);
  });

  it('fee (swap v3) is taken from the input and leaves the pool', () => {
    const c = { ...cfg, feeRate: FEE33 };
    const r = pool(10, 20);
    const out = swapTaoForAlpha(r, 0, 5, c, Infinity, newSwapResult());
    expect(out.fee).toBeCloseTo(5 * FEE33, 15);
    const net = 5 - 5 * FEE33;
    expect(out.amountOut).toBeCloseTo((20 * net) / (10 + net), 14);
    expect(r.taoIn[0]).toBeCloseTo(10 + net, 14);
  });

  it('a swap leaving a reserve below DefaultMinimumPoolLiquidity (0.01) is rejected with no change', () => {
    const r = pool(1, 1);
    const before = snapshot(r);
    const out = newSwapResult();
    // 1/(1+99.5) ≈ 0.00995 < 0.01 alpha left
    expect(swapTaoForAlpha(r, 0, 99.5, cfg, Infinity, out).reason).toBe('POOL_LIQUIDITY');
    expect(out).toMatchObject({ ok: false, amountIn: 0, fee: 0, amountOut: 0, priceAfter: 1 });
    expect(snapshot(r)).toEqual(before);
    expect(swapAlphaForTao(r, 0, 1000, cfg, 0, out).reason).toBe('POOL_LIQUIDITY');
    expect(snapshot(r)).toEqual(before);
    // just above the threshold is fine: 1/(1+98) ≈ 0.0101
    expect(swapTaoForAlpha(r, 0, 98, cfg, Infinity, out).ok).toBe(true);
    expect(r.alphaIn[0]).toBeGreaterThanOrEqual(0.01);
  });

  it('a pool with an empty reserve cannot swap', () => {
    const r = pool(0, 5);
    const out = newSwapResult();
    expect(swapTaoForAlpha(r, 0, 1, { ...cfg, minReserve: 0 }, Infinity, out).reason).toBe('POOL_LIQUIDITY');
    expect(swapAlphaForTao(r, 0, 1, { ...cfg, minReserve: 0 }, 0, out).reason).toBe('POOL_LIQUIDITY');
    expect(snapshot(r)).toEqual([0, 5, 0.5]);
  });

  it.each([-1, 0, -0, NaN, Infinity, -Infinity])('bad amount %d is rejected with BAD_AMOUNT and no change', (bad) => {
    for (const kind of ['constant-product', 'weighted'] as const) {
      const c = config(kind, FEE33);
      const r = pool(3, 7, 0.3);
      const before = snapshot(r);
      for (const f of [swapTaoForAlpha, swapAlphaForTao, quoteTaoForAlpha, quoteAlphaForTao]) {
        const out = f(r, 0, bad, c, f === swapTaoForAlpha || f === quoteTaoForAlpha ? Infinity : 0, newSwapResult());
        expect(out.ok).toBe(false);
        expect(out.reason).toBe('BAD_AMOUNT');
        expect(out.amountIn + out.fee + out.amountOut).toBe(0);
        expect(snapshot(r)).toEqual(before);
      }
    }
  });

  it('price limit: partial fill up to the limit; nothing fillable ⇒ PRICE_LIMIT', () => {
    const r = pool(100, 100);
    const out = newSwapResult();
    // buy 100 TAO would take the price to 4; limit 1.21 ⇒ ΔT = √(1.21·100·100) − 100 = 10
    swapTaoForAlpha(r, 0, 100, cfg, 1.21, out);
    expect(out.ok).toBe(true);
    expect(out.amountIn).toBeCloseTo(10, 12);
    expect(out.amountOut).toBeCloseTo(100 - 10000 / 110, 12);
    expect(out.priceAfter).toBeLessThanOrEqual(1.21);
    expect(out.priceAfter).toBeCloseTo(1.21, 12);
    // now at the limit: nothing more fills
    const before = snapshot(r);
    expect(swapTaoForAlpha(r, 0, 1, cfg, 1.21, out).reason).toBe('PRICE_LIMIT');
    expect(swapTaoForAlpha(r, 0, 1, cfg, 1, out).reason).toBe('PRICE_LIMIT');
    expect(swapTaoForAlpha(r, 0, 1, cfg, NaN, out).reason).toBe('PRICE_LIMIT');
    expect(swapAlphaForTao(r, 0, 1, cfg, 1.3, out).reason).toBe('PRICE_LIMIT');
    expect(snapshot(r)).toEqual(before);
    // a limit that does not bind fills fully
    expect(swapTaoForAlpha(r, 0, 1, cfg, 100, out).amountIn).toBe(1);
  });

  it('partial fill charges the fee on the filled part: fee = net·r/(1−r)', () => {
    const c = { ...cfg, feeRate: FEE33 };
    const r = pool(100, 100);
    const out = swapAlphaForTao(r, 0, 100, c, 1 / 1.21, newSwapResult());
    expect(out.ok).toBe(true);
    const net = 10; // A·(√(P/P') − 1)
    expect(out.amountIn - out.fee).toBeCloseTo(net, 12);
    expect(out.fee).toBeCloseTo((net * FEE33) / (1 - FEE33), 14);
    expect(out.priceAfter).toBeGreaterThanOrEqual(1 / 1.21);
  });

  it('constant-product injection adds as given (price kept when in ratio)', () => {
    const r = pool(2, 8, 0.7);
    expect(injectLiquidity(r, 0, 1, 4, cfg)).toBe(true);
    expect(snapshot(r)).toEqual([3, 12, 0.7]);
    expect(injectLiquidity(r, 0, 1, 0, cfg)).toBe(true);
    expect(snapshot(r)).toEqual([4, 12, 0.7]);
    expect(injectLiquidity(r, 0, -1, 0, cfg)).toBe(false);
  });

  it('quotes do not touch the reserves', () => {
    const r = pool(5, 9);
    const before = snapshot(r);
    quoteTaoForAlpha(r, 0, 1, cfg, Infinity, newSwapResult());
    quoteAlphaForTao(r, 0, 1, cfg, 0, newSwapResult());
    expect(snapshot(r)).toEqual(before);
  });

  it('works on any netuid of a struct-of-arrays', () => {
    const r: Reserves = { taoIn: Float64Array.of(1, 2, 3), alphaIn: Float64Array.of(1, 4, 9), weightT: new Float64Array(3) };
    swapTaoForAlpha(r, 1, 2, cfg, Infinity, newSwapResult());
    expect(Array.from(r.taoIn)).toEqual([1, 4, 3]);
    expect(Array.from(r.alphaIn)).toEqual([1, 2, 9]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, both kinds.

const kindArb = fc.constantFrom<PoolKind>('constant-product', 'weighted');
const feeArb = fc.constantFrom(0, FEE33, 0.003);
const log10 = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((x) => 10 ** x);
const poolArb = fc.record({
  kind: kindArb,
  fee: feeArb,
  T: log10(-1, 7),
  A: log10(-1, 8),
  w: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
});
const NUM_RUNS = Number(process.env.POOL_PROPERTY_RUNS ?? 2000);

const priceOf = (r: Reserves, kind: PoolKind) => spotPrice(r, 0, kind);

describe('properties', () => {
  it('round trip buy → sell everything bought never returns more TAO than paid', () => {
    fc.assert(
      fc.property(poolArb, log10(-10, 3), ({ kind, fee, T, A, w }, frac) => {
        const cfg = config(kind, fee);
        const r = pool(T, A, w);
        const tao = frac * T;
        const b = swapTaoForAlpha(r, 0, tao, cfg, Infinity, newSwapResult());
        if (!b.ok) return;
        const s = swapAlphaForTao(r, 0, b.amountOut, cfg, 0, newSwapResult());
        if (!s.ok) return;
        if (fee > 0) expect(s.amountOut).toBeLessThanOrEqual(tao);
        else expect(s.amountOut).toBeLessThanOrEqual(tao * (1 + 1e-12));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('round trip sell → buy with everything received never returns more alpha than sold', () => {
    fc.assert(
      fc.property(poolArb, log10(-10, 3), ({ kind, fee, T, A, w }, frac) => {
        const cfg = config(kind, fee);
        const r = pool(T, A, w);
        const alpha = frac * A;
        const s = swapAlphaForTao(r, 0, alpha, cfg, 0, newSwapResult());
        if (!s.ok) return;
        const b = swapTaoForAlpha(r, 0, s.amountOut, cfg, Infinity, newSwapResult());
        if (!b.ok) return;
        if (fee > 0) expect(b.amountOut).toBeLessThanOrEqual(alpha);
        else expect(b.amountOut).toBeLessThanOrEqual(alpha * (1 + 1e-12));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  const opArb = fc.record({
    op: fc.constantFrom('buy', 'sell', 'inject'),
    frac: log10(-9, 3.2),
    frac2: log10(-9, 1),
    limit: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }),
  });

  it('random sequences keep reserves finite, >= minReserve, weights in bounds, invariant non-decreasing', () => {
    fc.assert(
      fc.property(poolArb, fc.array(opArb, { minLength: 1, maxLength: 40 }), ({ kind, fee, T, A, w }, ops) => {
        const cfg = config(kind, fee, 0.01);
        const r = pool(T, A, w);
        const out = newSwapResult();
        const inv = () => {
          const t = r.taoIn[0]!;
          const a = r.alphaIn[0]!;
          const wt = kind === 'weighted' ? r.weightT[0]! : 0.5;
          return wt * Math.log(t) + (1 - wt) * Math.log(a);
        };
        for (const o of ops) {
          const p = priceOf(r, kind);
          const before = inv();
          if (o.op === 'inject') {
            injectLiquidity(r, 0, o.frac * r.taoIn[0]!, o.frac2 * r.alphaIn[0]!, cfg);
          } else {
            const buy = o.op === 'buy';
            const limit = o.limit === undefined ? (buy ? Infinity : 0) : p * 2 ** (buy ? o.limit + 1 : o.limit - 1);
            if (buy) swapTaoForAlpha(r, 0, o.frac * r.taoIn[0]!, cfg, limit, out);
            else swapAlphaForTao(r, 0, o.frac * r.alphaIn[0]!, cfg, limit, out);
            // a swap never lowers the invariant (beyond float rounding)
            expect(inv()).toBeGreaterThanOrEqual(before - 1e-12);
          }
          for (const x of [r.taoIn[0]!, r.alphaIn[0]!]) {
            expect(Number.isFinite(x)).toBe(true);
            expect(x).toBeGreaterThanOrEqual(0.01); // pools start >= 0.1, swaps keep >= minReserve 0.01
          }
          if (kind === 'weighted') {
            expect(r.weightT[0]!).toBeGreaterThanOrEqual(0.01);
            expect(r.weightT[0]!).toBeLessThanOrEqual(0.99);
          } else {
            expect(r.weightT[0]).toBe(w);
          }
        }
      }),
      { numRuns: Math.ceil(NUM_RUNS / 4) },
    );
  });

  it('quote equals what swap then does', () => {
    fc.assert(
      fc.property(
        poolArb,
        fc.boolean(),
        log10(-10, 3.2),
        fc.option(fc.double({ min: -8, max: 1, noNaN: true }), { nil: undefined }),
        ({ kind, fee, T, A, w }, buy, frac, limitExp) => {
          const cfg = config(kind, fee);
          const r = pool(T, A, w);
          const p0 = priceOf(r, kind);
          const limit = limitExp === undefined ? (buy ? Infinity : 0) : buy ? p0 * (1 + 10 ** limitExp) : p0 / (1 + 10 ** limitExp);
          const amount = frac * (buy ? T : A);
          const q: SwapResult = { ...(buy ? quoteTaoForAlpha : quoteAlphaForTao)(r, 0, amount, cfg, limit, newSwapResult()) };
          expect(snapshot(r)).toEqual([T, A, w]);
          const s = (buy ? swapTaoForAlpha : swapAlphaForTao)(r, 0, amount, cfg, limit, newSwapResult());
          expect(s).toEqual(q);
          if (!s.ok) {
            expect(snapshot(r)).toEqual([T, A, w]);
            return;
          }
          expect(s.priceAfter).toBe(priceOf(r, kind));
          const [xIn0, yOut0, xIn1, yOut1] = buy ? [T, A, r.taoIn[0]!, r.alphaIn[0]!] : [A, T, r.alphaIn[0]!, r.taoIn[0]!];
          expect(Math.abs(xIn1 - xIn0 - (s.amountIn - s.fee))).toBeLessThanOrEqual(4 * Number.EPSILON * xIn1);
          expect(Math.abs(yOut0 - yOut1 - s.amountOut)).toBeLessThanOrEqual(4 * Number.EPSILON * yOut0);
          expect(s.amountIn).toBeLessThanOrEqual(amount * (1 + 1e-15));
          expect(s.amountOut).toBeGreaterThanOrEqual(0);
          expect(s.fee).toBeGreaterThanOrEqual(0);
          expect(relClose(s.fee, s.amountIn * fee, 1e-12) || s.fee === 0).toBe(true);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('weighted injection keeps the price (rel 1e-9) or refuses and changes nothing', () => {
    fc.assert(
      fc.property(poolArb, log10(-9, 2), log10(-9, 2), ({ fee, T, A, w }, fT, fA) => {
        const cfg = config('weighted', fee);
        const r = pool(T, A, w);
        const p0 = priceOf(r, 'weighted');
        const dT = fT * T;
        const dA = fA * A;
        const q1 = (1 - w) * T * (A + dA);
        const q2 = w * A * (T + dT);
        const w1 = q2 / (q1 + q2);
        const okExpected = w1 >= 0.01 && 1 - w1 >= 0.01;
        expect(injectLiquidity(r, 0, dT, dA, cfg)).toBe(okExpected);
        if (okExpected) {
          expect(relClose(priceOf(r, 'weighted'), p0, 1e-9)).toBe(true);
          expect(r.taoIn[0]).toBe(T + dT);
          expect(r.alphaIn[0]).toBe(A + dA);
        } else {
          expect(snapshot(r)).toEqual([T, A, w]);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('constant-product injection in the price ratio keeps the price (rel 1e-9)', () => {
    fc.assert(
      fc.property(poolArb, log10(-9, 2), ({ fee, T, A }, fA) => {
        const cfg = config('constant-product', fee);
        const r = pool(T, A);
        const p0 = priceOf(r, 'constant-product');
        const dA = fA * A;
        expect(injectLiquidity(r, 0, dA * p0, dA, cfg)).toBe(true);
        expect(relClose(priceOf(r, 'constant-product'), p0, 1e-9)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('price-limit partial fills never cross the limit and fill up to it', () => {
    fc.assert(
      fc.property(poolArb, fc.boolean(), log10(-8, 3), log10(-10, 3.2), ({ kind, fee, T, A, w }, buy, move, frac) => {
        const cfg = config(kind, fee);
        const r = pool(T, A, w);
        const p0 = priceOf(r, kind);
        const limit = buy ? p0 * (1 + move) : p0 / (1 + move);
        const amount = frac * (buy ? T : A);
        const out = (buy ? swapTaoForAlpha : swapAlphaForTao)(r, 0, amount, cfg, limit, newSwapResult());
        if (!out.ok) {
          expect(out.reason).not.toBe('PRICE_LIMIT'); // the limit is strictly beyond the price: something fills
          expect(snapshot(r)).toEqual([T, A, w]);
          return;
        }
        const p1 = priceOf(r, kind);
        expect(p1).toBe(out.priceAfter);
        if (buy) expect(p1).toBeLessThanOrEqual(limit);
        else expect(p1).toBeGreaterThanOrEqual(limit);
        if (out.amountIn < amount * (1 - 1e-12)) {
          // partial: the limit was binding, so the fill went right up to it
          expect(relClose(p1, limit, 1e-9)).toBe(true);
          expect(relClose(out.fee, out.amountIn * fee, 1e-12) || out.fee === 0).toBe(true);
        }
        // the same order without a limit, when it succeeds, ends at or beyond the limited one
        const r2 = pool(T, A, w);
        const full = (buy ? swapTaoForAlpha : swapAlphaForTao)(r2, 0, amount, cfg, buy ? Infinity : 0, newSwapResult());
        if (full.ok) expect(full.amountOut).toBeGreaterThanOrEqual(out.amountOut * (1 - 1e-12));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
