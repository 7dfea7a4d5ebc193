import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { STATE_OBJECT_META } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import type { BatchMessage, WorkQueue } from './queue.js';
import { runPrefix } from './work-keys.js';

/** The list of a run's batch messages, read by the Distributed Map's ItemReader. */
export const batchListKey = (runId: string): string => `${runPrefix(runId)}batches.json`;

export interface StateMachineOptions {
  /** Bucket and key prefix of the state store (`state/`): the ItemReader reads the batch list there. */
  bucket: string;
  statePrefix: string;
  workerArn: string;
  deadLetterArn: string;
  assembleArn: string;
  maxConcurrency: number;
}

/**
 * The full-rebuild alternative to the SQS queue: a Step Functions Distributed Map over the run's batch
 * list. Each item invokes the worker (retried with backoff); an item that still fails is recorded by
 * the dead-letter function, so its sources are rejected and the map goes on; then one assemble step.
 * Standard workflow, so duplicate starts with the same name (the run id) are refused by Step Functions.
 */
export function fanoutStateMachine(options: StateMachineOptions): Record<string, unknown> {
  const invoke = (arn: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: arn, 'Payload.$': '$' },
    OutputPath: '$.Payload',
  });
  return {
    Comment: 'Feedwright fan-out: parse+summarize batches of changed sources, then assemble the site',
    StartAt: 'Batches',
    States: {
      Batches: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { Bucket: options.bucket, 'Key.$': `States.Format('${options.statePrefix}work/{}/batches.json', $.runId)` },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Process',
          States: {
            Process: {
              ...invoke(options.workerArn),
              Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 }],
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailed' }],
              End: true,
            },
            RecordFailed: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: options.deadLetterArn, 'Payload.$': 'States.JsonMerge($, States.StringToJson(\'{"failed":true}\'), false)' },
              End: true,
            },
          },
        },
        MaxConcurrency: options.maxConcurrency,
        // Every failure is caught and recorded per item, so the map itself should never fail; if the
        // recording fails too, stop rather than assemble without it.
        ToleratedFailurePercentage: 0,
        ResultPath: null,
        Next: 'Assemble',
      },
      Assemble: {
        ...invoke(options.assembleArn),
        Parameters: { FunctionName: options.assembleArn, 'Payload.$': '$' },
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 }],
        End: true,
      },
    },
  };
}

/**
 * The work queue as a Step Functions execution: the batch list is stored, then one execution per run is
 * started, named by the run id. The state machine assembles at the end, so no assemble message is sent.
 */
export function createStepFunctionsWorkQueue(options: { client: SFNClient; stateMachineArn: string; work: Store }): WorkQueue {
  return {
    async enqueueBatches(messages: BatchMessage[]) {
      const runId = messages[0]?.runId;
      if (runId === undefined) return;
      await options.work.write(batchListKey(runId), JSON.stringify(messages), STATE_OBJECT_META);
      try {
        await options.client.send(new StartExecutionCommand({ stateMachineArn: options.stateMachineArn, name: runId, input: JSON.stringify({ runId }) }));
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
    async requestAssemble() {},
  };
}
