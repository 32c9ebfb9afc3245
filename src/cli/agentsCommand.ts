// `lab agents`: every agent family with its parameters (meaning, unit, default, allowed range), as a
// readable table or, with --json, as data for machines (unbounded range ends are null in JSON).
import { describeRange } from '../agents/params.ts';
import { FAMILIES } from '../agents/registry.ts';
import type { ParamDoc } from '../agents/types.ts';
import { WORLD_PARAMS } from '../agents/worldParams.ts';

/** The world's table, listed after the families (spec key `world`). */
const WORLD_LISTING = { name: 'world', description: 'The genesis world a population lands in (spec key `world`; docs/agent-models.md §6)', params: WORLD_PARAMS as readonly ParamDoc[] };

export interface FamilyListing {
  name: string;
  description: string;
  params: Array<{ name: string; meaning: string; unit: string; default: number | string | boolean; range: Array<number | string | null> }>;
}

/** The registry as plain data. */
export function listFamilies(): FamilyListing[] {
  return Object.values(FAMILIES).map(listing);
}

/** The world's parameters as plain data (same shape as a family). */
export function listWorld(): FamilyListing {
  return listing(WORLD_LISTING);
}

function listing(f: { name: string; description: string; params: readonly ParamDoc[] }): FamilyListing {
  return ({
    name: f.name,
    description: f.description,
    params: f.params.map((p: ParamDoc) => ({
      name: p.name,
      meaning: p.meaning,
      unit: p.unit,
      default: p.default,
      range: [...p.range].map((x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x)),
    })),
  });
}

function fmtDefault(v: number | string | boolean): string {
  if (typeof v !== 'number') return String(v);
  return Number.isInteger(v) || Math.abs(v) >= 0.01 ? String(Number(v.toPrecision(6))) : v.toPrecision(3);
}

/** A plain-text table: one block per family (then the world), one row per parameter. */
export function formatFamilies(): string {
  const lines: string[] = [];
  for (const f of [...Object.values(FAMILIES), WORLD_LISTING]) {
    lines.push(`${f.name} — ${f.description}`);
    const rows = f.params.map((p) => [p.name, p.unit, fmtDefault(p.default), describeRange(p), p.meaning]);
    const head = ['parameter', 'unit', 'default', 'range', 'meaning'];
    const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
    const line = (r: string[]) => '  ' + r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(width[k]!))).join('  ');
    lines.push(line(head));
    lines.push('  ' + width.map((w, k) => '-'.repeat(k === width.length - 1 ? Math.min(w, 40) : w)).join('  '));
    for (const r of rows) lines.push(line(r));
    if (rows.length === 0) lines.push('  (no parameters)');
    lines.push('');
  }
  return lines.join('\n');
}

export async function agentsCommand(args: { json?: boolean }): Promise<number> {
  if (args.json) process.stdout.write(`${JSON.stringify({ families: listFamilies(), world: listWorld() }, null, 2)}\n`);
  else process.stdout.write(formatFamilies());
  return 0;
}
