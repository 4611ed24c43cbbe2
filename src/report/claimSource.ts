// Where a verdict's evidence came from, in words: the real Go runtime (with
// the emulation's figure for the same quantity beside it) or the emulation.
import type { Claim } from '../results/schema.js';
import { formatNs } from '../format/units.js';

function figure(unit: NonNullable<Claim['beside']>['unit'], value: number): string {
  if (unit === 'ns') return formatNs(value);
  if (unit === 'ratio') return `${(100 * value).toFixed(0)}%`;
  return `${value.toFixed(0)}/s`;
}

/** '' when there is nothing to say: a claim not measured, or not judged (its summary says why). */
export function claimSourceText(c: Claim): string {
  if (c.verdict === 'not-judged') return 'not judged: the emulation builds this in';
  if (c.source === 'emulation') return c.effect ? 'judged on the emulation' : '';
  const b = c.beside;
  if (!b) return 'judged on the real Go runtime';
  return `judged on the real Go runtime: ${b.quantity} ${figure(b.unit, b.runtime)}; the emulation ${figure(b.unit, b.emulation)} (emulation / runtime ${b.ratio.toFixed(2)})`;
}
