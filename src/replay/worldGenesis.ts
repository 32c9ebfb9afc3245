// A world's genesis read from a snapshot file (world.genesis in a spec): the replay genesis block with
// its block number and unlisted issuance, validated once when the spec is loaded. Pure: the spec loader
// reads the file and passes its JSON here.
import { type Genesis, genesisMaxNetuid, parseGenesis } from './genesis.ts';
import { FormatError, int, num, object } from './validate.ts';

/** What world.genesis holds once loaded: the file (as written in the spec) and its parsed genesis. */
export interface WorldGenesis {
  file: string;
  /** The chain's block at the snapshot (the world counts blocks from 0 = this block). */
  block: number;
  /** TAO issued before the snapshot beyond what the genesis creates (held by unlisted holders). */
  issued: number;
  genesis: Genesis;
  /** The file's own description (where the snapshot comes from), if any. */
  description?: string;
}

/**
 * Validate a snapshot file's JSON: a replay file's `block`, `issued` and `genesis` (its `ruleSet` and
 * `rules` say what produced it; the spec's rule set is the one that runs). A snapshot with steps is
 * refused: a world starts from the state, and its agents act.
 */
export function parseWorldGenesis(json: unknown, file: string, maxUids: number): WorldGenesis {
  const f = object(json, '(root)', 'with block, issued and genesis (the replay genesis block)');
  if (Array.isArray(f.steps) && f.steps.length > 0) throw new FormatError('steps', 'a world starts from the genesis state; remove the steps (replay them with `lab replay`)');
  if (f.genesis === undefined) throw new FormatError('genesis', 'is required: { coldkeys, hotkeys, root, subnets }');
  const genesis = parseGenesis(f.genesis, maxUids, 'genesis');
  if (genesis.subnets.length === 0) throw new FormatError('genesis.subnets', 'a world needs at least one subnet');
  return {
    file,
    block: f.block === undefined ? 0 : int(f.block, 'block', 0, 1e12, 'a block number (integer >= 0)'),
    issued: f.issued === undefined ? 0 : num(f.issued, 'issued', 0, 21e6, 'TAO in [0, 21000000]'),
    genesis,
    ...(typeof f.description === 'string' ? { description: f.description } : {}),
  };
}

/** True for a loaded world genesis (as opposed to the path a spec gives). */
export function isWorldGenesis(x: unknown): x is WorldGenesis {
  return typeof x === 'object' && x !== null && typeof (x as WorldGenesis).file === 'string' && typeof (x as WorldGenesis).genesis === 'object';
}

export { genesisMaxNetuid };
