// The allocation rule of the yield-maximising validators (docs/agent-models.md §2, decision rule 1): a
// fractional-Kelly / mean–variance weight vector projected onto the position caps and the root floor. Pure
// maths on arrays, apart from the family (validators.ts) so it can be read and tested on its own.

export interface AllocationProblem {
  /** Expected daily excess return over root per subnet (μ_i). */
  mu: ArrayLike<number>;
  /** Daily variance per subnet (diagonal Σ̂). */
  sigma2: ArrayLike<number>;
  kellyFraction: number;
  riskAversion: number;
  /** Cap per subnet (min of w_max and the liquidity cap); default none. */
  upper?: ArrayLike<number>;
  /** Σw ≤ budget (1 − root floor); default none. */
  budget?: number;
}

/**
 * w* = (c_K/γ₀)·Σ⁻¹·μ with a diagonal Σ, projected onto 0 ≤ w_i ≤ upper_i and Σw ≤ budget: the exact
 * solution of max μ·w − (γ₀/2c_K)·w'Σw under those constraints (KKT: w_i = clip(c_K(μ_i − λ)/(γ₀σ_i²)),
 * λ ≥ 0 found by bisection so the budget binds). Pure; the rest of the wealth stays on root.
 */
export function allocate(p: AllocationProblem, out: Float64Array = new Float64Array(p.mu.length)): Float64Array {
  const n = p.mu.length;
  out.fill(0, 0, n);
  if (!(p.kellyFraction > 0) || !(p.riskAversion < Infinity)) return out;
  const budget = p.budget ?? Infinity;
  const at = (lambda: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let w = (p.kellyFraction * (p.mu[i]! - lambda)) / (p.riskAversion * p.sigma2[i]!);
      if (!(w > 0)) w = 0;
      const u = p.upper ? p.upper[i]! : Infinity;
      if (w > u) w = u;
      out[i] = w;
      s += w;
    }
    return s;
  };
  if (at(0) <= budget) return out;
  let lo = 0, hi = 0;
  for (let i = 0; i < n; i++) hi = Math.max(hi, p.mu[i]!);
  for (let k = 0; k < 200 && hi - lo > 1e-15 * Math.max(1, hi); k++) {
    const mid = 0.5 * (lo + hi);
    if (at(mid) > budget) lo = mid;
    else hi = mid;
  }
  at(hi);
  return out;
}
