import { FeedwrightError } from '../errors/index.js';
import type { Config, DigestConfig } from './config.js';

/** The config's digests and the stack's scheduled digest functions disagree: a deploy must not go ahead. */
export class ScheduleDriftError extends FeedwrightError {
  readonly code = 'schedule-drift';
  constructor(message: string) {
    super(message);
  }
}

/** What EventBridge Scheduler needs to invoke one digest function at the configured local time. */
export interface DeployedSchedule {
  digest: string;
  /** `cron(minutes hours day-of-month month day-of-week year)`, read in `timeZone`. */
  cron: string;
  timeZone: string;
}

const WEEKDAY: Record<string, string> = {
  monday: 'MON',
  tuesday: 'TUE',
  wednesday: 'WED',
  thursday: 'THU',
  friday: 'FRI',
  saturday: 'SAT',
  sunday: 'SUN',
};

/** The Scheduler cron expression for a digest's schedule (local wall-clock time; the zone goes beside it). */
export function schedulerCron(schedule: DigestConfig['schedule']): string {
  const [hours, minutes] = schedule.at.split(':').map(Number);
  if (schedule.every === 'day') return `cron(${minutes} ${hours} * * ? *)`;
  return `cron(${minutes} ${hours} ? * ${WEEKDAY[schedule.day]} *)`;
}

/**
 * The schedules of the digest functions a stack deploys (`deployed`: the digest ids it has a function
 * for), from the config: the config is the one place a digest's time and zone are written. A configured
 * digest without a function, or a function without its digest, is refused: it would never be issued, or
 * fail every run.
 */
export function deployedSchedules(config: Config, deployed: readonly string[]): Record<string, DeployedSchedule> {
  const configured = new Map(config.digests.map((d) => [d.id, d]));
  const missing = deployed.filter((id) => !configured.has(id));
  const extra = [...configured.keys()].filter((id) => !deployed.includes(id));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`serverless.yml schedules digest(s) ${missing.join(', ')} that the config does not define`] : []),
      ...(extra.length > 0 ? [`the config defines digest(s) ${extra.join(', ')} that serverless.yml has no function for`] : []),
    ];
    throw new ScheduleDriftError(`${parts.join('; ')} (add or remove the digest in the config, or the function in serverless.yml)`);
  }
  const schedules: Record<string, DeployedSchedule> = {};
  for (const id of deployed) {
    const digest = configured.get(id) as DigestConfig;
    schedules[id] = { digest: id, cron: schedulerCron(digest.schedule), timeZone: digest.timeZone };
  }
  return schedules;
}
