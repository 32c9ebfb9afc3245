// Recorded RPC responses (fixtures/rpc.json, hand-built by makeFixture.ts) and a provider that answers
// from them as a subtensor node would: shared by the snapshot tests.
import { readFileSync } from 'node:fs';
import type { Rpc } from '../../src/snapshot/snapshot.ts';

export const fx = JSON.parse(readFileSync(new URL('./fixtures/rpc.json', import.meta.url), 'utf8')) as {
  blockHash: string; header: { number: string }; finalizedHead: string; blockNumber: number; names: Record<string, string>; storage: Record<string, string>;
};

/** Answers the calls a subtensor node answers, from the fixture; records them. */
export class MockProvider implements Rpc {
  calls: string[] = [];
  disconnected = false;
  async send<T>(method: string, params: unknown[]): Promise<T> {
    this.calls.push(method);
    const keys = Object.keys(fx.storage).sort();
    switch (method) {
      case 'chain_getBlockHash': return (params[0] === fx.blockNumber ? fx.blockHash : null) as T;
      case 'chain_getFinalizedHead': return fx.finalizedHead as T;
      case 'chain_getHeader': return (params[0] === fx.blockHash ? fx.header : null) as T;
      case 'state_getKeysPaged': {
        const [prefix, count, start, at] = params as [string, number, string, string];
        if (at !== fx.blockHash) throw new Error(`unknown block ${at}`);
        return keys.filter((k) => k.startsWith(prefix) && k > start).slice(0, count) as T;
      }
      case 'state_queryStorageAt': {
        const [want, at] = params as [string[], string];
        if (at !== fx.blockHash) throw new Error(`unknown block ${at}`);
        return [{ block: at, changes: want.map((k) => [k, fx.storage[k] ?? null]) }] as T;
      }
      default: throw new Error(`the fixture does not answer ${method}`);
    }
  }
  async disconnect() {
    this.disconnected = true;
  }
}
