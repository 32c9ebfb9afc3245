// Chain replay files (docs/replay-format.md): a rule set, a genesis, and steps of named actions and
// blocks in; the reported chain state out. `parseReplayFile` validates the whole file before anything
// is built (each error names its JSON path); `runReplay` builds the chain, applies the steps and
// returns the reports. Pure: the file is read by src/cli/replayCommand.ts.
import { Chain } from '../market/chain.ts';
import { ParamError } from '../market/params.ts';
import { resolveRules, type RuleSet } from '../market/rules.ts';
import { type Action, type ActionKind, newActionResult, ROOT } from '../market/types.ts';
import { buildGenesis, genesisMaxNetuid, genesisTempo, parseGenesis, type Genesis, type GenesisKeys } from './genesis.ts';
import { FormatError, array, int, key, num, object, onlyKeys, str, type Json } from './validate.ts';

export const REPLAY_LIMITS = Object.freeze({ steps: 100_000, actions: 1_000_000, blocks: 10_000_000 });

/** An action as written in the file: names for keys; weights as maps. Resolved to chain ids at parse time. */
export interface ReplayStep {
  actions: Action[];
  blocks: number;
  report: boolean;
}

export interface ReplayFile {
  rules: RuleSet;
  block: number;
  issued: number;
  genesis: Genesis;
  steps: ReplayStep[];
  /** Filled by parse: name ↔ id maps the build will reproduce (ids follow declaration order). */
  names: { coldkeys: Map<string, number>; hotkeys: Map<string, number> };
}

/** Required and optional fields per action kind ('c' coldkey, 'h' hotkey, 'n' netuid, 'a' amount, 'w' weights). */
const ACTIONS: Record<ActionKind, Record<string, 'c' | 'h' | 'n' | 'a' | 'w' | 'rw' | 'a?'>> = {
  stake: { coldkey: 'c', hotkey: 'h', netuid: 'n', tao: 'a', limitPrice: 'a?' },
  unstake: { coldkey: 'c', hotkey: 'h', netuid: 'n', alpha: 'a', limitPrice: 'a?' },
  move: { coldkey: 'c', fromHotkey: 'h', toHotkey: 'h', fromNetuid: 'n', toNetuid: 'n', alpha: 'a' },
  transferStake: { coldkey: 'c', toColdkey: 'c', hotkey: 'h', netuid: 'n', alpha: 'a' },
  transfer: { coldkey: 'c', toColdkey: 'c', tao: 'a' },
  setWeights: { hotkey: 'h', netuid: 'n', weights: 'w' },
  setRootWeights: { hotkey: 'h', weights: 'rw' },
  registerSubnet: { coldkey: 'c', hotkey: 'h' },
  registerNeuron: { coldkey: 'c', hotkey: 'h', netuid: 'n' },
  setTake: { coldkey: 'c', hotkey: 'h', take: 'a' },
};

const TOP = ['ruleSet', 'rules', 'block', 'issued', 'genesis', 'steps'];

/** Validate a parsed replay file. Unknown top-level keys (`expected`, `source`, …) are ignored. */
export function parseReplayFile(json: unknown): ReplayFile {
  const f = object(json, '(root)', `with ${TOP.join(', ')}`);
  const ruleSet = str(f.ruleSet ?? 'launch-2025-02', 'ruleSet', 'a rule set name');
  const overrides = f.rules === undefined ? {} : object(f.rules, 'rules', 'of rule parameter overrides');
  let rules: RuleSet;
  try {
    rules = resolveRules(ruleSet, overrides, ['rules']);
  } catch (e) {
    if (e instanceof ParamError) throw new FormatError(e.path, e.detail);
    throw e;
  }
  const block = f.block === undefined ? 0 : int(f.block, 'block', 0, 1e12, 'a block number (integer >= 0)');
  const issued = f.issued === undefined ? 0 : num(f.issued, 'issued', 0, 21e6, 'TAO in [0, 21000000]');
  if (f.genesis === undefined) throw new FormatError('genesis', 'is required: { coldkeys, hotkeys, root, subnets }');
  const genesis = parseGenesis(f.genesis, rules.maxUids, 'genesis');
  const tempo = genesisTempo(genesis);
  if (tempo !== undefined && tempo !== rules.tempo) rules = resolveRules(ruleSet, { ...overrides, tempo }, ['rules']);
  const coldkeys = new Map(Object.keys(genesis.coldkeys).map((n, i) => [n, i]));
  const hotkeys = new Map(Object.keys(genesis.hotkeys).map((n, i) => [n, i]));
  const netuids = new Set(genesis.subnets.map((s) => s.netuid));
  const uidNames = new Map(genesis.subnets.map((s) => [s.netuid, s.neurons]));
  const maxNetuid = chainNetuids(rules, genesis);

  const stepsIn = f.steps === undefined ? [] : array(f.steps, 'steps', '{ actions?, blocks?, report? }', REPLAY_LIMITS.steps);
  let nActions = 0;
  let nBlocks = 0;
  const steps = stepsIn.map((v, i): ReplayStep => {
    const p = `steps[${i}]`;
    const s = object(v, p, '{ actions?, blocks?, report? }');
    onlyKeys(s, p, ['actions', 'blocks', 'report']);
    const blocks = s.blocks === undefined ? 0 : int(s.blocks, `${p}.blocks`, 0, REPLAY_LIMITS.blocks, `a number of blocks in [0, ${REPLAY_LIMITS.blocks}]`);
    nBlocks += blocks;
    if (nBlocks > REPLAY_LIMITS.blocks) throw new FormatError(`${p}.blocks`, `the steps run more than ${REPLAY_LIMITS.blocks} blocks in all`);
    if (s.report !== undefined && typeof s.report !== 'boolean') throw new FormatError(`${p}.report`, 'must be true or false');
    const acts = s.actions === undefined ? [] : array(s.actions, `${p}.actions`, 'actions', REPLAY_LIMITS.actions);
    nActions += acts.length;
    if (nActions > REPLAY_LIMITS.actions) throw new FormatError(`${p}.actions`, `more than ${REPLAY_LIMITS.actions} actions in all`);
    const actions = acts.map((a, k) => parseAction(a, `${p}.actions[${k}]`, { coldkeys, hotkeys, netuids, uidNames, maxNetuid }));
    return { actions, blocks, report: s.report === true };
  });
  return { rules, block, issued, genesis, steps, names: { coldkeys, hotkeys } };
}

interface Names {
  coldkeys: Map<string, number>;
  hotkeys: Map<string, number>;
  netuids: Set<number>;
  uidNames: Map<number, string[]>;
  maxNetuid: number;
}

function parseAction(x: unknown, p: string, names: Names): Action {
  const a = object(x, p, '{ kind, … }');
  const kinds = Object.keys(ACTIONS) as ActionKind[];
  const kind = a.kind as ActionKind;
  if (typeof kind !== 'string' || !kinds.includes(kind)) throw new FormatError(`${p}.kind`, `unknown action kind ${JSON.stringify(a.kind)}; allowed: ${kinds.join(', ')}`);
  const fields = ACTIONS[kind];
  onlyKeys(a, p, ['kind', ...Object.keys(fields)]);
  const out: Json = { kind };
  // netuid first: setWeights resolves UID names on it.
  const netuidOf = (v: unknown, q: string): number => {
    const n = int(v, q, 0, 4095, 'a netuid (0 is root)');
    if (n !== ROOT && !names.netuids.has(n)) throw new FormatError(q, `unknown netuid ${n}; the genesis has ${[...names.netuids].join(', ') || 'none'} (and 0, root)`);
    return n;
  };
  for (const [field, type] of Object.entries(fields)) {
    const q = `${p}.${field}`;
    const v = a[field];
    if (v === undefined) {
      if (type === 'a?') continue;
      throw new FormatError(q, `is required for a ${kind} action`);
    }
    if (type === 'c') {
      const id = names.coldkeys.get(str(v, q, 'a coldkey name'));
      if (id === undefined) throw new FormatError(q, `unknown coldkey ${JSON.stringify(v)}`);
      out[field] = id;
    } else if (type === 'h') {
      const id = names.hotkeys.get(str(v, q, 'a hotkey name'));
      if (id === undefined) throw new FormatError(q, `unknown hotkey ${JSON.stringify(v)}`);
      out[field] = id;
    } else if (type === 'n') {
      out[field] = netuidOf(v, q);
    } else if (type === 'a' || type === 'a?') {
      // Amounts are passed as written (a negative or zero amount is the chain's BAD_AMOUNT, reported as a result).
      out[field] = num(v, q, -21e6, 21e6, 'a number');
    } else if (type === 'w') {
      const netuid = netuidOf(a.netuid, `${p}.netuid`);
      const uids = names.uidNames.get(netuid) ?? [];
      const w = object(v, q, 'mapping UID names to weights');
      const row: number[] = [];
      for (const [target, value] of Object.entries(w)) {
        const u = uids.indexOf(target);
        if (u < 0) throw new FormatError(key(q, target), `"${target}" holds no genesis UID on netuid ${netuid}; allowed: ${uids.join(', ')}`);
        while (row.length <= u) row.push(0);
        row[u] = num(value, key(q, target), -Number.MAX_VALUE, Number.MAX_VALUE, 'a number');
      }
      out[field] = row;
    } else {
      const w = object(v, q, 'mapping netuids to weights');
      const row = new Array<number>(names.maxNetuid).fill(0);
      for (const [n, value] of Object.entries(w)) {
        const netuid = Number(n);
        if (!Number.isInteger(netuid) || netuid < 0 || netuid >= names.maxNetuid) throw new FormatError(key(q, n), `must be a netuid in [0, ${names.maxNetuid - 1}]`);
        row[netuid] = num(value, key(q, n), -Number.MAX_VALUE, Number.MAX_VALUE, 'a number');
      }
      out[field] = row;
    }
  }
  return out as unknown as Action;
}

/** Netuid slots of the chain a genesis is built in: the rule set's default, or enough for the highest netuid. */
export function chainNetuids(rules: RuleSet, g: Genesis): number {
  return Math.max(65, rules.subnetLimit + 1, genesisMaxNetuid(g) + 1);
}

/** A fresh chain with the file's genesis at the file's block. */
export function buildReplayChain(f: Pick<ReplayFile, 'rules' | 'block' | 'issued' | 'genesis'>): { chain: Chain; keys: GenesisKeys } {
  const chain = new Chain(f.rules, { maxNetuid: chainNetuids(f.rules, f.genesis) });
  chain.block = f.block;
  const keys = buildGenesis(chain, f.genesis, f.issued);
  return { chain, keys };
}

export interface ActionReport {
  ok: boolean;
  reason?: string;
}

export interface SubnetReport {
  taoIn: number;
  alphaIn: number;
  alphaOut: number;
  price: number;
  movingPrice: number;
  flowEma: number;
  emissionShare: number;
  taoInjected: number;
  alphaInjected: number;
  rootProportion: number;
  incentive: Record<string, number>;
  dividends: Record<string, number>;
}

export interface Report {
  step: number;
  block: number;
  issued: number;
  recycled: number;
  totalIssuance: number;
  totalStake: number;
  actions: ActionReport[];
  subnets: Record<string, SubnetReport>;
  balances: Record<string, number>;
  stake: Record<string, number>;
}

/** Build the chain, apply the steps, and return the snapshots asked for (the last state if none was). */
export function runReplay(f: ReplayFile): { reports: Report[] } {
  const { chain, keys } = buildReplayChain(f);
  const reports: Report[] = [];
  let results: ActionReport[] = [];
  const res = newActionResult();
  f.steps.forEach((s, i) => {
    for (const a of s.actions) {
      chain.apply(a, res);
      results.push(res.ok ? { ok: true } : { ok: false, reason: res.reason });
    }
    for (let b = 0; b < s.blocks; b++) chain.step();
    if (s.report) {
      reports.push(reportState(chain, keys, i, results));
      results = [];
    }
  });
  if (reports.length === 0) reports.push(reportState(chain, keys, f.steps.length - 1, results));
  return { reports };
}

/** The reported state (docs/replay-format.md "Output"): named keys only; the unlisted holders are left out. */
export function reportState(chain: Chain, keys: GenesisKeys, step: number, actions: ActionReport[]): Report {
  const s = chain.subnets;
  const M = chain.maxUids;
  const subnets: Record<string, SubnetReport> = {};
  let totalStake = s.taoIn[ROOT]!;
  const list = chain.subnetList();
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    totalStake += s.taoIn[i]!;
    const incentive: Record<string, number> = {};
    const dividends: Record<string, number> = {};
    for (let u = 0; u < s.nUids[i]!; u++) {
      const h = chain.neurons.hotkey[i * M + u]!;
      const name = keys.hotkeyNames[h];
      if (name === undefined) continue;
      incentive[name] = chain.neurons.incentive[i * M + u]!;
      dividends[name] = chain.neurons.dividends[i * M + u]!;
    }
    subnets[String(i)] = {
      taoIn: s.taoIn[i]!, alphaIn: s.alphaIn[i]!, alphaOut: s.alphaOut[i]!, price: chain.spotPrice(i),
      movingPrice: s.movingPrice[i]!, flowEma: s.flowEma[i]!, emissionShare: s.emissionShare[i]!,
      taoInjected: s.taoInjected[i]!, alphaInjected: s.alphaInInjected[i]!, rootProportion: s.rootProp[i]!,
      incentive, dividends,
    };
  }
  const balances: Record<string, number> = {};
  keys.coldkeyNames.forEach((name, c) => {
    if (name !== undefined) balances[name] = chain.balance(c);
  });
  const stake: Record<string, number> = {};
  const book = chain.stakes;
  keys.coldkeyNames.forEach((c, id) => {
    if (c === undefined) return;
    for (const p of book.positionsOf(id)) {
      const h = keys.hotkeyNames[book.posHotkey[p]!];
      const v = book.value(p, id);
      if (h !== undefined && v > 0) stake[`${c}/${h}/${book.posNetuid[p]}`] = v;
    }
  });
  return {
    step, block: chain.block, issued: chain.issued, recycled: chain.recycled, totalIssuance: chain.totalIssuance(),
    totalStake, actions, subnets, balances, stake,
  };
}

export { FormatError } from './validate.ts';
