// The genesis block of a replay file (docs/replay-format.md): named coldkeys, hotkeys, root stake and
// subnets with their pools, neurons, alpha stake and weights. `parseGenesis` validates it (every error
// names its JSON path; sizes are checked before anything is allocated) and `buildGenesis` writes it into
// a fresh Chain. Pure: no I/O. Used by `lab replay` and by worlds that start from a snapshot
// (world.genesis), so both start a chain the same way.
import type { Chain } from '../market/chain.ts';
import { ROOT } from '../market/types.ts';
import { FormatError, array, int, isObject, key, num, object, onlyKeys, str, type Json } from './validate.ts';

/** Size guards, checked before any allocation (a file claiming 10,000 subnets is refused, not built). */
export const GENESIS_LIMITS = Object.freeze({
  subnets: 1024,
  netuid: 4095,
  /** netuid slots × UIDs per subnet: the chain allocates per-UID arrays of this length. */
  uidSlots: 1 << 20,
  coldkeys: 1_000_000,
  hotkeys: 1_000_000,
  stakeEntries: 2_000_000,
  weightEntries: 5_000_000,
});

export interface GenesisSubnet {
  netuid: number;
  owner: string;
  ownerHotkey: string;
  taoIn: number;
  alphaIn: number;
  /** Alpha outside the pool held by nobody listed in `stake` (kept by an "unlisted holders" position). */
  alphaOut: number;
  movingPrice: number;
  flowEma: number;
  tempo?: number;
  registeredAt?: number;
  /** Hotkey names by UID (0, 1, …). */
  neurons: string[];
  stake: { coldkey: string; hotkey: string; alpha: number }[];
  /** Weights in force at genesis: setter hotkey → (UID name → value). */
  weights: Record<string, Record<string, number>>;
}

export interface Genesis {
  coldkeys: Record<string, number>;
  hotkeys: Record<string, { coldkey: string; take?: number }>;
  root: { coldkey: string; hotkey: string; tao: number }[];
  subnets: GenesisSubnet[];
}

const SUBNET_FIELDS = ['netuid', 'owner', 'ownerHotkey', 'taoIn', 'alphaIn', 'alphaOut', 'movingPrice', 'flowEma', 'tempo', 'registeredAt', 'neurons', 'stake', 'weights'];

/**
 * Validate a genesis object. `maxUids` is the rule set's UIDs per subnet; `path` prefixes error paths
 * ("genesis" in a replay file, "world.genesis" … in a spec).
 */
export function parseGenesis(x: unknown, maxUids: number, path = 'genesis'): Genesis {
  const g = object(x, path, 'with coldkeys, hotkeys, root and subnets');
  onlyKeys(g, path, ['coldkeys', 'hotkeys', 'root', 'subnets']);
  const coldkeys: Record<string, number> = {};
  const ck = g.coldkeys === undefined ? {} : object(g.coldkeys, `${path}.coldkeys`, 'mapping coldkey names to free TAO');
  if (Object.keys(ck).length > GENESIS_LIMITS.coldkeys) throw new FormatError(`${path}.coldkeys`, `has ${Object.keys(ck).length} coldkeys; at most ${GENESIS_LIMITS.coldkeys}`);
  for (const [name, tao] of Object.entries(ck)) coldkeys[name] = num(tao, key(`${path}.coldkeys`, name), 0, 21e6, 'free TAO in [0, 21000000]');
  const coldkeyRef = (v: unknown, p: string): string => {
    const name = str(v, p, 'a coldkey name');
    if (!(name in coldkeys)) throw new FormatError(p, `unknown coldkey "${name}"; declare it in ${path}.coldkeys`);
    return name;
  };

  const hotkeys: Genesis['hotkeys'] = {};
  const hk = g.hotkeys === undefined ? {} : object(g.hotkeys, `${path}.hotkeys`, 'mapping hotkey names to { coldkey, take? }');
  if (Object.keys(hk).length > GENESIS_LIMITS.hotkeys) throw new FormatError(`${path}.hotkeys`, `has ${Object.keys(hk).length} hotkeys; at most ${GENESIS_LIMITS.hotkeys}`);
  for (const [name, v] of Object.entries(hk)) {
    const p = key(`${path}.hotkeys`, name);
    const h = object(v, p, '{ coldkey, take? }');
    onlyKeys(h, p, ['coldkey', 'take']);
    hotkeys[name] = { coldkey: coldkeyRef(h.coldkey, `${p}.coldkey`), ...(h.take === undefined ? {} : { take: num(h.take, `${p}.take`, 0, 1) }) };
  }
  const hotkeyRef = (v: unknown, p: string): string => {
    const name = str(v, p, 'a hotkey name');
    if (!(name in hotkeys)) throw new FormatError(p, `unknown hotkey "${name}"; declare it in ${path}.hotkeys`);
    return name;
  };

  let stakeEntries = 0;
  const rootIn = g.root === undefined ? [] : array(g.root, `${path}.root`, '{ coldkey, hotkey, tao }', GENESIS_LIMITS.stakeEntries);
  stakeEntries += rootIn.length;
  const root = rootIn.map((v, i) => {
    const p = `${path}.root[${i}]`;
    const r = object(v, p, '{ coldkey, hotkey, tao }');
    onlyKeys(r, p, ['coldkey', 'hotkey', 'tao']);
    return { coldkey: coldkeyRef(r.coldkey, `${p}.coldkey`), hotkey: hotkeyRef(r.hotkey, `${p}.hotkey`), tao: num(r.tao, `${p}.tao`, 0, 21e6, 'TAO in [0, 21000000]') };
  });

  const subIn = g.subnets === undefined ? [] : array(g.subnets, `${path}.subnets`, 'subnets', GENESIS_LIMITS.subnets);
  // Sizes first: netuids and neuron counts decide what the chain allocates.
  let maxNetuid = 0;
  for (let i = 0; i < subIn.length; i++) {
    const s = subIn[i];
    if (!isObject(s)) throw new FormatError(`${path}.subnets[${i}]`, 'must be an object { netuid, owner, ownerHotkey, taoIn, alphaIn, … }');
    maxNetuid = Math.max(maxNetuid, int(s.netuid, `${path}.subnets[${i}].netuid`, 1, GENESIS_LIMITS.netuid, `a netuid, an integer in [1, ${GENESIS_LIMITS.netuid}] (0 is root)`));
    if (Array.isArray(s.neurons) && s.neurons.length > maxUids) {
      throw new FormatError(`${path}.subnets[${i}].neurons`, `lists ${s.neurons.length} UIDs; a subnet has at most ${maxUids} (the rule set's maxUids)`);
    }
  }
  if ((maxNetuid + 1) * maxUids > GENESIS_LIMITS.uidSlots) {
    throw new FormatError(`${path}.subnets`, `netuid ${maxNetuid} × ${maxUids} UIDs needs ${(maxNetuid + 1) * maxUids} UID slots; at most ${GENESIS_LIMITS.uidSlots}`);
  }
  let weightEntries = 0;
  const seen = new Set<number>();
  const subnets = subIn.map((v, i): GenesisSubnet => {
    const p = `${path}.subnets[${i}]`;
    const s = v as Json;
    onlyKeys(s, p, SUBNET_FIELDS);
    const netuid = s.netuid as number;
    if (seen.has(netuid)) throw new FormatError(`${p}.netuid`, `netuid ${netuid} appears twice`);
    seen.add(netuid);
    const owner = coldkeyRef(s.owner, `${p}.owner`);
    const ownerHotkey = hotkeyRef(s.ownerHotkey, `${p}.ownerHotkey`);
    if (hotkeys[ownerHotkey]!.coldkey !== owner) throw new FormatError(`${p}.ownerHotkey`, `hotkey "${ownerHotkey}" belongs to coldkey "${hotkeys[ownerHotkey]!.coldkey}", not the owner "${owner}"`);
    const neuronsIn = s.neurons === undefined ? [ownerHotkey] : array(s.neurons, `${p}.neurons`, 'hotkey names (UID 0, 1, …)', maxUids);
    const neurons = neuronsIn.map((n, u) => hotkeyRef(n, `${p}.neurons[${u}]`));
    const uidNames = new Set<string>();
    neurons.forEach((n, u) => {
      if (uidNames.has(n)) throw new FormatError(`${p}.neurons[${u}]`, `hotkey "${n}" holds two UIDs`);
      uidNames.add(n);
    });
    const stakeIn = s.stake === undefined ? [] : array(s.stake, `${p}.stake`, '{ coldkey, hotkey, alpha }', GENESIS_LIMITS.stakeEntries);
    stakeEntries += stakeIn.length;
    if (stakeEntries > GENESIS_LIMITS.stakeEntries) throw new FormatError(`${p}.stake`, `more than ${GENESIS_LIMITS.stakeEntries} stake entries in the genesis`);
    const stake = stakeIn.map((e, k) => {
      const q = `${p}.stake[${k}]`;
      const o = object(e, q, '{ coldkey, hotkey, alpha }');
      onlyKeys(o, q, ['coldkey', 'hotkey', 'alpha']);
      return { coldkey: coldkeyRef(o.coldkey, `${q}.coldkey`), hotkey: hotkeyRef(o.hotkey, `${q}.hotkey`), alpha: num(o.alpha, `${q}.alpha`, 0, 21e6, 'alpha in [0, 21000000]') };
    });
    const weights: GenesisSubnet['weights'] = {};
    if (s.weights !== undefined) {
      const w = object(s.weights, `${p}.weights`, 'mapping a setter hotkey to { UID name: weight }');
      for (const [setter, row] of Object.entries(w)) {
        const q = key(`${p}.weights`, setter);
        if (!uidNames.has(setter)) throw new FormatError(q, `"${setter}" holds no UID on netuid ${netuid}; allowed: the names in ${p}.neurons`);
        const r = object(row, q, 'mapping UID names to weights');
        weightEntries += Object.keys(r).length;
        if (weightEntries > GENESIS_LIMITS.weightEntries) throw new FormatError(q, `more than ${GENESIS_LIMITS.weightEntries} weight entries in the genesis`);
        const out: Record<string, number> = {};
        for (const [target, value] of Object.entries(r)) {
          const t = key(q, target);
          if (!uidNames.has(target)) throw new FormatError(t, `"${target}" holds no UID on netuid ${netuid}`);
          out[target] = num(value, t, 0, Number.MAX_VALUE, 'a weight >= 0');
        }
        weights[setter] = out;
      }
    }
    const tempo = s.tempo === undefined ? undefined : int(s.tempo, `${p}.tempo`, 1, 50_400);
    const registeredAt = s.registeredAt === undefined ? undefined : int(s.registeredAt, `${p}.registeredAt`, -1e12, 1e12, 'a block number');
    return {
      netuid, owner, ownerHotkey,
      taoIn: num(s.taoIn, `${p}.taoIn`, 0, 21e6, 'the pool TAO reserve, in (0, 21000000]'),
      alphaIn: num(s.alphaIn, `${p}.alphaIn`, 0, 21e6, 'the pool alpha reserve, in (0, 21000000]'),
      alphaOut: s.alphaOut === undefined ? 0 : num(s.alphaOut, `${p}.alphaOut`, 0, 1e9, 'alpha in [0, 1e9]'),
      movingPrice: s.movingPrice === undefined ? 0 : num(s.movingPrice, `${p}.movingPrice`, 0, 1e6),
      flowEma: s.flowEma === undefined ? 0 : num(s.flowEma, `${p}.flowEma`, -21e6, 21e6),
      ...(tempo === undefined ? {} : { tempo }),
      ...(registeredAt === undefined ? {} : { registeredAt }),
      neurons, stake, weights,
    };
  });
  for (let i = 0; i < subnets.length; i++) {
    if (!(subnets[i]!.taoIn > 0)) throw new FormatError(`${path}.subnets[${i}].taoIn`, 'must be > 0 (a pool needs reserves)');
    if (!(subnets[i]!.alphaIn > 0)) throw new FormatError(`${path}.subnets[${i}].alphaIn`, 'must be > 0 (a pool needs reserves)');
  }
  return { coldkeys, hotkeys, root, subnets };
}

/** The highest netuid a genesis uses (0 if none). */
export function genesisMaxNetuid(g: Genesis): number {
  let m = 0;
  for (const s of g.subnets) if (s.netuid > m) m = s.netuid;
  return m;
}

/** The single tempo the genesis asks for, or undefined; subnets with different tempos are an error (the lab's tempo is one rule). */
export function genesisTempo(g: Genesis, path = 'genesis'): number | undefined {
  let tempo: number | undefined;
  g.subnets.forEach((s, i) => {
    if (s.tempo === undefined) return;
    if (tempo !== undefined && s.tempo !== tempo) {
      throw new FormatError(`${path}.subnets[${i}].tempo`, `is ${s.tempo} but an earlier subnet has ${tempo}; the lab runs every subnet at one tempo (the rule set's tempo)`);
    }
    tempo = s.tempo;
  });
  return tempo;
}

/** What buildGenesis created: chain ids by name and names by id. */
export interface GenesisKeys {
  coldkeys: Map<string, number>;
  hotkeys: Map<string, number>;
  coldkeyNames: string[];
  hotkeyNames: string[];
  /** Coldkey of the holders the file does not list: `issued` TAO and each subnet's unlisted alphaOut. */
  unlistedColdkey: number;
}

/**
 * Write a genesis into a fresh chain (at its current block). Everything is created, not bought: free TAO,
 * root stake (TAO, 1:1) and pool reserves count as issued TAO; alpha stake is minted without a swap. Neurons
 * take UIDs in the listed order and count as registered at the subnet's `registeredAt` (default: the block
 * before genesis); genesis weights count as set at the genesis block. `issued` is TAO issued before the
 * genesis beyond what the file creates: it is held by an "unlisted holders" coldkey, as is each subnet's
 * `alphaOut` (staked to an unlisted hotkey that holds no UID). `genesisBlock` is the file's block when the
 * chain counts from another one (a world always starts at block 0): registration blocks keep their distance
 * from the genesis.
 */
export function buildGenesis(chain: Chain, g: Genesis, issued = 0, genesisBlock = chain.block): GenesisKeys {
  if (chain.nColdkeys() !== 0 || chain.nHotkeys() !== 0) throw new Error('buildGenesis: the chain must be fresh');
  const coldkeys = new Map<string, number>();
  const hotkeys = new Map<string, number>();
  for (const [name, tao] of Object.entries(g.coldkeys)) coldkeys.set(name, chain.addColdkey(tao));
  for (const [name, h] of Object.entries(g.hotkeys)) hotkeys.set(name, chain.addHotkey(coldkeys.get(h.coldkey)!, h.take ?? chain.rules.defaultTake));
  const unlistedColdkey = chain.addColdkey(issued);
  let unlistedHotkey = -1;
  const book = chain.stakes;
  const s = chain.subnets;
  for (const r of g.root) {
    if (!(r.tao > 0)) continue;
    book.mint(book.ensure(hotkeys.get(r.hotkey)!, ROOT), coldkeys.get(r.coldkey)!, r.tao);
    s.taoIn[ROOT]! += r.tao;
    chain.issued += r.tao;
  }
  const M = chain.maxUids;
  for (const sub of g.subnets) {
    const i = sub.netuid;
    if (i >= chain.maxNetuid) throw new Error(`buildGenesis: netuid ${i} needs maxNetuid > ${i}; the chain has ${chain.maxNetuid}`);
    chain.openSubnet(i, coldkeys.get(sub.owner)!, hotkeys.get(sub.ownerHotkey)!, sub.taoIn, sub.alphaIn);
    chain.issued += sub.taoIn;
    // openSubnet registered the owner hotkey at UID 0: replace it with the file's UID list.
    const base = i * M;
    for (let u = 0; u < s.nUids[i]!; u++) {
      const h = chain.neurons.hotkey[base + u]!;
      if (h >= 0) chain.uidIndex.delete(h * chain.maxNetuid + i);
      chain.neurons.hotkey[base + u] = -1;
    }
    s.nUids[i] = 0;
    // Block stamps are the file's; a chain counting from another block (a world starts at 0) shifts them.
    const registeredAt = (sub.registeredAt ?? genesisBlock - 1) - genesisBlock + chain.block;
    s.registeredAt[i] = registeredAt;
    s.movingPrice[i] = sub.movingPrice;
    s.flowEma[i] = sub.flowEma;
    sub.neurons.forEach((name, u) => {
      chain.placeNeuron(i, u, hotkeys.get(name)!);
      chain.neurons.registeredAt[base + u] = registeredAt;
      chain.neurons.lastUpdate[base + u] = registeredAt;
    });
    s.nUids[i] = sub.neurons.length;
    for (const st of sub.stake) mintAlpha(chain, i, hotkeys.get(st.hotkey)!, coldkeys.get(st.coldkey)!, st.alpha);
    if (sub.alphaOut > 0) {
      if (unlistedHotkey < 0) unlistedHotkey = chain.addHotkey(unlistedColdkey);
      mintAlpha(chain, i, unlistedHotkey, unlistedColdkey, sub.alphaOut);
    }
    for (const [setter, row] of Object.entries(sub.weights)) {
      const uid = sub.neurons.indexOf(setter);
      const w = new Float64Array(M);
      for (const [target, value] of Object.entries(row)) w[sub.neurons.indexOf(target)] = value;
      chain.weightRows[i]![uid] = w;
      chain.neurons.lastUpdate[base + uid] = chain.block;
    }
  }
  chain.rebuildList();
  const coldkeyNames: string[] = [];
  const hotkeyNames: string[] = [];
  for (const [n, c] of coldkeys) coldkeyNames[c] = n;
  for (const [n, h] of hotkeys) hotkeyNames[h] = n;
  return { coldkeys, hotkeys, coldkeyNames, hotkeyNames, unlistedColdkey };
}

function mintAlpha(chain: Chain, netuid: number, hotkey: number, coldkey: number, alpha: number): void {
  if (!(alpha > 0)) return;
  const book = chain.stakes;
  book.mint(book.ensure(hotkey, netuid), coldkey, alpha);
  chain.subnets.alphaOut[netuid]! += alpha;
  chain.alphaIssued[netuid]! += alpha;
}
