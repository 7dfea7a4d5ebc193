import * as z from 'zod';
import { invokeFunction } from '../../functions/invoke.js';
import { flagValue, parseFlags, stringFlag } from './flags.js';
import { commandHelp } from './help.js';
import { UsageError } from './usage-error.js';

/** `feedwright invoke <function>`: a Lambda handler run locally. */
export async function runInvoke(args: string[]): Promise<number> {
  const { values, positionals, help } = parseFlags('invoke', args, { data: { type: 'string' }, config: { type: 'string' } }, 1);
  if (help) return (console.log(commandHelp('invoke')), 0);
  const name = flagValue(z.enum(['publish', 'digest', 'run']), positionals[0], 'invoke <function>');
  let payload: unknown = {};
  const data = stringFlag(values, 'data');
  if (data !== undefined) {
    try {
      payload = JSON.parse(data);
    } catch (error) {
      throw new UsageError(`--data is not valid JSON: ${(error as Error).message}`);
    }
  }
  const configFile = stringFlag(values, 'config');
  const result = await invokeFunction(name, payload, undefined, configFile ? { env: { ...process.env, FEEDWRIGHT_CONFIG_FILE: configFile } } : {});
  console.log(JSON.stringify(result, null, 2));
  return typeof result === 'object' && result !== null && 'ok' in result && result.ok === false ? 1 : 0;
}
