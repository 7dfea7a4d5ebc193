import * as z from 'zod';
import { invokeFunction } from '../../functions/invoke.js';
import { flagValue, parseFlags, stringFlag } from './flags.js';
import { commandHelp } from './help.js';
import { failureLine } from './report-failure.js';
import { UsageError } from './usage-error.js';

// A refused payload is a payload mistake, exit 2 like every usage, config or location mistake (README).
const PAYLOAD_MISTAKE_EXIT = 2;

/** What every handler answers for a refused event (see InvalidAnswer in functions/envelope.ts). */
const RefusalSchema = z.object({ ok: z.literal(false), code: z.string(), message: z.string() });

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
  const refusal = RefusalSchema.safeParse(result);
  if (!refusal.success) return 0;
  console.error(failureLine('invoke', `${name} payload: ${refusal.data.message}`, refusal.data.code));
  return PAYLOAD_MISTAKE_EXIT;
}
