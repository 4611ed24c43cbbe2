// What differs between the hosts two results came from, in words.
import type { Host } from '../results/schema.js';

export function hostDifferences(base: Host, next: Host): string[] {
  const differences: string[] = [];
  const check = (what: string, a: unknown, b: unknown) => {
    const left = JSON.stringify(a),
      right = JSON.stringify(b);
    if (left !== right) differences.push(`${what}: ${left} → ${right}`);
  };
  check('CPU model', base.cpuModel, next.cpuModel);
  check('kernel', base.kernel, next.kernel);
  check('allowed CPUs', base.allowedCpus, next.allowedCpus);
  check('SMT siblings', base.smtSiblings, next.smtSiblings);
  check('clocksource', base.clocksource, next.clocksource);
  check('virtualization', base.virtualization, next.virtualization);
  check('timer slack', base.timerSlackNs, next.timerSlackNs);
  check('architecture', base.arch, next.arch);
  return differences;
}
