// Concentration of emission over time for the report: the share of emission going to the largest 1, 5 and
// 10 subnets at each sample (whichever subnets they are then), across a point's replications. It replaces
// a stack of "top subnets + rest", where a 75% "rest" hid how concentrated emission was.
import type { ColumnTable } from 'arquero';
import { BLOCKS_PER_DAY, describe, thinBlocks } from './aggregate.ts';

export interface TopShareStat {
  point: number;
  block: number;
  day: number;
  /** Emission share of the k largest subnets at that sample (k = 1, 5, 10). */
  k: number;
  mean: number;
  q05: number;
  q95: number;
  n: number;
  /** Subnets existing at that sample (mean over replications): k/subnets is the equal-split share. */
  subnets: number;
}
export const TOP_K = [1, 5, 10] as const;

/**
 * Concentration of emission over time: the share of emission going to the top 1, 5 and 10 subnets
 * at each sample (whichever subnets they are then), mean and 5–95% range across replications.
 */
export function aggregateTopShares(point: number, tables: ColumnTable[]): TopShareStat[] {
  const per = new Map<number, { k: number[][]; n: number[] }>(); // block → per k, one value per replication
  for (const t of tables) {
    const names = t.columnNames();
    if (!names.includes('block') || !names.includes('emissionShare')) continue;
    const block = t.array('block') as ArrayLike<number>;
    const share = t.array('emissionShare') as ArrayLike<number>;
    const byBlock = new Map<number, number[]>();
    for (let i = 0; i < block.length; i++) {
      if (!Number.isFinite(share[i])) continue;
      (byBlock.get(block[i]) ?? byBlock.set(block[i], []).get(block[i])!).push(share[i]);
    }
    for (const [b, list] of byBlock) {
      list.sort((x, y) => y - x);
      const total = list.reduce((a, v) => a + v, 0);
      const e = per.get(b) ?? per.set(b, { k: TOP_K.map(() => []), n: [] }).get(b)!;
      e.n.push(list.length);
      TOP_K.forEach((k, j) => e.k[j].push(total > 0 ? list.slice(0, k).reduce((a, v) => a + v, 0) / total : NaN));
    }
  }
  const keep = thinBlocks([...per.keys()]);
  const out: TopShareStat[] = [];
  for (const b of [...per.keys()].sort((x, y) => x - y)) {
    if (!keep.has(b)) continue;
    const e = per.get(b)!;
    TOP_K.forEach((k, j) => {
      const st = describe(e.k[j]);
      out.push({ point, block: b, day: b / BLOCKS_PER_DAY, k, mean: st.mean, q05: st.q05, q95: st.q95, n: st.n, subnets: e.n.reduce((a, v) => a + v, 0) / e.n.length });
    });
  }
  return out;
}
