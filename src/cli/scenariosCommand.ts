// `dtao-lab scenarios`: the ready specs in experiments/, each validated, as lines or JSON.
import { listScenarios } from '../experiments/spec/scenarios.ts';
import { out } from './common.ts';

export interface ScenariosArgs {
  json?: boolean;
}

export async function scenariosCommand(a: ScenariosArgs): Promise<number> {
  const list = listScenarios();
  if (a.json) {
    out(JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.length === 0) out('no specs in experiments/');
  for (const s of list) {
    if (s.error) out(`${s.file}  INVALID: ${s.error}`);
    else {
      out(`${s.name}  (${s.file}): ${s.runs} runs, ${Number(s.days!.toFixed(2))} days, ${s.ruleSet}`);
      out(`    ${s.description!.replace(/\s+/g, ' ').trim()}`);
    }
  }
  out(`run one by name from any folder: dtao-lab run <name> (or a spec file: dtao-lab run FILE)`);
  return 0;
}
