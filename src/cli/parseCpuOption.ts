import { UsageError } from '../errors.js';

/** Parses `--cpus 0,3` or `--cpus 0-3,8`. */
export function parseCpuOption(text: string): number[] {
  if (!/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/.test(text))
    throw new UsageError(`invalid CPU list '${text}' (expected e.g. 0,1 or 0-3)`);
  const cpus: number[] = [];
  for (const part of text.split(',')) {
    const [lo, hi = lo] = part.split('-').map((n) => Number(n.trim()));
    if (lo! > hi!) throw new UsageError(`invalid CPU range '${part.trim()}'`);
    if (hi! - lo! > 65536) throw new UsageError(`CPU range '${part.trim()}' is too large`);
    for (let cpu = lo!; cpu <= hi!; cpu++) cpus.push(cpu);
  }
  return cpus;
}

export function parseWholeNumber(name: string, min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max)
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${text}'`);
    return value;
  };
}

export function parsePositiveNumber(name: string, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max)
      throw new UsageError(`${name} must be a number in (0, ${max}], got '${text}'`);
    return value;
  };
}
