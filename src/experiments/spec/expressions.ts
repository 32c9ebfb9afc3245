// mathjs expressions in specs: derived parameters (evaluated once per design point, on the main
// thread) and custom metrics (compiled once per run, evaluated once at the end of the run, never
// per block). A sandboxed mathjs instance: the functions that could redefine the parser are removed
// (mathjs docs, "Security").
// mathjs is loaded from its single-file bundle (an exported path of the package, the same version):
// ~0.15 s instead of ~1.3 s for the ESM build's hundreds of modules, paid by every worker thread.
import { createRequire } from 'node:module';
import type { EvalFunction, MathNode } from 'mathjs';

// Loaded on first use: runs and specs without expressions (most) skip the bundle and create(all).
let sandbox: { math: import('mathjs').MathJsInstance; parse: (expr: string) => MathNode } | undefined;
function mathjs(): NonNullable<typeof sandbox> {
  if (sandbox) return sandbox;
  const lib = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof import('mathjs');
  const math = lib.create(lib.all, {});
  // Keep the parser before the import below shadows it inside expressions.
  const parse = math.parse.bind(math);
  const blocked = (name: string) => () => {
    throw new Error(`function ${name} is disabled in spec expressions`);
  };
  math.import(
    Object.fromEntries(['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve'].map((n) => [n, blocked(n)])),
    { override: true },
  );
  return (sandbox = { math, parse });
}

export type Scope = Record<string, number | boolean>;

/** Parse an expression; throws with mathjs's message on a syntax error. */
function parseExpr(expr: string): MathNode {
  return mathjs().parse(expr);
}

/** The names an expression reads (symbols that are neither called functions nor mathjs constants). */
export function expressionNames(expr: string): string[] {
  const node = parseExpr(expr);
  const names = new Set<string>();
  node.traverse((n, path, parent) => {
    if ((n as { isSymbolNode?: boolean }).isSymbolNode !== true) return;
    if (parent && (parent as { isFunctionNode?: boolean }).isFunctionNode === true && path === 'fn') return;
    const name = (n as unknown as { name: string }).name;
    if (isConstant(name)) return;
    names.add(name);
  });
  return [...names];
}

function isConstant(name: string): boolean {
  const v = (mathjs().math as unknown as Record<string, unknown>)[name];
  return typeof v === 'number' || typeof v === 'boolean' || name === 'Infinity' || name === 'NaN' || name === 'true' || name === 'false';
}

/** Compile once; the returned function evaluates over a scope and insists on a number (or boolean) result. */
export function compileExpression(expr: string): (scope: Scope) => number | boolean {
  const code: EvalFunction = parseExpr(expr).compile();
  return (scope) => {
    const v: unknown = code.evaluate({ ...scope });
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    throw new Error(`"${expr}" gives ${typeof v === 'object' && v !== null ? (v.constructor?.name ?? 'an object') : typeof v}, not a number`);
  };
}

/** As compileExpression, for values that must be finite (derived parameters): NaN and ±Infinity are refused in words. */
export function compileFiniteExpression(expr: string): (scope: Scope) => number | boolean {
  const fn = compileExpression(expr);
  return (scope) => {
    const v = fn(scope);
    if (typeof v === 'number' && !Number.isFinite(v)) {
      const why = Number.isNaN(v) ? 'no number at all (such as 0/0)' : 'an infinite number (a division by zero or an overflow)';
      throw new Error(`"${expr}" gives ${why}; a derived parameter needs a finite value`);
    }
    return v;
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const isIdentifier = (s: string): boolean => IDENT.test(s);

/**
 * The names by which expressions refer to parameter keys: a bare key (`baseLock`) by itself, a path
 * (`population.herder.herding`) by its underscore form (`population_herder_herding`) and, when no
 * other key shares it, its last segment (`herding`).
 */
export function parameterAliases(keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of keys) {
    if (isIdentifier(k)) out.set(k, k);
    else out.set(k.replace(/[^A-Za-z0-9_]/g, '_'), k);
  }
  const last = new Map<string, string[]>();
  for (const k of keys) {
    if (isIdentifier(k)) continue;
    const seg = k.slice(k.lastIndexOf('.') + 1);
    if (!isIdentifier(seg)) continue;
    last.set(seg, [...(last.get(seg) ?? []), k]);
  }
  for (const [seg, ks] of last) if (ks.length === 1 && !out.has(seg)) out.set(seg, ks[0]!);
  return out;
}

/** The expression scope of a point: each alias bound to its key's value (numbers and booleans only). */
export function scopeOf(values: Readonly<Record<string, unknown>>, aliases: ReadonlyMap<string, string>): Scope {
  const scope: Scope = {};
  for (const [alias, key] of aliases) {
    const v = values[key];
    if (typeof v === 'number' || typeof v === 'boolean') scope[alias] = v;
  }
  return scope;
}
