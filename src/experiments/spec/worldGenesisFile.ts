// world.genesis: FILE in a spec: read the snapshot (the replay genesis block, docs/replay-format.md)
// relative to the spec file, validate it, and put the parsed genesis in the world, so the spec hash
// covers its content and workers get plain data. Errors name world.genesis, the file and the JSON path.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { resolveRules } from '../../market/rules.ts';
import { FormatError } from '../../replay/validate.ts';
import { genesisTempo } from '../../replay/genesis.ts';
import { parseWorldGenesis } from '../../replay/worldGenesis.ts';
import { PathError } from './specSchema.ts';

/** The raw world with `genesis` (a path) replaced by the loaded snapshot; unchanged without one. */
export function loadWorldGenesis(world: Record<string, unknown>, specFile: string | undefined, ruleSet: string, chain: Record<string, unknown>): Record<string, unknown> {
  const g = world.genesis;
  if (g === undefined) return world;
  const at = ['world', 'genesis'];
  if (typeof g !== 'string' || g.trim() === '') throw new PathError(at, 'expected the path of a snapshot file (replay genesis format), relative to the spec');
  const path = resolve(specFile ? dirname(specFile) : process.cwd(), g);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PathError(at, `${g}: ${code === 'ENOENT' ? 'no such file' : code ?? `invalid JSON: ${(e as Error).message}`}`);
  }
  try {
    const rules = resolveRules(ruleSet, chain);
    const loaded = parseWorldGenesis(json, g, rules.maxUids);
    const tempo = genesisTempo(loaded.genesis);
    if (tempo !== undefined && tempo !== rules.tempo) {
      throw new PathError(at, `${g}: its subnets run at tempo ${tempo}, the spec's rule set at ${rules.tempo}; set chain.tempo: ${tempo} to keep the snapshot's`);
    }
    return { ...world, genesis: loaded };
  } catch (e) {
    if (e instanceof FormatError) throw new PathError(at, `${g}: ${e.message}`);
    throw e;
  }
}
