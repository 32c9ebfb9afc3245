// The layer rule of docs/architecture.md: market ◀ agents ◀ experiments ◀ cli, each importing only from
// the layers below it; src/replay (file formats) and src/snapshot sit just above market. Read from the
// import lines of every file under src/, so a new upward import fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const RANK: Record<string, number> = { market: 0, replay: 1, snapshot: 1, agents: 2, experiments: 3, cli: 4, 'index.ts': 5 };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}
const layerOf = (file: string) => relative(SRC, file).split('/')[0]!;

/** Relative module specifiers of static and dynamic imports and re-exports. */
function imports(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
}

describe('layers', () => {
  it('every file under src/ is in a known layer', () => {
    for (const f of files(SRC)) expect(RANK[layerOf(f)], relative(SRC, f)).toBeDefined();
  });

  it('no file imports from a layer above its own', () => {
    const upward: string[] = [];
    for (const f of files(SRC)) {
      const from = layerOf(f);
      for (const spec of imports(readFileSync(f, 'utf8'))) {
        const to = layerOf(resolve(dirname(f), spec));
        if (RANK[to]! > RANK[from]! || (from === 'replay' && to !== 'replay' && to !== 'market')) upward.push(`${relative(SRC, f)} → ${spec}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('sees an upward import when there is one (the check itself works)', () => {
    expect(imports("import { x } from '../experiments/types.ts';\nconst m = await import('../cli/index.ts');")).toEqual(['../experiments/types.ts', '../cli/index.ts']);
  });
});
