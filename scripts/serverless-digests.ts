// Resolved by serverless.yml (`${file(./dist/serverless-digests.cjs):daily.cron}`): the digest schedules of
// the stack come from the same config file the CLI and the functions read, so they cannot drift.
import { parseConfig } from '../src/config/config.js';
import { type DeployedSchedule, deployedSchedules } from '../src/config/digest-schedule.js';
import { readRawConfigSync } from '../src/config/load-config-file.js';

/** The digest ids serverless.yml has a scheduled function for (digestDaily, digestWeekly). */
export const DEPLOYED_DIGESTS = ['daily', 'weekly'] as const;

export default function resolveDigestSchedules(): Record<string, DeployedSchedule> {
  const file = readRawConfigSync(process.env.FEEDWRIGHT_CONFIG_FILE?.trim() || undefined, process.cwd());
  const config = parseConfig(file?.raw ?? {}, file?.source ?? 'defaults');
  return deployedSchedules(config, DEPLOYED_DIGESTS);
}
