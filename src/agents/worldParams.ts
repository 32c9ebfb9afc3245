// The world's parameters (the genesis a population lands in), described once: range, integer, default,
// unit, meaning and source (docs/agent-models.md §6, launch rule set). WorldSpec, DEFAULT_WORLD and
// validateWorldSpec derive from this table; `lab agents` prints it and paramRange('world.<name>') reads it.
import { type ValuesOf, checkTable } from '../market/params.ts';
import type { WorldGenesis } from '../replay/worldGenesis.ts';

export const WORLD_PARAMS = [
  { name: 'subnets', range: [1, 4095], integer: true, default: 64, unit: 'subnets', meaning: 'non-root subnets at genesis', source: 'migrate_rao: 64 subnets (docs/chain-rules.md §6.4)' },
  { name: 'initialPoolTao', range: [0.01, 1e9], default: 1, unit: 'TAO', meaning: 'TAO in each pool at genesis', source: 'migrate_rao: 1 TAO (docs/chain-rules.md §6.4)' },
  { name: 'initialPoolAlpha', range: [0.01, 1e9], default: 1, unit: 'alpha', meaning: 'alpha in each pool at genesis', source: 'migrate_rao: 1 alpha (docs/chain-rules.md §6.4)' },
  { name: 'rootStake', range: [0, 21e6], default: 6_000_000, unit: 'TAO', meaning: 'TAO staked on root at genesis', source: 'all pre-dTAO stake became root stake [15] (docs/agent-models.md §6)' },
  { name: 'rootValidators', range: [1, 4096], integer: true, default: 64, unit: 'validators', meaning: 'root validators', source: 'docs/agent-models.md §6' },
  { name: 'rootStakeExponent', range: [0, 10], default: 2.3, unit: '–', meaning: 'root validator k holds stake ∝ (k+3)^−exponent (top 1 ≈ 28%, top 3 ≈ 56%, top 10 ≈ 85%)', source: '[10] (docs/agent-models.md §6)' },
  { name: 'issued', range: [0, 21e6], default: 8_300_000, unit: 'TAO', meaning: 'TAO issued before genesis; what is not on root or in pools sits with unmodelled holders', source: '≈ 10.36M (Nov 2025) − 7200/day × 282 days [26] (docs/agent-models.md §6)' },
  { name: 'qualityAlpha', range: [0.01, 100], default: 2, unit: '–', meaning: 'subnets\' latent quality ~ Beta(a, b): shape a', source: '[assumption]' },
  { name: 'qualityBeta', range: [0.01, 100], default: 2, unit: '–', meaning: 'subnets\' latent quality ~ Beta(a, b): shape b', source: '[assumption]' },
  { name: 'minersPerSubnet', range: [0, 4096], integer: true, default: 191, unit: 'UIDs', meaning: 'genesis UIDs per subnet filled by anonymous miners (owner + 64 root validators + 191 miners = 256)', source: 'docs/agent-models.md §6' },
  { name: 'genesisShareSigma', range: [0, 5], default: 1.1, unit: '–', meaning: 'launch genesis moving prices = pre-dTAO root-vote emission shares ∝ exp(σ·Z), summing to 1 (errata E1); 0 gives every subnet 1/n. σ = 1.1 gives 64 subnets a mean top-10 share of ~52%; σ 0.9–1.4 spans 45–63%', source: 'migrate_rao.rs (e2b8367b8); top-10 share of emission in 2025 (docs/observed.md L8)' },
  { name: 'genesisShareQuality', range: [0, 1], default: 0, unit: '–', meaning: 'ρ: how far those genesis shares follow latent quality, Z = ρ·(standardised quality) + √(1 − ρ²)·N(0, 1); 0 a vote blind to quality', source: '[assumption] (no calibration source; sweep it)' },
  { name: 'subnetEntry', range: [0, 4], default: 0, unit: '×', meaning: 'new subnets entering over time, as a multiple of the observed schedule (subnetEntry.ts: 64 → ~88 by April 2025 → ~118 by mid-2025 → the 128 cap); 0 off, 1 the observed schedule', source: 'observed subnet counts (docs/calibration.md, "Demand families")' },
  { name: 'entryChurnDays', range: [0, 365], default: 4, unit: 'days', meaning: 'once the entry schedule reaches the cap, days between replacement registrations (each deregisters the weakest subnet); 0 none', source: 'docs/chain-rules.md §8' },
  { name: 'entryMaxLock', range: [1, 1e7], default: 2_000, unit: 'TAO', meaning: 'the most an entrant pays for a subnet lock; above it the entry waits for the lock to decay (docs/chain-rules.md §8.1: the lock doubles per registration)', source: 'L10: the chain reset the lock to start at 2,000 TAO in Sep 2025 (docs/observed.md); fitted in the history calibration' },
  { name: 'rootEvalNoise', range: [0, 10], default: 0.1, unit: '–', meaning: 'root-vote: sd of a root validator\'s noise on subnet quality (rootVote.ts)', source: 'docs/agent-models.md §2 (0.05–0.15)' },
  { name: 'rootFavouritism', range: [0, 10], default: 0, unit: '–', meaning: 'root-vote: bias added to a validator\'s own, associated or deal subnets (0: honest)', source: 'observed root-vote failings (docs/calibration.md)' },
  { name: 'rootAttention', range: [0, 4096], integer: true, default: 0, unit: 'subnets', meaning: 'root-vote: subnets each root validator evaluates (0: all)', source: 'limited attention (docs/agent-models.md §1)' },
  { name: 'rootDeals', range: [0, 1], default: 0, unit: '–', meaning: 'root-vote: probability of a revenue-sharing deal between a subnet and each top-5 root validator', source: 'observed root-vote failings (docs/calibration.md)' },
] as const;

/**
 * World spec: the genesis state the population lands in; or, with `genesis` (world.genesis: FILE, loaded with
 * the spec), a snapshot in the replay genesis format instead of the synthetic launch.
 */
export type WorldSpec = ValuesOf<typeof WORLD_PARAMS> & { genesis?: WorldGenesis };

checkTable('world', WORLD_PARAMS);

/** docs/agent-models.md §6 launch defaults. */
export const DEFAULT_WORLD: Readonly<WorldSpec> = Object.freeze(
  Object.fromEntries(WORLD_PARAMS.map((p) => [p.name, p.default])) as unknown as WorldSpec,
);
