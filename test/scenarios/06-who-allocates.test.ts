// Scenario 6 (experiments/06-who-allocates.yaml): the same population under root-vote, launch-2025-02 and
// flow-2025-11. Reduced: 12 subnets, a fifth of the population, 20 days, one replication. The spec sweeps
// only the share rule (chain.shareMode on the launch rules); ruleSet itself cannot be swept, so this test
// runs the three named rule sets by replacing each run's ruleSet (and dropping the shareMode override).
//
// Root validators vote by a noisy view of latent subnet quality (world.ts); no trader observes quality. So
// the quality comparison below checks that the counterfactual does what it is built to do and that the
// market, blind to quality, does not match it — see experiments/README.md for what that does and does not say.
import { beforeAll, describe, expect, it } from 'vitest';
import { reduceSpec, runSpec, summaryMean, type PointResult } from './reduce.ts';

const RULE_SET: Record<string, string> = { 'root-vote': 'root-vote', 'price-ema': 'launch-2025-02', 'flow-ema': 'flow-2025-11' };
const SUBNETS = 12;

describe('scenario 6: who allocates better', () => {
  let byRule: Record<string, PointResult> = {};
  beforeAll(() => {
    const spec = reduceSpec('06-who-allocates.yaml', { world: { subnets: SUBNETS }, scale: 0.2, horizon: '20d', replications: 1 });
    const points = runSpec(spec, (cfg) => {
      cfg.ruleSet = RULE_SET[cfg.chain.shareMode as string]!;
      delete cfg.chain.shareMode;
    });
    byRule = Object.fromEntries(points.map((p) => [RULE_SET[p.values['chain.shareMode'] as string]!, p]));
  });

  it('runs the three named rule sets on the same population', () => {
    expect(Object.keys(byRule).sort()).toEqual(['flow-2025-11', 'launch-2025-02', 'root-vote']);
  });

  it('the flow rule concentrates emission far more than the price rule; the root vote leans away from equal shares', () => {
    const hhi = (rule: string) => summaryMean(byRule[rule]!, 'meanEmissionHhi');
    expect(hhi('root-vote')).toBeGreaterThan(1.1 / SUBNETS);
    expect(hhi('launch-2025-02')).toBeGreaterThan(1 / SUBNETS);
    expect(hhi('flow-2025-11')).toBeGreaterThan(2 * hhi('launch-2025-02'));
  });

  it('the quality-aware root vote sends more emission to high-quality subnets than the quality-blind price rule', () => {
    const q = (rule: string) => summaryMean(byRule[rule]!, 'highQualityEmissionShare');
    expect(q('root-vote')).toBeGreaterThan(0.65);
    expect(q('root-vote')).toBeGreaterThan(q('launch-2025-02') + 0.1);
  });
});
