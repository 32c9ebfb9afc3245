// Subtensor's storage layout as the snapshot reads it: item names, key hashers and value types, from
// opentensor/subtensor pallets/subtensor/src/lib.rs (the `#[pallet::storage]` items of the
// SubtensorModule pallet) and frame_system's `Account` (pallet-balances' AccountData, u64 balances).
// Keys are built and values decoded here from that layout directly (xxhash/blake2 from
// @polkadot/util-crypto), so the snapshot needs the chain's JSON-RPC only, not its runtime metadata.
// Amounts: TaoBalance and AlphaBalance are u64 rao (1e9 per TAO/alpha); fixed-point types are
// I96F32 (moving price), I64F64/U64F64 (flow EMA, share counts), SafeFloat (mantissa u128 × 10^exponent i64).

export const PALLET = 'SubtensorModule';
export const RAO = 1e9;

/** Hashing primitives (from @polkadot/util-crypto, loaded by the caller). */
export interface Hashers {
  twox128(data: string): Uint8Array;
  blake2_128(data: Uint8Array): Uint8Array;
}

export const hex = (u: Uint8Array): string => '0x' + Buffer.from(u).toString('hex');
export const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** twox128(pallet) ++ twox128(item): the prefix of every key of a storage item (32 bytes). */
export function itemPrefix(h: Hashers, item: string, pallet = PALLET): Uint8Array {
  return concat(h.twox128(pallet), h.twox128(item));
}

/** Blake2_128Concat: blake2_128(key) ++ key. */
export const blake2Concat = (h: Hashers, key: Uint8Array): Uint8Array => concat(h.blake2_128(key), key);
/** A NetUid or UID (u16) under the Identity hasher: its two little-endian bytes. */
export const u16Key = (v: number): Uint8Array => Uint8Array.of(v & 0xff, v >> 8);

/** A key of a map keyed by netuid (Identity hasher). */
export function netuidKey(h: Hashers, item: string, netuid: number): string {
  return hex(concat(itemPrefix(h, item), u16Key(netuid)));
}
/** A key of a map keyed by account (Blake2_128Concat). */
export function accountKey(h: Hashers, item: string, account: Uint8Array, pallet = PALLET): string {
  return hex(concat(itemPrefix(h, item, pallet), blake2Concat(h, account)));
}
/** A key of a double map (account Blake2_128Concat, netuid Identity): TotalHotkeyAlpha, TotalHotkeyShares. */
export function accountNetuidKey(h: Hashers, item: string, account: Uint8Array, netuid: number): string {
  return hex(concat(itemPrefix(h, item), blake2Concat(h, account), u16Key(netuid)));
}

// ---- Key parsing (the part of a key after the 32-byte item prefix) ----------------------------------

/** Map keyed by netuid: the netuid. */
export const parseNetuid = (key: Uint8Array): number => key[32]! | (key[33]! << 8);
/** Double map (netuid, uid), both Identity: Keys, Weights. */
export const parseNetuidUid = (key: Uint8Array): [number, number] => [key[32]! | (key[33]! << 8), key[34]! | (key[35]! << 8)];
/** Alpha/AlphaV2: (hot Blake2_128Concat, cold Blake2_128Concat, netuid Identity). */
export function parseHotColdNetuid(key: Uint8Array): { hot: Uint8Array; cold: Uint8Array; netuid: number } {
  const hot = key.slice(48, 80);
  const cold = key.slice(96, 128);
  return { hot, cold, netuid: key[128]! | (key[129]! << 8) };
}

// ---- Value decoding (SCALE, little-endian) ----------------------------------------------------------

function uint(b: Uint8Array, off: number, len: number): bigint {
  let v = 0n;
  for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[off + i] ?? 0);
  return v;
}
function sint(b: Uint8Array, off: number, len: number): bigint {
  const v = uint(b, off, len);
  const bits = BigInt(len * 8);
  return v >= 1n << (bits - 1n) ? v - (1n << bits) : v;
}

export const u16 = (b: Uint8Array, off = 0): number => Number(uint(b, off, 2));
export const u64 = (b: Uint8Array, off = 0): bigint => uint(b, off, 8);
/** TaoBalance / AlphaBalance (u64 rao) in TAO or alpha. */
export const balance = (b: Uint8Array, off = 0): number => Number(uint(b, off, 8)) / RAO;
/** I96F32 (16 bytes, 32 fractional bits). */
export const i96f32 = (b: Uint8Array, off = 0): number => Number(sint(b, off, 16)) / 2 ** 32;
/** I64F64 / U64F64 (16 bytes, 64 fractional bits). */
export const i64f64 = (b: Uint8Array, off = 0): number => Number(sint(b, off, 16)) / 2 ** 64;
export const u64f64 = (b: Uint8Array, off = 0): number => Number(uint(b, off, 16)) / 2 ** 64;
/** SafeFloat { mantissa: u128, exponent: i64 }: mantissa × 10^exponent. */
export const safeFloat = (b: Uint8Array, off = 0): number => Number(uint(b, off, 16)) * 10 ** Number(sint(b, off + 16, 8));

/** SCALE compact integer: [value, bytes read]. */
export function compact(b: Uint8Array, off = 0): [number, number] {
  const mode = b[off]! & 3;
  if (mode === 0) return [b[off]! >> 2, 1];
  if (mode === 1) return [Number(uint(b, off, 2)) >> 2, 2];
  if (mode === 2) return [Number(uint(b, off, 4) >> 2n), 4];
  const len = (b[off]! >> 2) + 4;
  return [Number(uint(b, off + 1, len)), len + 1];
}

/** Vec<(u16, u16)>: Weights rows as [uid, weight] pairs. */
export function weightRow(b: Uint8Array): Array<[number, number]> {
  const [n, read] = compact(b);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) out.push([u16(b, read + 4 * i), u16(b, read + 4 * i + 2)]);
  return out;
}

/** frame_system AccountInfo { nonce u32, consumers u32, providers u32, sufficients u32, data: { free u64, ... } }. */
export const accountFree = (b: Uint8Array): number => balance(b, 16);
