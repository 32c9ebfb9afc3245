// A real browser opens the report from disk with the network off: headless Chromium from Debian
// (.ci/run installs it when absent). Console messages come through --enable-logging=stderr as
// `INFO:CONSOLE` lines whatever their level, and the report logs nothing when all is well, so any
// console line counts as an error. A JavaScript dialog (alert) blocks headless Chromium, so the DOM
// is never dumped and the render marker check fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { esc } from '../../src/experiments/report/html.ts';
import { writeReport } from '../../src/experiments/report/index.ts';
import { HOSTILE, writeFixture, removeFixtures } from './report-fixture.ts';

afterAll(removeFixtures);

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? 'chromium';

function openInChromium(file: string): { dom: string; console: string[]; status: number | null } {
  const profile = mkdtempSync(join(tmpdir(), 'dtao-chromium-'));
  try {
    const r = spawnSync(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, '--host-resolver-rules=MAP * ~NOTFOUND',
      '--virtual-time-budget=15000', '--enable-logging=stderr', '--v=0',
      '--dump-dom', pathToFileURL(file).href,
    ], { encoding: 'utf8', timeout: 45_000, maxBuffer: 64 * 1024 * 1024 });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`Chromium not found (${CHROMIUM}): apt-get install -y chromium`);
    }
    const console = (r.stderr ?? '').split('\n').filter((l) => /:CONSOLE[:(]/.test(l));
    return { dom: r.stdout ?? '', console, status: r.status };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

describe('report in headless Chromium, offline', () => {
  it('the harness sees console errors and blocked inline handlers (so the checks below can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtao-harness-'));
    const page = join(dir, 'bad.html');
    writeFileSync(page, `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>
<body><img src=x onerror="console.log(1)"><p id="x">static</p></body></html>`);
    const r = openInChromium(page);
    rmSync(dir, { recursive: true, force: true });
    expect(r.dom).toContain('id="x"');
    expect(r.console.join('\n')).toMatch(/Content Security Policy/);
  });

  it('renders every chart, sets the "all charts rendered" marker, logs nothing, runs no injected markup', async () => {
    const dir = writeFixture({ hostile: true });
    const report = await writeReport(dir);
    const { dom, console, status } = openInChromium(report);
    expect(status).toBe(0);
    expect(console).toEqual([]);
    expect(dom).toContain('data-charts="all-rendered"');
    expect(dom).toMatch(/id="render-status"[^>]*>all charts rendered \(10\)/);
    const charts = dom.split('<div class="chart"').slice(1).map((c) => c.slice(0, c.indexOf('<p class="caption"')));
    expect(charts).toHaveLength(10);
    for (const c of charts) {
      const id = /data-chart="([^"]*)"/.exec(c)?.[1];
      expect(c, id).toContain('data-rendered="true"');
      expect(c, id).toMatch(/<svg[^>]*class="marks"/);
      expect(c.match(/class="mark-(line|area|rect|rule|symbol)/g)?.length ?? 0, id).toBeGreaterThan(0);
    }
    // The hostile text is shown as text, never parsed into elements.
    expect(dom).not.toMatch(/<img/i);
    expect(dom).toContain(esc(HOSTILE).replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
    expect(dom.match(/<script/g)).toHaveLength(4);
  });
});
