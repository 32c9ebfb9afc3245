// Issue 14 item 3: a misspelled option or command exits 2 before anything runs (no results folder).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, cli, fakeSpec, tmp, writeSpec } from './helpers.ts';

afterAll(cleanup);

describe('strict command line', () => {
  const cases: [string, string[], RegExp][] = [
    ['--shrad 1/2', ['--shrad', '1/2'], /shrad/],
    ['--wrokers 2', ['--wrokers', '2'], /wrokers/],
    ['--resum', ['--resum'], /resum/],
  ];
  for (const [name, extra, named] of cases) {
    it(`run ${name} exits 2 naming the option, and runs nothing`, () => {
      const d = tmp();
      const spec = writeSpec(d, fakeSpec(2));
      const out = join(d, 'out');
      const r = cli(['run', spec, '--out', out, '--no-progress', '--no-report', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(named);
      expect(r.stderr).toMatch(/unknown/i);
      expect(existsSync(out)).toBe(false);
    });
  }
  it('an unknown command exits 2 and lists the commands', () => {
    const r = cli(['rn', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rn/);
    expect(r.stderr).toMatch(/run/);
  });
});
