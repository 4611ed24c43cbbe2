import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

export function threadCount(): number {
  const match = /^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(match?.[1]);
}

export function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}
