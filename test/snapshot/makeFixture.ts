// Writes test/snapshot/fixtures/rpc.json: the JSON-RPC responses a subtensor node would give for a small
// hand-made state (`STATE` below), encoded by hand from the storage layout in opentensor/subtensor
// pallets/subtensor/src/lib.rs (hashers, SCALE types, fixed-point formats). The snapshot test reads the
// fixture through a mock provider and checks the genesis against STATE.
//   npx tsx test/snapshot/makeFixture.ts
import { writeFileSync } from 'node:fs';
import { blake2AsU8a, cryptoWaitReady, encodeAddress, xxhashAsU8a } from '@polkadot/util-crypto';

/** Accounts: 32 bytes each, a repeated byte (readable in the fixture). */
export const acct = (b: number) => new Uint8Array(32).fill(b);
export const A = { alice: acct(0xa1), bob: acct(0xb0), owner1: acct(0x01), owner2: acct(0x02), v1: acct(0x11), v2: acct(0x12), m1: acct(0x21), m2: acct(0x22), o1: acct(0x31), o2: acct(0x32) };

/** The chain state the fixture holds (amounts in TAO/alpha; rao on chain). */
export const STATE = {
  block: 5_000_123,
  totalIssuance: 9_000_000,
  taoWeight: 0.18,
  free: { alice: 1000, bob: 250.5, owner1: 10, owner2: 0 },
  owner: { v1: 'alice', v2: 'bob', m1: 'owner1', m2: 'owner2', o1: 'owner1', o2: 'owner2' },
  take: { v1: 0.18, v2: 0.09 },
  subnets: [
    { netuid: 1, owner: 'owner1', ownerHotkey: 'o1', taoIn: 1200.5, alphaIn: 30_000, alphaOut: 52_000, movingPrice: 0.041, flowEma: 12.25, tempo: 360, registeredAt: 4_000_000, uids: ['o1', 'v1', 'm1'], weights: { v1: [[2, 65535]] } as Record<string, Array<[number, number]>> },
    { netuid: 2, owner: 'owner2', ownerHotkey: 'o2', taoIn: 80, alphaIn: 4000, alphaOut: 9000, movingPrice: 0.02, flowEma: -3.5, tempo: 720, registeredAt: 4_500_000, uids: ['o2', 'v2', 'm2', 'v1'], weights: { v2: [[2, 65535], [3, 32768]] } as Record<string, Array<[number, number]>> },
  ],
  // (hot, cold, netuid, shares) and each hotkey pool's (total alpha, total shares); netuid 0 is root (TAO).
  alpha: [
    ['v1', 'alice', 0, 300], ['v1', 'bob', 0, 100], ['v2', 'bob', 0, 50],
    ['v1', 'alice', 1, 10], ['v1', 'bob', 1, 30], ['v2', 'bob', 2, 7], ['v1', 'alice', 2, 1],
  ] as Array<[string, string, number, number]>,
  pools: { 'v1/0': [8000, 400], 'v2/0': [1000, 50], 'v1/1': [20_000, 40], 'v2/2': [700, 7], 'v1/2': [50, 1] } as Record<string, [number, number]>,
  // AlphaV2 (SafeFloat shares) for one entry, as after the chain's lazy migration: v2/bob/2 above moves there.
  migrated: 'v2/bob/2',
};

const le = (v: bigint, bytes: number) => {
  const out = new Uint8Array(bytes);
  let x = v < 0n ? (1n << BigInt(8 * bytes)) + v : v;
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
};
const cat = (...p: Uint8Array[]) => Uint8Array.from(p.flatMap((x) => [...x]));
const hx = (u: Uint8Array) => '0x' + Buffer.from(u).toString('hex');
const rao = (v: number) => le(BigInt(Math.round(v * 1e9)), 8);
const fixed = (v: number, frac: number) => le(BigInt(Math.round(v * 2 ** 20)) * 2n ** BigInt(frac - 20), 16);

async function main() {
  await cryptoWaitReady();
  const prefix = (item: string, pallet = 'SubtensorModule') => cat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128));
  const b2c = (k: Uint8Array) => cat(blake2AsU8a(k, 128), k);
  const net = (n: number) => le(BigInt(n), 2);
  const acc = (name: string) => A[name as keyof typeof A];
  const storage: Record<string, string> = {};
  const put = (key: Uint8Array, value: Uint8Array) => (storage[hx(key)] = hx(value));

  put(prefix('TotalIssuance'), rao(STATE.totalIssuance));
  put(prefix('TaoWeight'), le(BigInt(Math.round(STATE.taoWeight * 1e6)) * (2n ** 64n - 1n) / 1_000_000n, 8));
  for (const [name, free] of Object.entries(STATE.free)) {
    // AccountInfo { nonce, consumers, providers, sufficients: u32; data: { free, reserved, frozen: u64; flags: u128 } }
    put(cat(prefix('Account', 'System'), b2c(acc(name))), cat(le(0n, 16), rao(free), rao(0), rao(0), le(0n, 16)));
  }
  for (const [hot, cold] of Object.entries(STATE.owner)) put(cat(prefix('Owner'), b2c(acc(hot))), acc(cold));
  for (const [hot, take] of Object.entries(STATE.take)) put(cat(prefix('Delegates'), b2c(acc(hot))), le(BigInt(Math.round(take * 65535)), 2));
  put(cat(prefix('NetworksAdded'), net(0)), Uint8Array.of(1));
  for (const s of STATE.subnets) {
    put(cat(prefix('NetworksAdded'), net(s.netuid)), Uint8Array.of(1));
    put(cat(prefix('SubnetTAO'), net(s.netuid)), rao(s.taoIn));
    put(cat(prefix('SubnetAlphaIn'), net(s.netuid)), rao(s.alphaIn));
    put(cat(prefix('SubnetAlphaOut'), net(s.netuid)), rao(s.alphaOut));
    put(cat(prefix('SubnetMovingPrice'), net(s.netuid)), fixed(s.movingPrice, 32));
    put(cat(prefix('SubnetEmaTaoFlow'), net(s.netuid)), cat(le(BigInt(STATE.block - 1), 8), fixed(s.flowEma * 1e9, 64)));
    put(cat(prefix('Tempo'), net(s.netuid)), le(BigInt(s.tempo), 2));
    put(cat(prefix('NetworkRegisteredAt'), net(s.netuid)), le(BigInt(s.registeredAt), 8));
    put(cat(prefix('SubnetOwner'), net(s.netuid)), acc(s.owner));
    put(cat(prefix('SubnetOwnerHotkey'), net(s.netuid)), acc(s.ownerHotkey));
    put(cat(prefix('SubnetworkN'), net(s.netuid)), le(BigInt(s.uids.length), 2));
    s.uids.forEach((hk, uid) => put(cat(prefix('Keys'), net(s.netuid), net(uid)), acc(hk)));
    for (const [hk, row] of Object.entries(s.weights)) {
      const uid = s.uids.indexOf(hk);
      put(cat(prefix('Weights'), net(s.netuid), net(uid)), cat(Uint8Array.of(row.length << 2), ...row.flatMap(([t, w]) => [le(BigInt(t), 2), le(BigInt(w), 2)])));
    }
  }
  for (const [key, [alpha, shares]] of Object.entries(STATE.pools)) {
    const [hot, n] = key.split('/');
    put(cat(prefix('TotalHotkeyAlpha'), b2c(acc(hot!)), net(Number(n))), rao(alpha));
    put(cat(prefix('TotalHotkeyShares'), b2c(acc(hot!)), net(Number(n))), fixed(shares, 64));
  }
  for (const [hot, cold, n, shares] of STATE.alpha) {
    const key = (item: string) => cat(prefix(item), b2c(acc(hot)), b2c(acc(cold)), net(n));
    if (`${hot}/${cold}/${n}` === STATE.migrated) put(key('AlphaV2'), cat(le(BigInt(shares) * 10n ** 18n, 16), le(-18n, 8))); // SafeFloat: shares·10^18 × 10^−18
    else put(key('Alpha'), fixed(shares, 64));
  }
  const hash = '0x' + 'ab'.repeat(32);
  writeFileSync(new URL('./fixtures/rpc.json', import.meta.url), JSON.stringify({
    about: 'Hand-built JSON-RPC responses of a subtensor node for test/snapshot (see makeFixture.ts)',
    blockHash: hash, header: { number: '0x' + STATE.block.toString(16) }, finalizedHead: hash, blockNumber: STATE.block,
    names: Object.fromEntries(Object.entries(A).map(([k, v]) => [k, encodeAddress(v, 42)])),
    storage: Object.fromEntries(Object.entries(storage).sort(([a], [b]) => (a < b ? -1 : 1))),
  }, null, 1) + '\n');
}
if (import.meta.url === `file://${process.argv[1]}`) await main();
