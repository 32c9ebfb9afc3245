// A chain's state written as a replay genesis block (docs/replay-format.md): the way a run's state
// becomes a snapshot that a world (world.genesis) or `lab replay` starts from. Pure: returns plain data.
import type { Chain } from '../market/chain.ts';
import { ROOT } from '../market/types.ts';
import type { Genesis, GenesisSubnet } from './genesis.ts';

export interface Snapshot {
  description: string;
  ruleSet: string;
  block: number;
  issued: number;
  genesis: Genesis;
}

/**
 * The state of `chain` as a genesis. Keys are named `c<id>` (coldkeys) and `h<id>` (hotkeys). Kept: free
 * balances, takes, root and alpha stake by (coldkey, hotkey), pools, moving prices, flow EMAs, registration
 * blocks and UIDs in order. Not kept (the format has no place for them): validator permits, bonds, the last
 * epoch's outputs, registration burns and lock costs, and weights unless `weights` is set; pending emission
 * and protocol alpha stay as unlisted alpha (alphaOut), and TAO outside accounts, pools and root (pending root
 * dividends, fees paid to block authors) as unlisted `issued`, so total issuance is unchanged.
 */
export function exportGenesis(chain: Chain, description: string, opts: { weights?: boolean } = {}): Snapshot {
  const c = chain;
  const book = c.stakes;
  const round = (x: number) => Number(x.toPrecision(15)); // shorter files; relative error 1e-15
  const coldkeys: Genesis['coldkeys'] = {};
  for (let k = 0; k < c.nColdkeys(); k++) coldkeys[`c${k}`] = round(c.balance(k));
  const hotkeys: Genesis['hotkeys'] = {};
  for (let h = 0; h < c.nHotkeys(); h++) hotkeys[`h${h}`] = { coldkey: `c${c.hotkeyOwner(h)}`, take: c.hotkeyTake(h) };
  const root: Genesis['root'] = [];
  const stakeBy = new Map<number, GenesisSubnet['stake']>();
  const staked = new Float64Array(c.maxNetuid);
  let held = 0;
  for (let k = 0; k < c.nColdkeys(); k++) {
    held += c.balance(k);
    for (const p of book.positionsOf(k)) {
      const v = book.value(p, k);
      if (!(v > 0)) continue;
      const netuid = book.posNetuid[p]!;
      const entry = { coldkey: `c${k}`, hotkey: `h${book.posHotkey[p]}` };
      if (netuid === ROOT) {
        root.push({ ...entry, tao: v });
        held += v;
      } else {
        let list = stakeBy.get(netuid);
        if (!list) stakeBy.set(netuid, (list = []));
        list.push({ ...entry, alpha: v });
        staked[netuid]! += v;
      }
    }
  }
  const s = c.subnets;
  const M = c.maxUids;
  const subnets: GenesisSubnet[] = [];
  const list = c.subnetList();
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    held += s.taoIn[i]!;
    const neurons: string[] = [];
    for (let u = 0; u < s.nUids[i]!; u++) {
      const h = c.neurons.hotkey[i * M + u]!;
      if (h >= 0) neurons.push(`h${h}`);
    }
    const weights: GenesisSubnet['weights'] = {};
    if (opts.weights) {
      c.weightRows[i]!.forEach((row, u) => {
        if (!row || u >= neurons.length) return;
        const w: Record<string, number> = {};
        for (let j = 0; j < neurons.length; j++) if (row[j]! > 0) w[neurons[j]!] = row[j]!;
        if (Object.keys(w).length > 0) weights[neurons[u]!] = w;
      });
    }
    subnets.push({
      netuid: i, owner: `c${s.owner[i]}`, ownerHotkey: `h${s.ownerHotkey[i]}`,
      taoIn: s.taoIn[i]!, alphaIn: s.alphaIn[i]!, alphaOut: Math.max(0, round(s.alphaOut[i]! - staked[i]!)),
      movingPrice: s.movingPrice[i]!, flowEma: s.flowEma[i]!, tempo: c.rules.tempo, registeredAt: s.registeredAt[i]!,
      neurons, stake: stakeBy.get(i) ?? [], weights,
    });
  }
  return {
    description,
    ruleSet: c.rules.name,
    block: c.block,
    issued: Math.max(0, round(c.totalIssuance() - held)),
    genesis: { coldkeys, hotkeys, root, subnets },
  };
}
