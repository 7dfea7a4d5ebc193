import { createRequire } from 'node:module';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../../bench/build/synthetic-corpus.js';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { batchListKey, createSqsWorkQueue, createStepFunctionsWorkQueue, fanoutStateMachine, QueueSendError } from '../../src/fanout/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { createJsonLogger } from '../../functions/log.js';
import { buildFanoutDeps } from '../../functions/fanout-deps.js';
import { createAssembleHandler, createFanoutPublishHandler } from '../../functions/fanout-publish.js';
import { createWorkerHandler } from '../../functions/fanout-worker.js';

const validateAsl = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean; errorsText(separator?: string): string };

const BATCH_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/feedwright-dev-fanout';
const ASSEMBLE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/feedwright-dev-fanout-assemble';
const sqs = mockClient(SQSClient);
const sfn = mockClient(SFNClient);

beforeEach(() => {
  sqs.reset();
  sfn.reset();
});

describe('SQS work queue', () => {
  it('sends batch messages ten per SendMessageBatch, and assemble requests to their own queue', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageCommand).resolves({});
    const queue = createSqsWorkQueue({ client: new SQSClient({ region: 'us-east-1' }), batchQueueUrl: BATCH_URL, assembleQueueUrl: ASSEMBLE_URL });
    await queue.enqueueBatches(Array.from({ length: 23 }, (_, batch) => ({ runId: 'ab'.repeat(16), batch })));
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.QueueUrl === BATCH_URL)).toBe(true);
    const bodies = calls.flatMap((c) => (c.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '') as { batch: number }));
    expect(bodies.map((b) => b.batch)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    await queue.requestAssemble('cd'.repeat(16));
    expect(sqs.commandCalls(SendMessageCommand).map((c) => [c.args[0].input.QueueUrl, c.args[0].input.MessageBody])).toEqual([[ASSEMBLE_URL, JSON.stringify({ runId: 'cd'.repeat(16) })]]);
  });

  it('fails when SQS refuses some entries of a batch send, naming the queue', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: 'b1', SenderFault: false, Code: 'InternalError', Message: 'try again' }] });
    const queue = createSqsWorkQueue({ client: new SQSClient({ region: 'us-east-1' }), batchQueueUrl: BATCH_URL, assembleQueueUrl: ASSEMBLE_URL });
    const sent = queue.enqueueBatches([{ runId: 'ab'.repeat(16), batch: 0 }, { runId: 'ab'.repeat(16), batch: 1 }]);
    await expect(sent).rejects.toBeInstanceOf(QueueSendError);
    await expect(sent).rejects.toThrow(/feedwright-dev-fanout: 1 of 2 messages refused \(InternalError/);
  });
});

describe('Step Functions Distributed Map (full rebuilds)', () => {
  const options = {
    bucket: 'feedwright-dev-feeds',
    statePrefix: 'state/',
    workerArn: 'arn:aws:lambda:us-east-1:123456789012:function:feedwright-dev-fanoutWorker',
    deadLetterArn: 'arn:aws:lambda:us-east-1:123456789012:function:feedwright-dev-fanoutDeadLetter',
    assembleArn: 'arn:aws:lambda:us-east-1:123456789012:function:feedwright-dev-fanoutAssemble',
    maxConcurrency: 200,
  };

  it('is a valid ASL definition with a distributed map over the stored batch list, then one assemble step', () => {
    const definition = fanoutStateMachine(options);
    const result = validateAsl(definition);
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
    const map = (definition.States as Record<string, Record<string, unknown>>).Batches as Record<string, unknown>;
    expect((map.ItemProcessor as { ProcessorConfig: unknown }).ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.MaxConcurrency).toBe(200);
    expect(map.Next).toBe('Assemble');
  });

  it('the validator refuses a broken definition (so the check above can fail)', () => {
    const definition = fanoutStateMachine(options);
    const broken = { ...definition, States: { ...(definition.States as object), Batches: { ...((definition.States as Record<string, object>).Batches as object), Next: 'Nowhere' } } };
    expect(validateAsl(broken).isValid).toBe(false);
  });

  it('starts one execution per run, named by the run id, and takes a duplicate start as already running', async () => {
    const work = createMemoryStore();
    const runId = 'ef'.repeat(16);
    sfn.on(StartExecutionCommand).resolvesOnce({ executionArn: 'arn:x', startDate: new Date(0) }).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const queue = createStepFunctionsWorkQueue({ client: new SFNClient({ region: 'us-east-1' }), stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:fanout', work });
    const messages = [0, 1, 2].map((batch) => ({ runId, batch }));
    await queue.enqueueBatches(messages);
    await queue.enqueueBatches(messages);
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => [c.args[0].input.name, c.args[0].input.input])).toEqual([
      [runId, JSON.stringify({ runId })],
      [runId, JSON.stringify({ runId })],
    ]);
    expect(JSON.parse(new TextDecoder().decode(work.objects.get(batchListKey(runId))?.body))).toEqual(messages);
  });
});

describe('fan-out handlers with SQS mocked', () => {
  it('publish fans out, workers answer SQS and ask for the assemble step, assemble publishes', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 9; i++) files[`s-${i}.md`] = syntheticArticle(i);
    const input = createMemoryStore(files);
    const output = createMemoryStore();
    const state = createMemoryStore();
    const lines: string[] = [];
    const log = createJsonLogger((line) => lines.push(line));
    const config = parseConfig({ site: { title: 'Handlers', baseUrl: 'https://h.example/' } });
    const env = { FEEDWRIGHT_FANOUT_QUEUE_URL: BATCH_URL, FEEDWRIGHT_ASSEMBLE_QUEUE_URL: ASSEMBLE_URL, FEEDWRIGHT_FANOUT_BUDGET: '3', FEEDWRIGHT_FANOUT_BATCH: '4' };
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageCommand).resolves({});
    const deps = buildFanoutDeps({ config, input, output, state, clock: fixedClock('2026-06-01T00:00:00Z'), log }, env, new SQSClient({ region: 'us-east-1' }));

    const pending = await createFanoutPublishHandler(() => deps, log)({});
    expect(pending).toMatchObject({ action: 'publish', pending: { batches: 3, enqueued: true } });
    expect(output.objects.size).toBe(0);
    const entries = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries).toHaveLength(3);

    const worker = createWorkerHandler(() => deps);
    const event = { Records: entries.map((e, i) => ({ messageId: `m${i}`, body: e.MessageBody ?? '' })) };
    // Plus one that is not a batch message: only it is reported failed.
    event.Records.push({ messageId: 'bad', body: '{"nope":1}' });
    expect(await worker(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    const assembleBodies = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageBody ?? '');
    // Only the worker that landed the last batch asks (once here: the three ran in one invocation).
    expect(assembleBodies).toEqual([JSON.stringify({ runId: (pending as { pending: { runId: string } }).pending.runId })]);

    const report = await createAssembleHandler(() => deps, log)({ Records: assembleBodies.map((body, i) => ({ messageId: `a${i}`, body })) });
    expect(report).toMatchObject({ action: 'publish', articles: 9 });
    expect(output.objects.has('feed.xml')).toBe(true);
  });
});
