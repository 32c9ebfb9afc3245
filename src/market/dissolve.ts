// Dissolving a subnet (dissolve_network, docs/chain-rules.md §8.2): what registering beyond the subnet limit does
// to the pruned subnet. A chain state transition, not an action an agent can ask for; registerSubnet (actions.ts)
// calls it.
import type { Chain } from './chain.ts';

const holders: Array<[number, number]> = [];

/**
 * Dissolve a subnet (dissolve_network): its pool TAO is paid to the alpha holders pro rata to their stake value,
 * pending emission and protocol alpha are dropped, the netuid is freed for reuse.
 * Pending root TAO (root dividends the launch rules already sold for pool TAO, paid at the next epoch) joins
 * the pot: on chain, remove_network (coinbase/root.rs) drops the pending root alpha unsold, so its TAO is
 * still in SubnetTAO when destroy_alpha_in_out_stakes (staking/remove_stake.rs) pays that pot to the alpha
 * holders. (The launch chain's remove_network left PendingRootDivs in storage for a later subnet on the same
 * netuid to pay out; the lab does not carry it over.)
 */
export function dissolveSubnet(c: Chain, netuid: number): void {
  const s = c.subnets;
  const book = c.stakes;
  let totalAlpha = 0;
  for (let p = 0; p < book.nPositions; p++) if (book.posNetuid[p] === netuid) totalAlpha += book.posAlpha[p]!;
  const tao = s.taoIn[netuid]! + s.pendingRootTao[netuid]!;
  let paid = 0;
  for (let p = 0; p < book.nPositions; p++) {
    if (book.posNetuid[p] !== netuid) continue;
    book.holdersOf(p, holders);
    for (const [ck, sh] of holders) {
      const value = (sh / book.posShares[p]!) * book.posAlpha[p]!;
      const t = totalAlpha > 0 ? (tao * value) / totalAlpha : 0;
      c.balances[ck]! += t;
      paid += t;
    }
    book.clear(p);
  }
  c.recycled += tao - paid; // unowned remainder (pending, protocol alpha's share) is recycled
  c.alphaBurned[netuid]! += s.alphaIn[netuid]! + s.alphaOut[netuid]!;
  const M = c.maxUids;
  for (let u = 0; u < s.nUids[netuid]!; u++) {
    const hk = c.neurons.hotkey[netuid * M + u]!;
    if (hk >= 0) c.uidIndex.delete(hk * c.maxNetuid + netuid);
    c.neurons.hotkey[netuid * M + u] = -1;
    c.neurons.permit[netuid * M + u] = 0;
    c.weightRows[netuid]![u] = null;
    c.bondRows[netuid]![u] = null;
  }
  for (const key of Object.keys(s) as Array<keyof typeof s>) {
    (s[key] as Float64Array)[netuid] = key === 'owner' || key === 'ownerHotkey' ? -1 : 0;
  }
  c.flowThisBlock[netuid] = 0;
  c.rootClaimable.fill(0, netuid * M, (netuid + 1) * M); // outstanding root alpha is burned with the subnet
  c.rebuildList();
}
