// A spec small enough for the package tests (a two-point grid over one day on a small launch world).
export function tinySpec(name: string, replications: number): string {
  return `name: ${name}
description: Package test - two points over one day on a small launch world.
ruleSet: launch-2025-02
horizon: 1d
sampleEvery: 12h
seed: ${name}
replications: ${replications}
world: { subnets: 4, minersPerSubnet: 2 }
population:
  herder: { count: 10 }
  passiveStaker: { count: 5 }
sweep:
  design: grid
  parameters:
    population.herder.herding: [0.2, 0.8]
`;
}
