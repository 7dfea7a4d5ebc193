import * as z from 'zod';
import { DigestIdSchema, issueDigest } from '../src/digest/index.js';
import { checkDigestRequest } from './digest-request.js';
import { useBuildHeap, useLargeSiteHeap } from '../src/process/heap-settings.js';
import { publishSite } from '../src/publish/publish.js';
import type { RunReport } from '../src/publish/run-report.js';
import { coldStartDeps, depsForRun, type FunctionDeps } from './deps.js';
import { createHandler, type InvalidAnswer } from './envelope.js';
import type { JsonLogger } from './log.js';

const isoTime = z.iso.datetime({ offset: true });

/** The manual payload: strict, so a typo like `dryrun` is an error instead of a real (non-dry) run. */
export const RunPayloadSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('publish'),
    dryRun: z.boolean().optional(),
    force: z.boolean().optional(),
    /** Lets this run remove more than the guard's share of the published articles. */
    allowMassDelete: z.boolean().optional(),
    /** Rebuilds the publisher state from the sources and the published output. */
    rebuildState: z.boolean().optional(),
  }),
  z
    .strictObject({
      action: z.literal('digest'),
      digest: DigestIdSchema,
      at: isoTime.optional(),
      // Same floor as the digest windows; checked here too so the caller gets it before any deps are built.
      since: isoTime.refine((s) => Date.parse(s) >= 0, 'must not be before 1970-01-01').optional(),
      dryRun: z.boolean().optional(),
      force: z.boolean().optional(),
    })
    .refine((p) => !p.since || !p.at || Date.parse(p.since) < Date.parse(p.at), {
      message: '"since" must be before "at"',
      path: ['since'],
    }),
]);
export type RunPayload = z.infer<typeof RunPayloadSchema>;

export type RunResult = { ok: true; report: RunReport } | InvalidAnswer;

/**
 * Manual runs (console, `invoke`): a bad payload, an unknown digest or a too-long backfill is answered,
 * not thrown, so the caller sees what to fix; a failure while running (storage, config, a guard) is
 * rethrown and fails the invocation.
 */
export function createRunHandler(getDeps: () => FunctionDeps, log?: JsonLogger): (event: unknown) => Promise<RunResult> {
  return createHandler<RunPayload, RunResult>(
    {
      name: 'run',
      schema: RunPayloadSchema,
      describe: (payload) => ({ ...payload }),
      run: async (deps, payload) => ({ ok: true, report: await execute(deps, payload) }),
      reportOf: (result) => (result.ok ? result.report : undefined),
      answerInvalid: (answer) => answer,
    },
    getDeps,
    log,
  );
}

function execute(given: FunctionDeps, payload: RunPayload): Promise<RunReport> {
  useBuildHeap();
  const deps = depsForRun(given, payload.dryRun);
  const options = { dryRun: payload.dryRun, force: payload.force };
  if (payload.action === 'publish') {
    return publishSite(deps, { ...options, allowMassDelete: payload.allowMassDelete, rebuildState: payload.rebuildState, onListed: useLargeSiteHeap });
  }
  const at = payload.at ? new Date(payload.at) : deps.clock();
  const since = payload.since ? new Date(payload.since) : undefined;
  checkDigestRequest(deps.config, 'run payload', { digestId: payload.digest, at, since, now: deps.clock() });
  return issueDigest(deps, { ...options, digestId: payload.digest, at, since });
}

export const handler = createRunHandler(coldStartDeps);
