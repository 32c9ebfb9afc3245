import { describe as group, expect, it } from 'vitest';
import { seriesCsv, seriesCsvName } from '../../src/experiments/results/seriesCsv.ts';

group('series as long-format CSV', () => {
  it('one row per (sample, id, metric); NaN empty; strings quoted when needed; lossless numbers', () => {
    const csv = seriesCsv({
      block: Float64Array.of(0, 7200), family: Float64Array.of(1, 1), roi: Float64Array.of(0.1 + 0.2, NaN), wealth: Float64Array.of(5, 6),
      run: Int32Array.of(3, 3), point: Int32Array.of(1, 1), replication: Int32Array.of(0, 0), familyName: ['a,"b"', 'a,"b"'],
    });
    expect(csv.split('\n')).toEqual([
      'run,point,replication,block,family,familyName,metric,value',
      '3,1,0,0,1,"a,""b""",roi,0.30000000000000004',
      '3,1,0,0,1,"a,""b""",wealth,5',
      '3,1,0,7200,1,"a,""b""",roi,',
      '3,1,0,7200,1,"a,""b""",wealth,6',
      '',
    ]);
    expect(seriesCsvName(42)).toBe('000042.csv');
  });
});
