// The sweep's progress on stderr: a bar that redraws in place on a terminal (cli-progress), plain
// lines otherwise (CI logs, Slurm output files) — at most one every few seconds and
// only when a run finished, which cli-progress's own non-TTY mode does not promise.
import cliProgress from 'cli-progress';
import type { Progress } from '../experiments/run/progress.ts';

function formatEta(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A progress display on `stream` (stderr by default); `label` names the sweep. */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 5000): Progress {
  const tty = stream.isTTY === true;
  if (!tty) return plainLines(label, stream, plainEveryMs);
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} runs | {rate} runs/s | ETA {etaText}{failedText}`,
      barsize: 24,
      hideCursor: true,
      fps: 5,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let t0 = 0;
  let startDone = 0;
  let done = 0;
  let total = 0;
  let failed = 0;
  const payload = () => {
    const secs = (performance.now() - t0) / 1000;
    const rate = secs > 0 ? (done - startDone) / secs : 0;
    return {
      rate: rate >= 10 ? rate.toFixed(0) : rate.toFixed(2),
      etaText: rate > 0 ? formatEta((total - done) / rate) : '?',
      failedText: failed > 0 ? ` | ${failed} failed` : '',
    };
  };
  return {
    start(t, d) {
      t0 = performance.now();
      total = t;
      done = startDone = d;
      bar.start(t, d, payload());
    },
    tick(f) {
      done++;
      if (f) failed++;
      bar.update(done, payload());
    },
    stop() {
      bar.update(done, payload());
      bar.stop();
    },
  };
}

/** One plain line per `everyMs` at most (and the first and last): "label 12/40 runs (30%) | 1.9 runs/s | ETA 15s". */
function plainLines(label: string, stream: NodeJS.WritableStream, everyMs: number): Progress {
  let t0 = 0;
  let last = 0;
  let startDone = 0;
  let done = 0;
  let total = 0;
  let failed = 0;
  const line = () => {
    const secs = (performance.now() - t0) / 1000;
    const rate = secs > 0 ? (done - startDone) / secs : 0;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    stream.write(
      `${label} ${done}/${total} runs (${pct}%) | ${rate >= 10 ? rate.toFixed(0) : rate.toFixed(2)} runs/s | ETA ${rate > 0 ? formatEta((total - done) / rate) : '?'}` +
        `${failed > 0 ? ` | ${failed} failed` : ''}\n`,
    );
    last = performance.now();
  };
  return {
    start(t, d) {
      t0 = last = performance.now();
      total = t;
      done = startDone = d;
      stream.write(`${label} ${done}/${total} runs\n`);
    },
    tick(f) {
      done++;
      if (f) failed++;
      if (done === total || performance.now() - last >= everyMs) line();
    },
    stop() {
      if (performance.now() - last > 0 && done !== total) line();
    },
  };
}
