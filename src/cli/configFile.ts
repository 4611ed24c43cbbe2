// schedcost.toml: the same options in CI and on laptops. Each table is a
// command (`[run]`, `[compare]`, …) and its keys are that command's long
// option names (`trials = 2`, `json = "out.json"`, `param = ["futex-wake.gapMinNs=10000"]`).
// The command line overrides the file; an unknown key or a bad value is a
// usage error naming the file and line. (runsc's config does the same with
// [runsc_config] → --flag=value.)
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command, Option } from 'commander';
import { parse, TomlError } from 'smol-toml';
import { UsageError } from '../errors.js';

export const DEFAULT_CONFIG_FILE = 'schedcost.toml';

export interface ConfigFile {
  path: string;
  text: string;
  sections: Record<string, Record<string, unknown>>;
}

/** The file named by --config, else ./schedcost.toml when it exists, else none. */
export function loadConfig(explicit: string | undefined, cwd = process.cwd()): ConfigFile | undefined {
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!explicit && !existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: Record<string, unknown>;
  try {
    data = parse(text);
  } catch (error) {
    const where = error instanceof TomlError ? `:${error.line}` : '';
    throw new UsageError(`${path}${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  for (const [key, value] of Object.entries(data))
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new UsageError(`${path}:${lineOf(text, undefined, key)}: '${key}' is outside a [command] table`);
  return { path, text, sections: data as Record<string, Record<string, unknown>> };
}

/** The line a key is set on, in a table (1-based; 1 when it cannot be found). */
function lineOf(text: string, table: string | undefined, key: string): number {
  const lines = text.split('\n');
  let inTable = table === undefined;
  for (const [i, line] of lines.entries()) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (header) inTable = header[1] === table;
    else if (inTable && new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`).test(line))
      return i + 1;
  }
  return 1;
}

/** TOML values as the command line would give them: strings for options that take a value. */
function asArguments(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [String(value)];
}

/**
 * Sets a command's options from its table, where the command line did not
 * set them. Throws a UsageError naming the file and line.
 */
export function applyConfig(command: Command, config: ConfigFile | undefined): void {
  const section = config?.sections[command.name()];
  if (!config || !section) return;
  const options = command.options as Option[];
  for (const [key, value] of Object.entries(section)) {
    const where = `${config.path}:${lineOf(config.text, command.name(), key)}`;
    const option = options.find((o) => o.long === `--${key}`);
    if (!option)
      throw new UsageError(
        `${where}: '${key}' is not an option of ${command.name()} (${options.map((o) => o.long?.slice(2)).join(', ')})`,
      );
    const attribute = option.attributeName();
    const source = command.getOptionValueSource(attribute);
    if (source === 'cli' || source === 'env') continue;
    try {
      if (option.isBoolean()) {
        if (typeof value !== 'boolean')
          throw new UsageError(`'${key}' takes true or false, got ${JSON.stringify(value)}`);
        command.setOptionValueWithSource(attribute, value, 'config');
        continue;
      }
      let parsed: unknown = option.defaultValue;
      for (const argument of asArguments(value)) {
        if (option.argChoices && !option.argChoices.includes(argument))
          throw new UsageError(`'${key}' must be one of ${option.argChoices.join(', ')}, got '${argument}'`);
        parsed = option.parseArg ? option.parseArg(argument, parsed as never) : argument;
      }
      command.setOptionValueWithSource(attribute, parsed, 'config');
    } catch (error) {
      throw new UsageError(`${where}: ${(error as Error).message}`);
    }
  }
}
