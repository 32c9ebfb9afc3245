#!/usr/bin/env node
// The `dtao-lab` bin. In a checkout of the repository (src/ present) it runs the TypeScript sources
// through tsx, so edits take effect without a build; in the installed package (no src/, no tsx) it
// runs the compiled JavaScript in dist/ that `npm pack` builds (prepack).
import { existsSync } from 'node:fs';

const src = new URL('../src/cli.ts', import.meta.url);
if (existsSync(src)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(src.href);
} else {
  await import('../dist/cli.js');
}
