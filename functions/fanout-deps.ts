import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { ConfigError } from '../src/config/config.js';
import { createSqsWorkQueue, createStoredBatchesProcessor, type WorkQueue } from '../src/fanout/index.js';
import type { SourceProcessor } from '../src/publish/source-processor.js';
import type { Env } from '../src/storage/index.js';
import { coldStartDeps, type FunctionDeps } from './deps.js';

// A cold first parse+summarize runs at ~1,300 sources/s on one Lambda vCPU-equivalent (npm run bench:scale):
// 2,000 changed sources stay well inside one invocation; a batch of 500 takes well under a minute.
const DEFAULT_BUDGET = 2000;
const DEFAULT_BATCH = 500;

const FanoutEnvSchema = z.object({
  FEEDWRIGHT_FANOUT_QUEUE_URL: z.url(),
  FEEDWRIGHT_ASSEMBLE_QUEUE_URL: z.url(),
  FEEDWRIGHT_FANOUT_BUDGET: z.coerce.number().int().positive().default(DEFAULT_BUDGET),
  FEEDWRIGHT_FANOUT_BATCH: z.coerce.number().int().positive().default(DEFAULT_BATCH),
});

export interface FanoutDeps extends FunctionDeps {
  queue: WorkQueue;
  budget: number;
  batchSize: number;
}

/** The fan-out's deployment facts (queue URLs, budget, batch size) on top of the usual function deps. */
export function buildFanoutDeps(base: FunctionDeps, env: Env, client: SQSClient): FanoutDeps {
  const parsed = FanoutEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`environment: invalid fan-out settings\n${z.prettifyError(parsed.error)}`, 'environment');
  const s = parsed.data;
  return {
    ...base,
    queue: createSqsWorkQueue({ client, batchQueueUrl: s.FEEDWRIGHT_FANOUT_QUEUE_URL, assembleQueueUrl: s.FEEDWRIGHT_ASSEMBLE_QUEUE_URL }),
    budget: s.FEEDWRIGHT_FANOUT_BUDGET,
    batchSize: s.FEEDWRIGHT_FANOUT_BATCH,
  };
}

/** The stored-batches processor for a publish (coordinator) or an assemble step of the given runs. */
export function fanoutProcessor(deps: FanoutDeps, assembleRuns: string[] = []): SourceProcessor {
  return createStoredBatchesProcessor({
    work: deps.state,
    queue: deps.queue,
    budget: deps.budget,
    batchSize: deps.batchSize,
    now: deps.clock,
    ...(assembleRuns.length > 0 ? { assembleRuns } : {}),
  });
}

let coldStart: FanoutDeps | undefined;

export function coldStartFanoutDeps(): FanoutDeps {
  coldStart ??= buildFanoutDeps(coldStartDeps(), process.env, new SQSClient({}));
  return coldStart;
}
