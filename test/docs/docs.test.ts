// The repository documents itself (docs/): no file may point a reader at files outside the repository,
// every docs/ link resolves, and every parameter in the tables (families, world, rule set) is named in
// docs/agent-models.md or docs/chain-rules.md, so the docs cannot silently fall behind the tables.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/agents/registry.ts';
import { WORLD_PARAMS } from '../../src/agents/worldParams.ts';
import { RULE_PARAMS } from '../../src/market/ruleParams.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SKIP = new Set(['node_modules', '.git', 'results', 'dist']);

/** Tracked files (git), or every file under the root bar build outputs when git is not there. */
function repoFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\0').filter((f) => f && existsSync(join(ROOT, f)));
  } catch {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (SKIP.has(name)) continue;
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(relative(ROOT, p));
      }
    };
    walk(ROOT);
    return files;
  }
}

// Built from pieces so this file does not match itself.
const OUTSIDE = [
  ['shared', '/'].join(''),
  ['reference', '/'].join(''),
  ['CR', ' §'].join(''),
  ['DESIGN', '.md'].join(''),
  ['stack', '-notes'].join(''),
];

describe('docs', () => {
  it('no tracked file cites files outside the repository', () => {
    const hits: string[] = [];
    for (const f of repoFiles()) {
      if (f === 'package-lock.json' || f.startsWith('results/')) continue;
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const needle of OUTSIDE) if (text.includes(needle)) hits.push(`${f}: ${needle}`);
    }
    expect(hits).toEqual([]);
  });

  it('relative links between docs resolve', () => {
    const broken: string[] = [];
    for (const f of readdirSync(join(ROOT, 'docs')).filter((n) => n.endsWith('.md'))) {
      const text = readFileSync(join(ROOT, 'docs', f), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) {
        if (!existsSync(join(ROOT, 'docs', dirname(f), m[1]!))) broken.push(`docs/${f} -> ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('docs/agent-models.md names every parameter of every family', () => {
    const text = readFileSync(join(ROOT, 'docs', 'agent-models.md'), 'utf8');
    const missing: string[] = [];
    for (const [family, def] of Object.entries(FAMILIES)) {
      if (!text.includes(`\`${family}\``)) missing.push(family);
      for (const p of def.params) if (!text.includes(`\`${p.name}\``)) missing.push(`${family}.${p.name}`);
    }
    for (const p of WORLD_PARAMS) if (!text.includes(`\`${p.name}\``)) missing.push(`world.${p.name}`);
    expect(missing).toEqual([]);
  });

  it('docs/chain-rules.md names every rule-set parameter', () => {
    const text = readFileSync(join(ROOT, 'docs', 'chain-rules.md'), 'utf8');
    expect(RULE_PARAMS.map((p) => p.name).filter((n) => !text.includes(`\`${n}\``))).toEqual([]);
  });
});
