// What the runner tells about a sweep's progress: the interface, and the silent one. The display on
// stderr (a bar on a terminal, plain lines otherwise) is the command line's: src/cli/progress.ts.

export interface Progress {
  /** `done` runs were finished before this session (resume); `total` counts them too. */
  start(total: number, done: number): void;
  tick(failed: boolean): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { start() {}, tick() {}, stop() {} };
