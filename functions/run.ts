import { z } from 'zod';
import { issueDigest } from '../src/digest/index.js';
import { publishSite } from '../src/publish/publish.js';
import type { RunReport } from '../src/publish/run-report.js';
import { coldStartDeps, type FunctionDeps } from './deps.js';
import { createJsonLogger, describeFailure, logReport } from './log.js';

const isoTime = z.iso.datetime({ offset: true });

/** The manual payload: strict, so a typo like `dryrun` is an error instead of a real (non-dry) run. */
export const RunPayloadSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('publish'),
    dryRun: z.boolean().optional(),
    force: z.boolean().optional(),
  }),
  z
    .strictObject({
      action: z.literal('digest'),
      digest: z.string().min(1),
      at: isoTime.optional(),
      since: isoTime.optional(),
      dryRun: z.boolean().optional(),
      force: z.boolean().optional(),
    })
    .refine((p) => !p.since || !p.at || Date.parse(p.since) < Date.parse(p.at), {
      message: '"since" must be before "at"',
      path: ['since'],
    }),
]);
export type RunPayload = z.infer<typeof RunPayloadSchema>;

export type RunResult =
  | { ok: true; report: RunReport }
  | { ok: false; error: 'ValidationError' | 'DigestNotFoundError'; message: string };

/**
 * Manual runs (console, `invoke`): a bad payload or an unknown digest is answered, not thrown, so the
 * caller sees what to fix; a failure while running (storage, config) is rethrown and fails the invocation.
 */
export function createRunHandler(getDeps: () => FunctionDeps): (event: unknown) => Promise<RunResult> {
  return async (event) => {
    const parsed = RunPayloadSchema.safeParse(event);
    if (!parsed.success) {
      const message = z.prettifyError(parsed.error);
      // Logged before deps are built: a bad payload must be answered even when the environment is broken too.
      createJsonLogger().warn('invalid run payload', { error: 'ValidationError', message });
      return { ok: false, error: 'ValidationError', message };
    }
    const payload = parsed.data;
    const deps = getDeps();
    deps.log.info('run started', { ...payload });
    try {
      const report = await execute(deps, payload);
      logReport(deps.log, report);
      return { ok: true, report };
    } catch (error) {
      deps.log.warn('run failed', { action: payload.action, error: describeFailure(error) });
      if (error instanceof Error && error.name === 'DigestNotFoundError') {
        return { ok: false, error: 'DigestNotFoundError', message: error.message };
      }
      throw error;
    }
  };
}

function execute(deps: FunctionDeps, payload: RunPayload): Promise<RunReport> {
  const options = { dryRun: payload.dryRun, force: payload.force };
  if (payload.action === 'publish') return publishSite(deps, options);
  return issueDigest(deps, {
    ...options,
    digestId: payload.digest,
    at: payload.at ? new Date(payload.at) : undefined,
    since: payload.since ? new Date(payload.since) : undefined,
  });
}

export const handler = createRunHandler(coldStartDeps);
