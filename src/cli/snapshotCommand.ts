// `dtao-lab snapshot --endpoint URL [--at BLOCK] --out FILE`: connects with @polkadot/api's provider
// (wss://, ws://, https://, http://), reads the state (../snapshot/snapshot.ts) and writes the genesis file.
// @polkadot/api and @polkadot/util-crypto are optional peer dependencies (installed with the
// repository's devDependencies): without them this command says what to install.
import { writeFileSync, renameSync } from 'node:fs';
import { snapshot, type Rpc } from '../snapshot/snapshot.ts';
import type { Hashers } from '../snapshot/storage.ts';

export interface SnapshotArgs {
  endpoint: string;
  at?: number;
  out: string;
  ruleSet?: string;
}

const err = (line: string) => process.stderr.write(`dtao-lab: ${line}\n`);

/** The hashing and SS58 naming the snapshot needs, from @polkadot/util-crypto. */
export async function polkadotCrypto(): Promise<{ hashers: Hashers; name: (a: Uint8Array) => string }> {
  const c = await import('@polkadot/util-crypto');
  await c.cryptoWaitReady();
  return {
    hashers: { twox128: (s) => c.xxhashAsU8a(s, 128), blake2_128: (b) => c.blake2AsU8a(b, 128) },
    name: (a) => c.encodeAddress(a, 42),
  };
}

export async function snapshotCommand(a: SnapshotArgs, provider?: Rpc & { disconnect?(): Promise<void> }): Promise<number> {
  if (!/^(wss?|https?):\/\//.test(a.endpoint)) {
    err(`--endpoint: expected a ws://, wss://, http:// or https:// URL of a subtensor node, got ${a.endpoint}`);
    return 2;
  }
  if (a.at !== undefined && (!Number.isInteger(a.at) || a.at < 0)) {
    err(`--at: expected a block number (a non-negative integer), got ${a.at}`);
    return 2;
  }
  let crypto;
  let rpc = provider;
  try {
    crypto = await polkadotCrypto();
    if (!rpc) {
      const api = await import('@polkadot/api');
      const p = a.endpoint.startsWith('http') ? new api.HttpProvider(a.endpoint) : new api.WsProvider(a.endpoint, 2500, {}, 60_000);
      if ('isReady' in p) await p.isReady;
      rpc = p as unknown as Rpc & { disconnect(): Promise<void> };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      err('snapshot needs @polkadot/api and @polkadot/util-crypto: npm install @polkadot/api@16.5.6 @polkadot/util-crypto@14.0.3');
      return 2;
    }
    throw e;
  }
  try {
    const genesis = await snapshot(rpc, { ...(a.at !== undefined ? { at: a.at } : {}), ruleSet: a.ruleSet ?? 'current-2026-06', endpoint: a.endpoint, ...crypto });
    const tmp = `${a.out}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(genesis, null, 2) + '\n');
    renameSync(tmp, a.out);
    const g = genesis.genesis;
    process.stdout.write(
      `block ${genesis.block}: ${g.subnets.length} subnets, ${Object.keys(g.hotkeys).length} hotkeys, ${Object.keys(g.coldkeys).length} coldkeys, ` +
        `${g.root.length} root stakes, ${g.subnets.reduce((n, s) => n + s.stake.length, 0)} alpha stakes → ${a.out}\n`,
    );
    return 0;
  } catch (e) {
    err(`snapshot of ${a.endpoint} failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await rpc?.disconnect?.().catch(() => {});
  }
}
