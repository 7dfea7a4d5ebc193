// A publish run in its own process, so a test can SIGKILL it at a chosen store mutation (a real crash:
// no finally blocks, no flushed buffers) or hold it mid-run while a second run starts.
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { FeedwrightError } from '../../src/errors/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite, type PublishOptions } from '../../src/publish/publish.js';
import { createLocalStore } from '../../src/storage/local-store.js';
import type { Store } from '../../src/storage/store.js';
import { interceptStores } from './intercept-store.js';

export interface ChildJob {
  input: string;
  clock: string;
  config: unknown;
  options?: PublishOptions;
  /** SIGKILL this process just before the Nth write or delete (output and state counted together). */
  killAt?: number;
  /** Before the first write to the output (the state, and so any lease, already taken), print `PAUSED` and wait for a line on stdin. */
  pauseAtFirstOutputWrite?: boolean;
  /** The run's `contentInMemory` (0: it keeps no article HTML; pages read their sources again). */
  contentInMemory?: number;
  local?: { out: string; state: string };
  s3?: { endpoint: string; bucket: string; outPrefix: string; statePrefix: string };
}

const job = JSON.parse(process.env.FW_CHILD_JOB ?? '{}') as ChildJob;

const waitForLine = () => new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

// Once paused, every later mutation waits for the same line: pages are written several at a time, and
// the others in flight must not land while the run is meant to be standing still.
let resumed: Promise<void> | undefined;
const intercept = interceptStores(async (n, _op, _key, store) => {
  if (n === job.killAt) process.kill(process.pid, 'SIGKILL');
  if (job.pauseAtFirstOutputWrite && store === 'output' && !resumed) {
    resumed = waitForLine();
    process.stdout.write('PAUSED\n');
  }
  if (resumed) await resumed;
});

// The S3 modules are loaded only for S3 jobs: the SDK's load time would otherwise dominate every local kill point.
async function stores(): Promise<{ output: Store; state: Store }> {
  if (job.local) return { output: createLocalStore(job.local.out), state: createLocalStore(job.local.state) };
  if (!job.s3) throw new Error('job needs local or s3');
  const { createS3Client } = await import('../../src/storage/s3-client-eager.js');
  const { createS3Store } = await import('../../src/storage/s3-store.js');
  const client = createS3Client(
    { AWS_ENDPOINT_URL_S3: job.s3.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
    { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, maxAttempts: 2 },
  );
  return {
    output: createS3Store({ client, bucket: job.s3.bucket, prefix: job.s3.outPrefix }),
    state: createS3Store({ client, bucket: job.s3.bucket, prefix: job.s3.statePrefix }),
  };
}

try {
  const { output, state } = await stores();
  const report = await publishSite(
    {
      config: parseConfig(job.config),
      input: createLocalStore(job.input),
      output: intercept.wrap(output, 'output'),
      state: intercept.wrap(state, 'state'),
      clock: fixedClock(job.clock),
      log: silentLogger,
      ...(job.contentInMemory === undefined ? {} : { contentInMemory: job.contentInMemory }),
    },
    job.options ?? {},
  );
  process.stdout.write(`${JSON.stringify({ ok: true, mutations: intercept.count(), written: report.written, deleted: report.deleted })}\n`);
  process.exit(0);
} catch (error) {
  const exitCode = error instanceof FeedwrightError ? error.exitCode : 99;
  process.stdout.write(`${JSON.stringify({ ok: false, message: error instanceof Error ? error.message : String(error), exitCode })}\n`);
  process.exit(exitCode);
}
