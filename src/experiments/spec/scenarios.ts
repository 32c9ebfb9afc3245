// The ready experiment specs shipped in experiments/ (in the repository and in the installed package),
// found by name: `dtao-lab run launch` runs experiments/01-launch.yaml from any working directory.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { BLOCKS_PER_DAY } from './specSchema.ts';
import { pointsOf } from './design.ts';
import { loadSpec } from './spec.ts';

/** experiments/ beside src/ (a checkout) or dist/ (the installed package): this file sits three levels below it. */
export const EXPERIMENTS_DIR = fileURLToPath(new URL('../../../experiments/', import.meta.url));

const SPEC_FILE = /\.(ya?ml|json)$/;

/** The shipped spec files, sorted. */
export function scenarioFiles(dir = EXPERIMENTS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => SPEC_FILE.test(f)).sort().map((f) => join(dir, f));
}

/** A spec file's `name` (read without validation), or its file name without a leading number and extension. */
export function scenarioName(file: string): string {
  try {
    const doc = parse(readFileSync(file, 'utf8')) as { name?: unknown } | null;
    if (doc && typeof doc.name === 'string' && doc.name) return doc.name;
  } catch {
    /* fall back to the file name */
  }
  return basename(file).replace(SPEC_FILE, '').replace(/^\d+-/, '');
}

/**
 * The spec file an argument means: an existing path as given, else the shipped scenario whose name (or
 * file name, with or without its number) it is. Unknown names are left as given, so loading them fails
 * with the ordinary "file not found" error; `knownScenarios` lists the names for that message.
 */
export function resolveSpecFile(arg: string, dir = EXPERIMENTS_DIR): string {
  if (existsSync(arg) || SPEC_FILE.test(arg) || arg.includes('/')) return arg;
  for (const file of scenarioFiles(dir)) {
    const base = basename(file).replace(SPEC_FILE, '');
    if (scenarioName(file) === arg || base === arg || base.replace(/^\d+-/, '') === arg) return file;
  }
  return arg;
}

export function knownScenarios(dir = EXPERIMENTS_DIR): string[] {
  return scenarioFiles(dir).map(scenarioName);
}

export interface ScenarioInfo {
  file: string;
  name?: string;
  description?: string;
  ruleSet?: string;
  runs?: number;
  days?: number;
  error?: string;
}

/** The ready specs in experiments/, each validated. */
export function listScenarios(dir = EXPERIMENTS_DIR): ScenarioInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => {
      try {
        const loaded = loadSpec(join(dir, f));
        const { spec } = loaded;
        const runs = pointsOf(loaded).length * spec.replications;
        return { file: join('experiments', f), name: spec.name, description: spec.description, ruleSet: spec.ruleSet, runs, days: spec.horizon / BLOCKS_PER_DAY };
      } catch (e) {
        return { file: join('experiments', f), error: (e as Error).message };
      }
    });
}
