// `dtao-lab snapshot`: the live chain's state at one block, read over JSON-RPC, written as a genesis in
// the replay format (docs/replay-format.md) so a replay or a sweep (world `genesis: FILE`) starts from
// the real network. What it reads, by subtensor storage item (./storage.ts for the layout):
//   pools         SubnetTAO, SubnetAlphaIn, SubnetAlphaOut (per netuid in NetworksAdded)
//   prices, flows SubnetMovingPrice, SubnetEmaTaoFlow;   tempos Tempo;   registration NetworkRegisteredAt
//   owners        SubnetOwner, SubnetOwnerHotkey, Owner (hotkey → coldkey);   takes Delegates
//   neurons       Keys (netuid, uid) → hotkey;   weights Weights (netuid, uid) → [(uid, u16)]
//   stakes        Alpha / AlphaV2 shares with TotalHotkeyAlpha and TotalHotkeyShares / V2 (root is netuid 0)
//   issuance      TotalIssuance, TaoWeight;   free balances System.Account
// Simplifications (said in the README too): childkeys, locks, pending emission, bonds and sub-mechanism
// weights (Weights at storage index ≥ 4096) are not read; weights are the chain's u16 values / 65535.
// The lab runs every subnet at one tempo (docs/replay-format.md): when the chain's tempos differ, the file
// gives the most common one as `rules.tempo`, no per-subnet tempo, and the chain's tempos under `source.tempos`.
import { accountFree, accountKey, balance, bytes, hex, i64f64, i96f32, itemPrefix, parseHotColdNetuid, parseNetuid, parseNetuidUid, RAO, safeFloat, u16, u64, u64f64, weightRow, type Hashers } from './storage.ts';

/** The JSON-RPC calls the snapshot makes (a @polkadot/api provider, or a recorded fixture). */
export interface Rpc {
  send<T = unknown>(method: string, params: unknown[]): Promise<T>;
}

export interface SnapshotOptions {
  /** Block number to read at (default: the finalized head). */
  at?: number;
  ruleSet: string;
  endpoint?: string;
  /** AccountId32 → name (default SS58 with Bittensor's prefix 42). */
  name: (account: Uint8Array) => string;
  hashers: Hashers;
  /** Keys per state_getKeysPaged page and per state_queryStorageAt call. */
  pageSize?: number;
}

type Stake = { coldkey: string; hotkey: string; alpha: number };

export async function snapshot(rpc: Rpc, o: SnapshotOptions) {
  const h = o.hashers;
  const page = o.pageSize ?? 1000;
  const hash = o.at !== undefined ? await rpc.send<string | null>('chain_getBlockHash', [o.at]) : await rpc.send<string>('chain_getFinalizedHead', []);
  if (!hash) throw new Error(`--at ${o.at}: the node has no block with that number`);
  const header = await rpc.send<{ number: string | number }>('chain_getHeader', [hash]);
  const block = Number(header.number);

  const values = async (keys: string[]): Promise<Map<string, Uint8Array>> => {
    const out = new Map<string, Uint8Array>();
    for (let i = 0; i < keys.length; i += page) {
      const sets = await rpc.send<Array<{ changes: Array<[string, string | null]> }>>('state_queryStorageAt', [keys.slice(i, i + page), hash]);
      for (const set of sets) for (const [k, v] of set.changes) if (v !== null) out.set(k, bytes(v));
    }
    return out;
  };
  const entries = async (item: string, pallet?: string): Promise<Array<[Uint8Array, Uint8Array]>> => {
    const prefix = hex(itemPrefix(h, item, pallet));
    const keys: string[] = [];
    for (let start: string | null = null; ;) {
      const got: string[] = await rpc.send<string[]>('state_getKeysPaged', [prefix, page, start ?? prefix, hash]);
      keys.push(...got);
      if (got.length < page) break;
      start = got[got.length - 1]!;
    }
    const vals = await values(keys);
    return keys.filter((k) => vals.has(k)).map((k) => [bytes(k), vals.get(k)!]);
  };
  const byNetuid = async (item: string, decode: (v: Uint8Array) => number) => new Map((await entries(item)).map(([k, v]) => [parseNetuid(k), decode(v)]));
  const accountsByNetuid = async (item: string) => new Map((await entries(item)).map(([k, v]) => [parseNetuid(k), v.slice(0, 32)]));
  const single = async (item: string) => (await values([hex(itemPrefix(h, item))])).get(hex(itemPrefix(h, item)));

  const netuids = [...(await byNetuid('NetworksAdded', (v) => v[0]!)).entries()].filter(([n, on]) => n !== 0 && on === 1).map(([n]) => n).sort((a, b) => a - b);
  const [taoIn, alphaIn, alphaOut, movingPrice, tempo, registeredAt] = await Promise.all([
    byNetuid('SubnetTAO', balance), byNetuid('SubnetAlphaIn', balance), byNetuid('SubnetAlphaOut', balance),
    byNetuid('SubnetMovingPrice', i96f32), byNetuid('Tempo', u16), byNetuid('NetworkRegisteredAt', (v) => Number(u64(v))),
  ]);
  const flowEma = await byNetuid('SubnetEmaTaoFlow', (v) => i64f64(v, 8) / RAO); // (last block u64, EMA I64F64 in rao)
  const owner = await accountsByNetuid('SubnetOwner');
  const ownerHotkey = await accountsByNetuid('SubnetOwnerHotkey');
  const uidKeys = (await entries('Keys')).map(([k, v]) => [...parseNetuidUid(k), v.slice(0, 32)] as const);
  const weightRows = (await entries('Weights')).map(([k, v]) => [...parseNetuidUid(k), weightRow(v)] as const);

  // Stake: shares of (hot, cold, netuid) in the hotkey's pool on that netuid (Alpha, or AlphaV2 when migrated).
  const key2 = (hot: Uint8Array, netuid: number) => `${hex(hot)}/${netuid}`;
  const hotAlpha = new Map((await entries('TotalHotkeyAlpha')).map(([k, v]) => [key2(k.slice(48, 80), k[80]! | (k[81]! << 8)), balance(v)]));
  const hotShares = new Map((await entries('TotalHotkeyShares')).map(([k, v]) => [key2(k.slice(48, 80), k[80]! | (k[81]! << 8)), u64f64(v)]));
  for (const [k, v] of await entries('TotalHotkeySharesV2')) hotShares.set(key2(k.slice(48, 80), k[80]! | (k[81]! << 8)), safeFloat(v));
  const shares = new Map<string, { hot: Uint8Array; cold: Uint8Array; netuid: number; shares: number }>();
  for (const [item, decode] of [['Alpha', u64f64], ['AlphaV2', safeFloat]] as const) {
    for (const [k, v] of await entries(item)) {
      const { hot, cold, netuid } = parseHotColdNetuid(k);
      shares.set(`${hex(hot)}/${hex(cold)}/${netuid}`, { hot, cold, netuid, shares: decode(v) });
    }
  }

  // Names: every hotkey (neurons, subnet owner hotkeys, stakers' hotkeys) with its owner coldkey.
  const hotkeys = new Map<string, Uint8Array>();
  for (const [, , hk] of uidKeys) hotkeys.set(hex(hk), hk);
  for (const hk of ownerHotkey.values()) hotkeys.set(hex(hk), hk);
  for (const s of shares.values()) hotkeys.set(hex(s.hot), s.hot);
  const hotList = [...hotkeys.values()];
  const ownerVals = await values(hotList.map((hk) => accountKey(h, 'Owner', hk)));
  const takeVals = await values(hotList.map((hk) => accountKey(h, 'Delegates', hk)));
  const coldkeys = new Map<string, Uint8Array>();
  const hotOut: Record<string, { coldkey: string; take?: number }> = {};
  for (const hk of hotList) {
    const cold = ownerVals.get(accountKey(h, 'Owner', hk))?.slice(0, 32) ?? new Uint8Array(32);
    coldkeys.set(hex(cold), cold);
    const take = takeVals.get(accountKey(h, 'Delegates', hk));
    hotOut[o.name(hk)] = { coldkey: o.name(cold), ...(take ? { take: u16(take) / 65535 } : {}) };
  }
  for (const c of owner.values()) coldkeys.set(hex(c), c);
  for (const s of shares.values()) coldkeys.set(hex(s.cold), s.cold);
  const coldList = [...coldkeys.values()];
  const freeVals = await values(coldList.map((c) => accountKey(h, 'Account', c, 'System')));
  const coldOut: Record<string, number> = {};
  for (const c of coldList) coldOut[o.name(c)] = accountFree(freeVals.get(accountKey(h, 'Account', c, 'System')) ?? new Uint8Array(48));

  const root: Array<{ coldkey: string; hotkey: string; tao: number }> = [];
  const stakeBy = new Map<number, Stake[]>();
  for (const s of [...shares.values()].sort((a, b) => a.netuid - b.netuid || hex(a.hot).localeCompare(hex(b.hot)) || hex(a.cold).localeCompare(hex(b.cold)))) {
    const total = hotShares.get(key2(s.hot, s.netuid)) ?? 0;
    const amount = total > 0 ? (s.shares / total) * (hotAlpha.get(key2(s.hot, s.netuid)) ?? 0) : 0;
    if (!(amount > 0)) continue;
    const entry = { coldkey: o.name(s.cold), hotkey: o.name(s.hot) };
    if (s.netuid === 0) root.push({ ...entry, tao: amount });
    else if (netuids.includes(s.netuid)) {
      if (!stakeBy.has(s.netuid)) stakeBy.set(s.netuid, []);
      stakeBy.get(s.netuid)!.push({ ...entry, alpha: amount });
    }
  }

  const subnets = netuids.map((netuid) => {
    const neurons = uidKeys.filter(([n]) => n === netuid).sort((a, b) => a[1] - b[1]);
    const nameOfUid = new Map(neurons.map(([, uid, hk]) => [uid, o.name(hk)]));
    const weights: Record<string, Record<string, number>> = {};
    for (const [n, uid, row] of weightRows) {
      const from = nameOfUid.get(uid);
      if (n !== netuid || !from || row.length === 0) continue;
      weights[from] = Object.fromEntries(row.filter(([to]) => nameOfUid.has(to)).map(([to, w]) => [nameOfUid.get(to)!, w / 65535]));
    }
    const stake = stakeBy.get(netuid) ?? [];
    const listed = stake.reduce((sum, s) => sum + s.alpha, 0);
    return {
      netuid,
      owner: o.name(owner.get(netuid) ?? new Uint8Array(32)),
      ownerHotkey: o.name(ownerHotkey.get(netuid) ?? new Uint8Array(32)),
      taoIn: taoIn.get(netuid) ?? 0,
      alphaIn: alphaIn.get(netuid) ?? 0,
      alphaOut: Math.max(0, (alphaOut.get(netuid) ?? 0) - listed),
      movingPrice: movingPrice.get(netuid) ?? 0,
      flowEma: flowEma.get(netuid) ?? 0,
      ...(tempo.has(netuid) ? { tempo: tempo.get(netuid)! } : {}),
      registeredAt: registeredAt.get(netuid) ?? 0,
      neurons: neurons.map(([, , hk]) => o.name(hk)),
      stake,
      weights,
    };
  });
  for (const s of subnets) {
    if (!(s.ownerHotkey in hotOut)) hotOut[s.ownerHotkey] = { coldkey: s.owner };
    if (!(s.owner in coldOut)) coldOut[s.owner] = 0;
  }

  const tempos = oneTempo(subnets);

  const totalIssuance = balance((await single('TotalIssuance')) ?? new Uint8Array(8));
  const taoWeightRaw = await single('TaoWeight');
  const created = Object.values(coldOut).reduce((a, b) => a + b, 0) + root.reduce((a, r) => a + r.tao, 0) + subnets.reduce((a, s) => a + s.taoIn, 0);
  return {
    ruleSet: o.ruleSet,
    ...(taoWeightRaw || tempos ? { rules: { ...(taoWeightRaw ? { taoWeight: Number(u64(taoWeightRaw)) / 2 ** 64 } : {}), ...(tempos ? { tempo: tempos.tempo } : {}) } } : {}),
    block,
    issued: Math.max(0, totalIssuance - created),
    source: { generatedBy: 'dtao-lab snapshot', ...(o.endpoint ? { endpoint: o.endpoint } : {}), block, blockHash: hash, totalIssuance, ...(tempos ? { tempos: tempos.byNetuid } : {}) },
    genesis: { coldkeys: coldOut, hotkeys: hotOut, root, subnets },
  };
}

/**
 * Where the subnets' tempos differ: drop them from the subnets (the lab runs one tempo) and return the most
 * common one (the lowest on a tie) with the chain's tempo of each netuid. Undefined when they agree.
 */
function oneTempo(subnets: Array<{ netuid: number; tempo?: number }>): { tempo: number; byNetuid: Record<string, number> } | undefined {
  const count = new Map<number, number>();
  for (const s of subnets) if (s.tempo !== undefined) count.set(s.tempo, (count.get(s.tempo) ?? 0) + 1);
  if (count.size <= 1) return undefined;
  const tempo = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  const byNetuid: Record<string, number> = {};
  for (const s of subnets) {
    if (s.tempo !== undefined) byNetuid[String(s.netuid)] = s.tempo;
    delete s.tempo;
  }
  return { tempo, byNetuid };
}
