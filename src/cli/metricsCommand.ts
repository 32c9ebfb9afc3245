// `lab metrics [--json]`: the metric dictionary (src/experiments/run/metricDictionary.ts) as a table or JSON.
import { METRICS } from '../experiments/run/metricDictionary.ts';

/** `lab metrics [--json]`: the dictionary as a table or JSON. */
export function metricsCommand(args: { json?: boolean }): number {
  if (args.json) {
    process.stdout.write(`${JSON.stringify(METRICS, null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  for (const scope of ['summary', 'network', 'subnet', 'family'] as const) {
    lines.push(`${scope}:`);
    for (const m of METRICS.filter((x) => x.scope === scope)) {
      lines.push(`  ${m.name.padEnd(26)} ${`[${m.unit}]`.padEnd(22)} ${m.kind.padEnd(11)} ${m.definition}${m.missing ? ` NaN: ${m.missing}.` : ''}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
