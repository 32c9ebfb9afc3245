// A world that starts from a snapshot (world.genesis: FILE, docs/replay-format.md) instead of the
// synthetic launch: the chain is built from the genesis block exactly as `lab replay` builds it, then
// the world's roles are read off that state so the families and the world process can join it.
// What a snapshot does not carry is drawn as for the launch world: latent subnet and miner quality.
import type { Chain } from '../market/chain.ts';
import { ROOT } from '../market/types.ts';
import { buildGenesis } from '../replay/genesis.ts';
import type { WorldGenesis } from '../replay/worldGenesis.ts';
import { ParamError } from './params.ts';
import type { Rng } from './rng.ts';
import type { WorldSpec } from './types.ts';
import { type LaunchWorld, MINER_QUALITY } from './world.ts';

/** At most this many root stakers act as the world's honest root validators (the launch world's 64). */
export const GENESIS_ROOT_VALIDATORS = 64;

/**
 * Build the snapshot into a fresh chain (block 0 = the snapshot's block; registration blocks keep their
 * distance from it) and name the roles: subnet owners from the genesis; root validators = the hotkeys
 * holding the most root stake that hold a UID somewhere (largest first, at most 64); miners = every other
 * UID; the coldkey with the most free TAO (the unlisted holders of the file's `issued` included; in a
 * snapshot of a lab run, that run's inert holder) is the inert holder new agents are funded from.
 * Streams: rng.fork('quality' | 'miner-quality'), as the launch world.
 */
export function buildGenesisWorld(chain: Chain, spec: WorldSpec, g: WorldGenesis, rng: Rng): LaunchWorld {
  if (chain.nColdkeys() !== 0) throw new ParamError(['world', 'genesis'], 'the chain must be fresh');
  let maxNetuid = 0;
  for (const s of g.genesis.subnets) maxNetuid = Math.max(maxNetuid, s.netuid);
  if (maxNetuid >= chain.maxNetuid) throw new ParamError(['world', 'genesis'], `netuid ${maxNetuid} needs maxNetuid > ${maxNetuid}; the chain has ${chain.maxNetuid}`);
  for (const [i, s] of g.genesis.subnets.entries()) {
    if (s.neurons.length > chain.maxUids) throw new ParamError(['world', 'genesis'], `${g.file}: genesis.subnets[${i}].neurons: ${s.neurons.length} UIDs exceed the rule set's maxUids ${chain.maxUids}`);
  }
  const keys = buildGenesis(chain, g.genesis, g.issued, g.block);
  const N = chain.maxNetuid;
  const M = chain.maxUids;
  const ownerColdkeys = new Int32Array(N).fill(-1);
  const ownerHotkeys = new Int32Array(N).fill(-1);
  const subnetQuality = new Float64Array(N);
  const quality = rng.fork('quality');
  const list = chain.subnetList();
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    ownerColdkeys[i] = chain.subnets.owner[i]!;
    ownerHotkeys[i] = chain.subnets.ownerHotkey[i]!;
    subnetQuality[i] = quality.beta(spec.qualityAlpha, spec.qualityBeta);
  }

  // Root validators: root stakers that hold a UID, by root stake (ties: lower hotkey id first).
  const hasUid = new Uint8Array(chain.nHotkeys());
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    for (let u = 0; u < chain.subnets.nUids[i]!; u++) hasUid[chain.neurons.hotkey[i * M + u]!] = 1;
  }
  const rootStakers: number[] = [];
  for (let h = 0; h < chain.nHotkeys(); h++) if (hasUid[h] && chain.hotkeyStake(h, ROOT) > 0) rootStakers.push(h);
  rootStakers.sort((a, b) => chain.hotkeyStake(b, ROOT) - chain.hotkeyStake(a, ROOT) || a - b);
  const rootValidators = Int32Array.from(rootStakers.slice(0, GENESIS_ROOT_VALIDATORS));
  const rootValidatorColdkeys = rootValidators.map((h) => chain.hotkeyOwner(h));
  const isRootValidator = new Uint8Array(chain.nHotkeys());
  for (const h of rootValidators) isRootValidator[h] = 1;

  // The coldkey with the most root stake stands for the passive nominators.
  const rootByColdkey = new Map<number, number>();
  for (const r of g.genesis.root) {
    const c = keys.coldkeys.get(r.coldkey)!;
    rootByColdkey.set(c, (rootByColdkey.get(c) ?? 0) + r.tao);
  }
  let passiveColdkey = keys.unlistedColdkey;
  let most = 0;
  for (const [c, tao] of rootByColdkey) if (tao > most) [passiveColdkey, most] = [c, tao];

  // Miners: every UID that is neither the subnet owner's hotkey nor a root validator.
  const uidQuality = new Float64Array(N * M);
  const uidQualityHotkey = new Int32Array(N * M).fill(-1);
  const mq = rng.fork('miner-quality');
  const minerColdkeys: number[] = [];
  const minerHotkeys: number[] = [];
  const minerNetuids: number[] = [];
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    for (let u = 0; u < chain.subnets.nUids[i]!; u++) {
      const h = chain.neurons.hotkey[i * M + u]!;
      if (h < 0 || h === ownerHotkeys[i] || isRootValidator[h]) continue;
      minerColdkeys.push(chain.hotkeyOwner(h));
      minerHotkeys.push(h);
      minerNetuids.push(i);
      uidQuality[i * M + u] = mq.beta(MINER_QUALITY[0], MINER_QUALITY[1]);
      uidQualityHotkey[i * M + u] = h;
    }
  }
  return {
    spec, subnetQuality, rootValidators, passiveColdkey, ownerColdkeys, ownerHotkeys, rootValidatorColdkeys,
    minerColdkeys: Int32Array.from(minerColdkeys), minerHotkeys: Int32Array.from(minerHotkeys), minerNetuids: Int32Array.from(minerNetuids),
    inertColdkey: richestColdkey(chain, keys.unlistedColdkey), uidQuality, uidQualityHotkey, isRootValidator, claimed: new Set<number>(),
  };
}

/** The coldkey with the most free TAO (ties: `prefer`, then the lowest id). */
function richestColdkey(chain: Chain, prefer: number): number {
  let best = prefer;
  for (let k = 0; k < chain.nColdkeys(); k++) if (chain.balance(k) > chain.balance(best)) best = k;
  return best;
}
