// `lab rules`: every rule set with its fields (meaning and value per set) and the `history` timeline's dated
// switches, as a readable table or, with --json, as data (an infinite value is null in JSON).
import { FIELD_DOCS, RULE_SET_NAMES, RULE_SETS, ruleParameterNames } from '../market/rules.ts';
import { blockToDate, TIMELINE } from '../market/timeline.ts';

export interface RulesListing {
  ruleSets: Array<{ name: string; description: string }>;
  fields: Array<{ name: string; meaning: string; values: Record<string, unknown> }>;
  timeline: Array<{ date: string; block: number; commit: string; what: string; set: Record<string, unknown> }>;
}

/** The rule sets, their fields and the timeline as plain data. */
export function listRules(): RulesListing {
  return {
    ruleSets: RULE_SET_NAMES.map((n) => ({ name: n, description: RULE_SETS[n].description })),
    fields: ruleParameterNames().map((f) => ({
      name: f,
      meaning: FIELD_DOCS[f] ?? '',
      values: Object.fromEntries(RULE_SET_NAMES.map((n) => [n, (RULE_SETS[n] as unknown as Record<string, unknown>)[f]])),
    })),
    timeline: TIMELINE.map((s) => ({ date: s.date, block: s.block, commit: s.commit, what: s.what, set: { ...s.set } })),
  };
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (v === null) return 'off';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Plain text: the rule sets, a field × rule-set table, then the timeline. */
export function formatRules(): string {
  const l = listRules();
  const out: string[] = ['Rule sets (docs/chain-rules.md; errata fields E1-E13 and the timeline: docs/chain-timeline.md)', ''];
  for (const r of l.ruleSets) out.push(`  ${r.name.padEnd(16)} ${r.description}`);
  out.push('', 'Fields (history shows its values at block 0, 2025-02-13)', '');
  const head = ['field', ...RULE_SET_NAMES, 'meaning'];
  const rows = l.fields.map((f) => [f.name, ...RULE_SET_NAMES.map((n) => fmt(f.values[n])), f.meaning]);
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (r: string[]) => '  ' + r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(width[k]!))).join('  ');
  out.push(line(head));
  for (const r of rows) out.push(line(r));
  out.push('', 'history: the chain date by date (block 0 = 2025-02-13, 12 s blocks)', '');
  for (const s of l.timeline) {
    const set = Object.entries(s.set).map(([k, v]) => `${k}=${fmt(v)}`).join(' ');
    out.push(`  ${s.date}  block ${String(s.block).padStart(7)}  ${s.commit}`);
    out.push(`      ${s.what}${set ? `\n      sets: ${set}` : ''}`);
  }
  out.push('', `A run's block b is the date ${blockToDate(0)} + floor(b / 7200) days.`, '');
  return out.join('\n');
}

export async function rulesCommand(args: { json?: boolean }): Promise<number> {
  if (args.json) process.stdout.write(`${JSON.stringify(listRules(), null, 2)}\n`);
  else process.stdout.write(formatRules());
  return 0;
}
