import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { truncateForLog } from '../errors/index.js';
import { didYouMean } from './suggest.js';
import { UsageError } from './usage-error.js';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
export type Flags = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  values: Flags;
  positionals: string[];
  help: boolean;
}

// Flags are echoed in messages; a pasted paragraph must not become the whole error line.
const ECHO = 60;

/**
 * Parses `args` against `spec` (plus `-h/--help`) and refuses, in one line naming the flag: an unknown
 * flag, a string flag without a value, a boolean flag given a value, and extra positionals.
 */
export function parseFlags(command: string, args: string[], spec: FlagSpec, maxPositionals: number): ParsedArgs {
  const options: FlagSpec = { help: { type: 'boolean', short: 'h' }, ...spec };
  // Non-strict so this function, not node's long messages, words every refusal; tokens say what was typed.
  const { values, positionals, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const see = `see \`feedwright ${command} --help\``;
  const given = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = truncateForLog(token.rawName, ECHO);
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!option) {
      const known = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
      throw new UsageError(`unknown flag ${flag}${didYouMean(token.rawName, known)} (${see})`);
    }
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && token.value !== '-'))) {
      throw new UsageError(`${flag} needs a value (write ${flag}=VALUE for a value that starts with -)`);
    }
    if (option.type === 'boolean' && token.value !== undefined) throw new UsageError(`${flag} takes no value`);
    // A value given twice (`--out a … --out b`, a flag pasted into a longer command) kept the last without a
    // word; which one was meant is not ours to guess.
    if (option.type === 'string' && given.has(token.name)) throw new UsageError(`--${token.name} is given twice: give it once`);
    given.add(token.name);
  }
  if (positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(truncateForLog(positionals[maxPositionals] ?? '', ECHO))} (${see})`);
  }
  return { values: values as Flags, positionals, help: values.help === true };
}

/** A flag's value checked by `schema`; the refusal names the flag and echoes the value, cut. */
export function flagValue<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const got = truncateForLog(JSON.stringify(value) ?? String(value), ECHO);
    throw new UsageError(`${flag}: ${result.error.issues[0]?.message ?? 'invalid value'} (got ${got})`);
  }
  return result.data;
}

export function stringFlag(values: Flags, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
