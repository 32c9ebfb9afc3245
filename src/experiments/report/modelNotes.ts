// The model notes a report's run record carries: the simplifications of the chain model that apply
// to the run's rule set(s), the key assumptions of the agent families in its population, and the
// chain-fidelity figure (data/fidelity.json, written by the replay suite) when that file exists.
// The wording follows the README's "Model notes" and each family file's header; change them together.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Simplifications of the chain model that hold in every rule set. */
const GENERAL = [
  'Numbers are float64 TAO and alpha, not u64 rao or fixed point (no truncation or u16 quantisation).',
  'Childkeys (parent/child stake delegation and childkey take) are not modelled.',
  'Weights are dense and visible at once (no commit-reveal).',
  'Swap v3 is modelled as the full-range constant product it behaved as; pool price bounds are not enforced.',
  'New subnets emit at once (no start-call delay).',
];

/** Notes that apply to one rule set. */
const BY_RULE_SET: Record<string, string[]> = {
  'root-vote': ['Pre-dTAO counterfactual: emission split by the stake-weighted, row-normalised root weights of the top root validators once per tempo (the chain ran a Yuma epoch with median and clipping on root); root validators vote honestly by a noisy view of subnet quality, without the politics of the real root network.'],
  'launch-2025-02': ['Root dividends are claimed automatically each epoch (claim type Swap) and restaked on root. When every moving price is 0 at genesis, price-based shares are split equally.'],
  'flow-2025-11': ['The protocol-flow subtraction (NetTaoFlowEnabled) is not modelled; registration burns are recycled, not swapped into the pool.'],
  'current-2026-06': ['Owner-hotkey incentive burn and miner-burn weighting of shares apply; pool fees go to the block author (TAO fees leave the economy, alpha fees are burned).'],
};

/** Key assumptions of each agent family (its file's header, in one sentence). */
const BY_FAMILY: Record<string, string> = {
  herder: 'Retail herders: limited attention (top-K subnets by salience), momentum and yield utility with logit choice, Kirman herding on last-day flows, mood switching; they see no fundamental unless qualityWeight > 0.',
  yieldValidator: 'Yield-maximising validators: estimate each position\'s yield from recent dividends net of dilution and slippage, allocate by fractional Kelly inside a no-trade band; weights honest, copied or bribed.',
  cartel: 'Colluding owners: own subnets and run unlinked validator and miner keys; strategies S1–S6 (self-stake pump, bribes, captured weights above kappa, wash trades, cross-staking ring, selling the owner cut).',
  miner: 'Payout-chasing miners: move UID slots to the subnet paying most per UID net of the registration burn, inside a sunk-cost hysteresis band; sell earned alpha.',
  passiveStaker: 'Passive root stakers: stake on root at genesis with a validator picked by stake (preferential attachment), and only re-delegate or exit at low rates.',
  emissionSeller: 'Emission sellers: a genesis owner, miner or root validator selling a fixed fraction of the alpha it receives in TWAP chunks (launch-era structural selling).',
  noiseTrader: 'Zero-intelligence noise traders: Poisson trades of lognormal size on random subnets, buy or sell at even odds, never conditioning on prices; a sell is capped by what they hold, so they end up net buyers of alpha.',
};

export interface Fidelity {
  total: number;
  passed: number;
  ruleSets: Record<string, { vectors: number; passed: number }>;
}

const FIDELITY_FILE = fileURLToPath(new URL('../../../data/fidelity.json', import.meta.url));

/** data/fidelity.json when it exists and has the expected shape; null otherwise (nothing is shown). */
export function readFidelity(file = FIDELITY_FILE): Fidelity | null {
  if (!existsSync(file)) return null;
  try {
    const f = JSON.parse(readFileSync(file, 'utf8')) as Partial<Fidelity>;
    if (typeof f.total !== 'number' || typeof f.passed !== 'number') return null;
    const ruleSets: Fidelity['ruleSets'] = {};
    for (const [name, v] of Object.entries(f.ruleSets ?? {})) {
      if (v && typeof v.vectors === 'number' && typeof v.passed === 'number') ruleSets[name] = { vectors: v.vectors, passed: v.passed };
    }
    return { total: f.total, passed: f.passed, ruleSets };
  } catch {
    return null;
  }
}

/** The notes for a run record: general, the rule sets run, the families present. */
export function modelNotes(ruleSets: readonly string[], families: readonly string[]): { chain: string[]; families: [string, string][] } {
  const chain = [...GENERAL, ...ruleSets.flatMap((r) => (BY_RULE_SET[r] ?? []).map((n) => `${r}: ${n}`))];
  return { chain, families: families.filter((f) => BY_FAMILY[f]).map((f) => [f, BY_FAMILY[f]!]) };
}
