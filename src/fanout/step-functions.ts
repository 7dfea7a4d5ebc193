import type { SFNClient } from '@aws-sdk/client-sfn';
import { sha256 } from '../publish/sync-objects.js';
import { STATE_OBJECT_META } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import { clientOf, type BatchMessage, type LazyClient, type WorkQueue } from './queue.js';
import { runPrefix } from './work-keys.js';

/** An execution's manifest: the batch messages its Distributed Map reads (one JSON array in S3). */
export const manifestKey = (runId: string, executionName: string): string => `${runPrefix(runId)}map/${executionName}.json`;

export interface StateMachineOptions {
  /** Bucket and key prefix of the state store (`state/`): the ItemReader reads the manifest there. */
  bucket: string;
  statePrefix: string;
  workerArn: string;
  deadLetterArn: string;
  assembleArn: string;
  /** Child executions at once; each runs one worker invocation. */
  maxConcurrency: number;
  /** Batch messages per child execution (ItemBatcher); default 4. */
  batchesPerChild?: number;
  /** Percentage of child executions that may fail (after retries) before the run stops; default 10. */
  toleratedFailurePercentage?: number;
}

// Lambda's own transient answers (throttled by the worker's reserved concurrency, a service hiccup) are
// retried longer than a failing unit, which is retried twice and then left to the leftovers step.
const LAMBDA_TRANSIENT = ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'];

function invoke(functionArn: string, payload: Record<string, unknown>): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: functionArn, ...payload },
    Retry: [{ ErrorEquals: LAMBDA_TRANSIENT, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 }],
  };
}

/**
 * The full-rebuild path: a Standard state machine whose Distributed Map reads the run's manifest (the
 * batch messages, one JSON array under `state/work/<run>/map/`) and hands them to the worker a few per
 * child execution (ItemBatcher). A child that still fails after its retries is a map failure: past the
 * tolerated percentage the execution stops and nothing is published (a broken deployment rejects nothing);
 * under it, the leftovers step hands every batch of the manifest that did not land to the dead-letter logic
 * (split in halves queued on SQS, or rejected when down to one source, as for a dead-lettered message),
 * then one assemble step publishes in the usual order.
 */
export function fanoutStateMachine(options: StateMachineOptions): Record<string, unknown> {
  const tolerated = options.toleratedFailurePercentage ?? 10;
  return {
    Comment: 'Feedwright fan-out: parse+summarize the batches of a large run, then assemble the site',
    StartAt: 'Batches',
    States: {
      Batches: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { Bucket: options.bucket, 'Key.$': `States.Format('${options.statePrefix}{}', $.manifest)` },
        },
        ItemBatcher: { MaxItemsPerBatch: options.batchesPerChild ?? 4, BatchInput: { 'runId.$': '$.runId' } },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Process',
          States: {
            Process: {
              ...invoke(options.workerArn, { 'Payload.$': '$' }),
              Retry: [
                { ErrorEquals: LAMBDA_TRANSIENT, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 },
                { ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 },
              ],
              OutputPath: '$.Payload',
              End: true,
            },
          },
        },
        MaxConcurrency: options.maxConcurrency,
        ToleratedFailurePercentage: tolerated,
        ResultPath: null,
        Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], ResultPath: '$.error', Next: 'TooManyFailures' }],
        Next: 'Leftovers',
      },
      Leftovers: {
        ...invoke(options.deadLetterArn, { Payload: { 'runId.$': '$.runId', 'manifest.$': '$.manifest', sweep: true } }),
        ResultPath: null,
        Next: 'Assemble',
      },
      Assemble: {
        ...invoke(options.assembleArn, { Payload: { 'runId.$': '$.runId' } }),
        OutputPath: '$.Payload',
        End: true,
      },
      TooManyFailures: {
        Type: 'Fail',
        Error: 'FanoutFailed',
        Cause: `more than ${tolerated}% of the batch groups failed after retries: nothing was published (look for a systematic failure, not a poison source)`,
      },
    },
  };
}

/**
 * The work queue as a Step Functions execution: the batch messages are stored as the execution's
 * manifest, then the execution is started, named by the run and the batches it covers. Starting the same
 * name again while it runs is accepted by Step Functions (Standard workflows); a name whose execution has
 * ended means those batches were tried and are still missing, so they go to `fallback` (the SQS queue).
 * The state machine assembles at its end, so no assemble request is sent from here.
 */
export function createStepFunctionsWorkQueue(options: { client: LazyClient<SFNClient>; stateMachineArn: string; work: Store; fallback?: WorkQueue }): WorkQueue {
  return {
    async enqueueBatches(messages: BatchMessage[]) {
      const runId = messages[0]?.runId;
      if (runId === undefined) return;
      const name = `${runId}-${sha256(JSON.stringify(messages.map((m) => m.batch))).slice(0, 12)}`;
      const manifest = manifestKey(runId, name);
      await options.work.write(manifest, JSON.stringify(messages), STATE_OBJECT_META);
      // The SDK's module is loaded here, on the first start, not when the function starts.
      const { ExecutionAlreadyExists, StartExecutionCommand } = await import('@aws-sdk/client-sfn');
      const client = await clientOf(options.client);
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn: options.stateMachineArn, name, input: JSON.stringify({ runId, manifest }) }));
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
        await options.fallback?.enqueueBatches(messages);
      }
    },
    async requestAssemble(runId: string) {
      await options.fallback?.requestAssemble(runId);
    },
  };
}

/**
 * The coordinator's queue: runs of at least `stateMachineFrom` batches (full rebuilds) start the state
 * machine, smaller ones (and resends of a few missing batches) go to SQS. Assemble requests always go to
 * SQS: they come from workers that land the last batch of a run, whichever path started it.
 */
export function createRoutedWorkQueue(options: { queue: WorkQueue; stateMachine: WorkQueue; stateMachineFrom: number }): WorkQueue {
  return {
    async enqueueBatches(messages: BatchMessage[]) {
      if (messages.length >= options.stateMachineFrom) await options.stateMachine.enqueueBatches(messages);
      else await options.queue.enqueueBatches(messages);
    },
    requestAssemble: (runId: string) => options.queue.requestAssemble(runId),
    ...(options.queue.retryAfter ? { retryAfter: options.queue.retryAfter.bind(options.queue) } : {}),
  };
}
