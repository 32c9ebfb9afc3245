#!/usr/bin/env node
// The `dtao-lab` bin. In a checkout of the repository (src/ and the tsx devDependency present) it runs
// the TypeScript sources through tsx, so edits take effect without a build; in the installed package
// (no src/, no tsx) it runs the compiled JavaScript in dist/ that `npm pack` builds (prepack).
import { existsSync } from 'node:fs';

const src = new URL('../src/cli/index.ts', import.meta.url);
const dist = new URL('../dist/cli/index.js', import.meta.url);
let tsx;
if (existsSync(src)) {
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    tsx = undefined; // a checkout installed without devDependencies: use dist/ if built
  }
}
if (tsx) {
  tsx.register();
  await import(src.href);
} else if (existsSync(dist)) {
  await import(dist.href);
} else {
  process.stderr.write('dtao-lab: neither tsx (npm ci) nor a build (npm run build) is present\n');
  process.exitCode = 1;
}
