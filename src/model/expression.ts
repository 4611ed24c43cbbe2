// A strategy's cost as data: a small expression over named primitives.
// Monte Carlo evaluates it many times; within one evaluation every named
// primitive is drawn once, so a name used twice means the same event.
import { quantileOfSorted } from '../stats/sampleSummary.js';
import type { Distribution } from './measuredDistribution.js';
import type { Random } from '../stats/random.js';
import { formatNs } from '../format/units.js';

export type Expr =
  | { op: 'primitive'; name: string }
  | { op: 'constant'; ns: number; label: string }
  | { op: 'sum' | 'min' | 'max'; of: Expr[] }
  | { op: 'if-less'; left: Expr; right: Expr; then: Expr; otherwise: Expr };

export const prim = (name: string): Expr => ({ op: 'primitive', name });
export const constantNs = (ns: number, label: string): Expr => ({ op: 'constant', ns, label });
export const sum = (...of: Expr[]): Expr => ({ op: 'sum', of });
export const min = (...of: Expr[]): Expr => ({ op: 'min', of });
export const max = (...of: Expr[]): Expr => ({ op: 'max', of });
export const ifLess = (left: Expr, right: Expr, then: Expr, otherwise: Expr): Expr => ({
  op: 'if-less',
  left,
  right,
  then,
  otherwise,
});

export function render(expr: Expr): string {
  switch (expr.op) {
    case 'primitive':
      return expr.name;
    case 'constant':
      return `${expr.label} ${formatNs(expr.ns)}`;
    case 'sum':
      return expr.of.map(render).join(' + ');
    case 'min':
    case 'max':
      return `${expr.op}(${expr.of.map(render).join(', ')})`;
    case 'if-less':
      return `(${render(expr.left)} < ${render(expr.right)} ? ${render(expr.then)} : ${render(expr.otherwise)})`;
  }
}

export function primitivesOf(expr: Expr): string[] {
  switch (expr.op) {
    case 'primitive':
      return [expr.name];
    case 'constant':
      return [];
    case 'sum':
    case 'min':
    case 'max':
      return [...new Set(expr.of.flatMap(primitivesOf))];
    case 'if-less':
      return [...new Set([expr.left, expr.right, expr.then, expr.otherwise].flatMap(primitivesOf))];
  }
}

function evaluate(expr: Expr, drawn: Map<string, number>): number {
  switch (expr.op) {
    case 'primitive':
      return drawn.get(expr.name)!;
    case 'constant':
      return expr.ns;
    case 'sum':
      return expr.of.reduce((s, e) => s + evaluate(e, drawn), 0);
    case 'min':
      return Math.min(...expr.of.map((e) => evaluate(e, drawn)));
    case 'max':
      return Math.max(...expr.of.map((e) => evaluate(e, drawn)));
    case 'if-less':
      return evaluate(expr.left, drawn) < evaluate(expr.right, drawn)
        ? evaluate(expr.then, drawn)
        : evaluate(expr.otherwise, drawn);
  }
}

export interface Prediction {
  p50: number;
  p90: number;
  p99: number;
}

/** Monte Carlo: `draws` evaluations with fresh primitive draws each. */
export function simulate(expr: Expr, primitives: Map<string, Distribution>, random: Random, draws = 20000): Prediction {
  const names = primitivesOf(expr);
  for (const name of names) if (!primitives.has(name)) throw new RangeError(`primitive ${name} was not measured`);
  const values = new Float64Array(draws);
  const drawn = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    for (const name of names) drawn.set(name, primitives.get(name)!.draw(random));
    values[i] = evaluate(expr, drawn);
  }
  values.sort();
  return {
    p50: quantileOfSorted(values, 0.5),
    p90: quantileOfSorted(values, 0.9),
    p99: quantileOfSorted(values, 0.99),
  };
}

/** The fraction of evaluations in which `left < right`. */
export function probabilityLess(
  left: Expr,
  right: Expr,
  primitives: Map<string, Distribution>,
  random: Random,
  draws = 20000,
): number {
  const names = [...new Set([...primitivesOf(left), ...primitivesOf(right)])];
  const drawn = new Map<string, number>();
  let hits = 0;
  for (let i = 0; i < draws; i++) {
    for (const name of names) drawn.set(name, primitives.get(name)!.draw(random));
    if (evaluate(left, drawn) < evaluate(right, drawn)) hits++;
  }
  return hits / draws;
}
