// The agent families by name (docs/architecture.md "Layers": a registry maps names to factories and typed,
// documented parameters). A population spec names families from here.
import { emissionSellerFamily, noiseTraderFamily, passiveStakerFamily } from './baselines.ts';
import { herderFamily } from './herders.ts';
import { holderFamily } from './holders.ts';
import { minerFamily } from './miners.ts';
import { cartelFamily } from './owners.ts';
import { ParamError, type PathSeg } from '../market/params.ts';
import { checkFamilyDocs } from './params.ts';
import { speculatorFamily } from './speculators.ts';
import type { FamilyDef } from './types.ts';
import { yieldValidatorFamily } from './validators.ts';

export const FAMILIES: Readonly<Record<string, FamilyDef>> = Object.freeze({
  herder: herderFamily,
  yieldValidator: yieldValidatorFamily,
  cartel: cartelFamily,
  miner: minerFamily,
  passiveStaker: passiveStakerFamily,
  emissionSeller: emissionSellerFamily,
  noiseTrader: noiseTraderFamily,
  speculator: speculatorFamily,
  holder: holderFamily,
});

for (const f of Object.values(FAMILIES)) checkFamilyDocs(f);

/** The family called `name`, or an error at `path` listing the known families. */
export function getFamily(name: string, path: readonly PathSeg[] = ['family']): FamilyDef {
  if (!Object.hasOwn(FAMILIES, name)) {
    throw new ParamError(path, `unknown family ${JSON.stringify(name)}; known families: ${Object.keys(FAMILIES).join(', ')}`);
  }
  return FAMILIES[name]!;
}
