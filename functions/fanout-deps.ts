import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { ConfigError } from '../src/config/config.js';
import { createRoutedWorkQueue, createSqsWorkQueue, createStepFunctionsWorkQueue, createStoredBatchesProcessor, type LazyClient, type WorkQueue } from '../src/fanout/index.js';
import type { SourceProcessor } from '../src/publish/source-processor.js';
import type { Env } from '../src/storage/index.js';
import { coldStartDeps, type FunctionDeps } from './deps.js';

// A cold first parse+summarize runs at ~1,300 sources/s on one Lambda vCPU-equivalent (npm run bench:scale):
// 2,000 changed sources stay well inside one invocation; a batch of 500 takes well under a minute.
const DEFAULT_BUDGET = 2000;
const DEFAULT_BATCH = 500;
// Full rebuilds (every source changed: a new summary setting, a first deploy of a big archive) go to the
// state machine from this many changed sources (100 batches); smaller fan-outs stay on SQS, which costs
// nothing per run and no state transitions.
const DEFAULT_MAP_FROM = 50_000;

const FanoutEnvSchema = z.object({
  FEEDWRIGHT_FANOUT_QUEUE_URL: z.url(),
  FEEDWRIGHT_ASSEMBLE_QUEUE_URL: z.url(),
  FEEDWRIGHT_FANOUT_BUDGET: z.coerce.number().int().positive().default(DEFAULT_BUDGET),
  FEEDWRIGHT_FANOUT_BATCH: z.coerce.number().int().positive().default(DEFAULT_BATCH),
  /** Only the publish function has it: the state machine is started by the coordinator alone. */
  FEEDWRIGHT_FANOUT_STATE_MACHINE_ARN: z.string().regex(/^arn:aws[a-z-]*:states:/, 'a Step Functions state machine ARN').optional(),
  FEEDWRIGHT_FANOUT_MAP_FROM: z.coerce.number().int().positive().default(DEFAULT_MAP_FROM),
});

// The SDK clients are made on first use (one each per container): loading the SQS and Step Functions
// modules at start cost the fan-out handlers ~70 ms of every cold start, and most invocations send nothing.
let sqsClientMade: Promise<SQSClient> | undefined;
const defaultSqsClient = () => (sqsClientMade ??= import('@aws-sdk/client-sqs').then((sdk) => new sdk.SQSClient({})));
let sfnClientMade: Promise<SFNClient> | undefined;
const defaultSfnClient = () => (sfnClientMade ??= import('@aws-sdk/client-sfn').then((sdk) => new sdk.SFNClient({})));

export interface FanoutDeps extends FunctionDeps {
  queue: WorkQueue;
  budget: number;
  batchSize: number;
}

/**
 * The fan-out's deployment facts (queue URLs, budget, batch size, state machine) on top of the usual
 * function deps. With a state machine ARN, runs of at least FEEDWRIGHT_FANOUT_MAP_FROM changed sources
 * start it; every other fan-out goes to SQS.
 */
export function buildFanoutDeps(base: FunctionDeps, env: Env, client: LazyClient<SQSClient>, sfnClient: LazyClient<SFNClient> = defaultSfnClient): FanoutDeps {
  const parsed = FanoutEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`environment: invalid fan-out settings\n${z.prettifyError(parsed.error)}`, 'environment');
  const s = parsed.data;
  const sqs = createSqsWorkQueue({ client, batchQueueUrl: s.FEEDWRIGHT_FANOUT_QUEUE_URL, assembleQueueUrl: s.FEEDWRIGHT_ASSEMBLE_QUEUE_URL });
  const stateMachineArn = s.FEEDWRIGHT_FANOUT_STATE_MACHINE_ARN;
  const queue =
    stateMachineArn === undefined
      ? sqs
      : createRoutedWorkQueue({
          queue: sqs,
          stateMachine: createStepFunctionsWorkQueue({ client: sfnClient, stateMachineArn, work: base.state, fallback: sqs }),
          stateMachineFrom: Math.ceil(s.FEEDWRIGHT_FANOUT_MAP_FROM / s.FEEDWRIGHT_FANOUT_BATCH),
        });
  return {
    ...base,
    queue,
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
  coldStart ??= buildFanoutDeps(coldStartDeps(), process.env, defaultSqsClient);
  return coldStart;
}
