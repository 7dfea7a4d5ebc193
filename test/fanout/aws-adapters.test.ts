import { createRequire } from 'node:module';
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../../bench/build/synthetic-corpus.js';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { createRoutedWorkQueue, createSqsWorkQueue, createStepFunctionsWorkQueue, fanoutStateMachine, QueueSendError, type BatchMessage, type WorkQueue } from '../../src/fanout/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { createJsonLogger } from '../../functions/log.js';
import { buildFanoutDeps } from '../../functions/fanout-deps.js';
import { createAssembleHandler, createFanoutPublishHandler } from '../../functions/fanout-publish.js';
import { createDeadLetterHandler, createWorkerHandler } from '../../functions/fanout-worker.js';

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

  it('makes a lazily given client once it has something to send, and only then', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    let made = 0;
    const client = new SQSClient({ region: 'us-east-1' });
    const queue = createSqsWorkQueue({ client: async () => (made++, client), batchQueueUrl: BATCH_URL, assembleQueueUrl: ASSEMBLE_URL });
    await queue.enqueueBatches([]);
    expect(made).toBe(0);
    await queue.enqueueBatches([{ runId: 'ab'.repeat(16), batch: 0 }]);
    await queue.retryAfter?.('rh', 12.4);
    expect(made).toBeGreaterThan(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([{ QueueUrl: BATCH_URL, ReceiptHandle: 'rh', VisibilityTimeout: 12 }]);
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

  it('is a valid ASL definition: a distributed map over the stored manifest with an item batcher, then leftovers and assemble', () => {
    const definition = fanoutStateMachine(options);
    const result = validateAsl(definition);
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
    const states = definition.States as Record<string, Record<string, unknown>>;
    const map = states.Batches as Record<string, unknown>;
    expect((map.ItemProcessor as { ProcessorConfig: unknown }).ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ItemBatcher).toEqual({ MaxItemsPerBatch: 4, BatchInput: { 'runId.$': '$.runId' } });
    expect(map.ToleratedFailurePercentage).toBe(10);
    expect(map.MaxConcurrency).toBe(200);
    expect(map.Next).toBe('Leftovers');
    expect(states.Leftovers?.Next).toBe('Assemble');
    expect((states.Assemble?.Parameters as { FunctionName: string }).FunctionName).toBe(options.assembleArn);
  });

  it('the validator refuses a broken definition (so the check above can fail)', () => {
    const definition = fanoutStateMachine(options);
    const broken = { ...definition, States: { ...(definition.States as object), Batches: { ...((definition.States as Record<string, object>).Batches as object), Next: 'Nowhere' } } };
    expect(validateAsl(broken).isValid).toBe(false);
  });

  const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:feedwright-dev-fanout';
  const recorder = () => {
    const sent: BatchMessage[][] = [];
    const assembles: string[] = [];
    const queue: WorkQueue = {
      enqueueBatches: async (m) => void sent.push(m),
      requestAssemble: async (runId) => void assembles.push(runId),
    };
    return { sent, assembles, queue };
  };

  it('starts one execution per run and batch list, with its manifest stored; an ended execution of that name sends the batches to SQS', async () => {
    const work = createMemoryStore();
    const runId = 'ef'.repeat(16);
    sfn.on(StartExecutionCommand).resolvesOnce({ executionArn: 'arn:x', startDate: new Date(0) }).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const sqsSide = recorder();
    // Given as a provider, as the deployed handlers do (the SDK loaded on first use).
    const queue = createStepFunctionsWorkQueue({ client: async () => new SFNClient({ region: 'us-east-1' }), stateMachineArn: SM_ARN, work, fallback: sqsSide.queue });
    const messages = [0, 1, 2].map((batch) => ({ runId, batch }));
    await queue.enqueueBatches(messages);
    expect(sqsSide.sent).toEqual([]);
    await queue.enqueueBatches(messages);
    const starts = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
    expect(starts).toHaveLength(2);
    const first = starts[0];
    if (!first) throw new Error('no execution started');
    expect(first.stateMachineArn).toBe(SM_ARN);
    expect(first.name).toMatch(new RegExp(`^${runId}-[0-9a-f]{12}$`));
    // Step Functions names: at most 80 characters.
    expect(first.name?.length).toBeLessThanOrEqual(80);
    const input = JSON.parse(first.input ?? '') as { runId: string; manifest: string };
    expect(input).toEqual({ runId, manifest: `work/${runId}/map/${first.name}.json` });
    expect(JSON.parse(new TextDecoder().decode(work.objects.get(input.manifest)?.body))).toEqual(messages);
    expect(sqsSide.sent).toEqual([messages]);
  });

  it('routes runs from the threshold on to the state machine and smaller ones (and assemble requests) to SQS', async () => {
    const sqsSide = recorder();
    const sfnSide = recorder();
    const queue = createRoutedWorkQueue({ queue: sqsSide.queue, stateMachine: sfnSide.queue, stateMachineFrom: 3 });
    const run = (n: number) => Array.from({ length: n }, (_, batch) => ({ runId: 'ab'.repeat(16), batch }));
    await queue.enqueueBatches(run(2));
    await queue.enqueueBatches(run(3));
    await queue.requestAssemble('ab'.repeat(16));
    expect(sqsSide.sent.map((m) => m.length)).toEqual([2]);
    expect(sfnSide.sent.map((m) => m.length)).toEqual([3]);
    expect(sqsSide.assembles).toEqual(['ab'.repeat(16)]);
    expect(sfnSide.assembles).toEqual([]);
  });
});

describe('fan-out handlers with SQS mocked', () => {
  // The deployed `publish` is this handler: a requested dry run must neither write nor queue anything,
  // however many sources changed; a typo of dryRun must not start a real run.
  it('publish honours dryRun past the budget: no batch, no message, no object; unknown keys are refused', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 9; i++) files[`s-${i}.md`] = syntheticArticle(i);
    const output = createMemoryStore();
    const state = createMemoryStore();
    const log = createJsonLogger(() => undefined);
    const config = parseConfig({ site: { title: 'Handlers', baseUrl: 'https://h.example/' } });
    const env = { FEEDWRIGHT_FANOUT_QUEUE_URL: BATCH_URL, FEEDWRIGHT_ASSEMBLE_QUEUE_URL: ASSEMBLE_URL, FEEDWRIGHT_FANOUT_BUDGET: '3', FEEDWRIGHT_FANOUT_BATCH: '4' };
    const deps = buildFanoutDeps({ config, input: createMemoryStore(files), output, state, clock: fixedClock('2026-06-01T00:00:00Z'), log }, env, new SQSClient({ region: 'us-east-1' }));
    const handler = createFanoutPublishHandler(() => deps, log);

    const report = await handler({ dryRun: true });
    expect(report).toMatchObject({ action: 'publish', dryRun: true, articles: 9 });
    expect(output.objects.size + state.objects.size).toBe(0);
    expect(sqs.calls()).toHaveLength(0);

    for (const event of [{ dryrun: true }, { foo: 1 }]) {
      await expect(handler(event)).rejects.toMatchObject({ name: 'ValidationError', code: 'invalid-payload' });
    }
    expect(output.objects.size + state.objects.size).toBe(0);
    expect(sqs.calls()).toHaveLength(0);
  });

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
    const event = { Records: entries.map((e, i) => ({ messageId: `m${i}`, body: e.MessageBody ?? '', receiptHandle: `rh-${i}`, attributes: { ApproximateReceiveCount: '1' } })) };
    // Plus one that is not a batch message, on its second receive: only it is reported failed, and it comes
    // back after 2 x 15 s instead of the queue's visibility timeout.
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    event.Records.push({ messageId: 'bad', body: '{"nope":1}', receiptHandle: 'rh-bad', attributes: { ApproximateReceiveCount: '2' } });
    expect(await worker(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([{ QueueUrl: BATCH_URL, ReceiptHandle: 'rh-bad', VisibilityTimeout: 30 }]);
    const assembleBodies = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageBody ?? '');
    // Only the worker that landed the last batch asks (once here: the three ran in one invocation).
    expect(assembleBodies).toEqual([JSON.stringify({ runId: (pending as { pending: { runId: string } }).pending.runId })]);

    const report = await createAssembleHandler(() => deps, log)({ Records: assembleBodies.map((body, i) => ({ messageId: `a${i}`, body })) });
    expect(report).toMatchObject({ action: 'publish', articles: 9 });
    expect(output.objects.has('feed.xml')).toBe(true);

    // An event of no known shape (not SQS, not the map's items, not {runId, batch}) is refused as such, not a bug.
    for (const bad of [{ runId: 'abc' }, { batch: 0 }, 'text', null]) {
      await expect(worker(bad)).rejects.toMatchObject({ code: 'corrupt-work' });
    }
  });

  it('assemble refuses a malformed request alone (logged, not a bug) and still assembles the valid one delivered with it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`s-${i}.md`] = syntheticArticle(i);
    const output = createMemoryStore();
    const lines: string[] = [];
    const log = createJsonLogger((line) => lines.push(line));
    const config = parseConfig({ site: { title: 'Handlers', baseUrl: 'https://h.example/' } });
    const env = { FEEDWRIGHT_FANOUT_QUEUE_URL: BATCH_URL, FEEDWRIGHT_ASSEMBLE_QUEUE_URL: ASSEMBLE_URL, FEEDWRIGHT_FANOUT_BUDGET: '3', FEEDWRIGHT_FANOUT_BATCH: '4' };
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageCommand).resolves({});
    const deps = buildFanoutDeps({ config, input: createMemoryStore(files), output, state: createMemoryStore(), clock: fixedClock('2026-06-01T00:00:00Z'), log }, env, new SQSClient({ region: 'us-east-1' }));
    await createFanoutPublishHandler(() => deps, log)({});
    const entries = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    await createWorkerHandler(() => deps)({ Records: entries.map((e, i) => ({ messageId: `m${i}`, body: e.MessageBody ?? '' })) });
    const valid = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageBody ?? '');
    expect(valid).toHaveLength(1);
    const assemble = createAssembleHandler(() => deps, log);
    const malformed = [
      { messageId: 'garbage', body: 'garbage' },
      { messageId: 'empty', body: '{}' },
      { messageId: 'path', body: '{"runId":"../../x"}' },
    ];
    const refusals = () =>
      lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'error').map((l) => [l.msg, l.messageId, l.code, l.bug, 'stack' in l]);

    // Only malformed records: nothing to assemble, nothing published, the invocation succeeds (no retry mends them).
    lines.length = 0;
    expect(await assemble({ Records: malformed })).toEqual({ action: 'assemble', refused: ['garbage', 'empty', 'path'] });
    expect(refusals()).toEqual(malformed.map((m) => ['assemble request refused', m.messageId, 'corrupt-work', false, false]));
    expect(output.objects.size).toBe(0);

    // Delivered together with a valid request (batchSize 10): the valid one is assembled all the same.
    lines.length = 0;
    const report = await assemble({ Records: [...malformed, { messageId: 'valid', body: valid[0] ?? '' }] });
    expect(report).toMatchObject({ action: 'publish', articles: 6 });
    expect(output.objects.has('feed.xml')).toBe(true);
    expect(refusals()).toEqual(malformed.map((m) => ['assemble request refused', m.messageId, 'corrupt-work', false, false]));

    // The state machine's direct form names its run itself: a bad one fails the task as invalid, not as a bug.
    lines.length = 0;
    await expect(assemble({ runId: '../../x' })).rejects.toThrow(/runId/);
    expect(refusals()).toEqual([['assemble failed', undefined, 'invalid-payload', false, false]]);
  });
});

describe('fan-out handlers with Step Functions mocked (full rebuilds)', () => {
  it('publish starts the state machine past the threshold; the map items, leftovers and assemble steps publish the site', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`s-${i}.md`] = syntheticArticle(i);
    const input = createMemoryStore(files);
    const output = createMemoryStore();
    const state = createMemoryStore();
    const log = createJsonLogger(() => {});
    const config = parseConfig({ site: { title: 'Rebuild', baseUrl: 'https://r.example/' } });
    const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:feedwright-dev-fanout';
    const env = {
      FEEDWRIGHT_FANOUT_QUEUE_URL: BATCH_URL,
      FEEDWRIGHT_ASSEMBLE_QUEUE_URL: ASSEMBLE_URL,
      FEEDWRIGHT_FANOUT_BUDGET: '3',
      FEEDWRIGHT_FANOUT_BATCH: '2',
      FEEDWRIGHT_FANOUT_STATE_MACHINE_ARN: stateMachineArn,
      // 10 changed sources: over the budget, and at the threshold of the state machine.
      FEEDWRIGHT_FANOUT_MAP_FROM: '10',
    };
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date(0) });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageCommand).resolves({});
    const deps = buildFanoutDeps({ config, input, output, state, clock: fixedClock('2026-06-01T00:00:00Z'), log }, env, new SQSClient({ region: 'us-east-1' }), new SFNClient({ region: 'us-east-1' }));

    const pending = await createFanoutPublishHandler(() => deps, log)({});
    expect(pending).toMatchObject({ action: 'publish', pending: { batches: 5, enqueued: true } });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const starts = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
    expect(starts.map((s) => s.stateMachineArn)).toEqual([stateMachineArn]);
    const { runId, manifest } = JSON.parse(starts[0]?.input ?? '') as { runId: string; manifest: string };
    const items = JSON.parse(new TextDecoder().decode(state.objects.get(manifest)?.body)) as BatchMessage[];
    expect(items.map((m) => m.batch)).toEqual([0, 1, 2, 3, 4]);

    // What the Distributed Map hands the worker: ItemBatcher groups (here 4 + 1) with the run in BatchInput.
    const worker = createWorkerHandler(() => deps);
    expect(await worker({ Items: items.slice(0, 4), BatchInput: { runId } })).toEqual({ batchItemFailures: [] });
    expect(await worker({ Items: items.slice(4), BatchInput: { runId } })).toEqual({ batchItemFailures: [] });
    // The state machine assembles itself: workers it invokes send no assemble request.
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(await createDeadLetterHandler(() => deps)({ runId, manifest, sweep: true })).toEqual({ settled: [] });
    const report = await createAssembleHandler(() => deps, log)({ runId });
    expect(report).toMatchObject({ action: 'publish', articles: 10 });
    expect(output.objects.has('feed.xml')).toBe(true);
  });

  it('after the map, the leftovers step splits a batch that failed its retries and queues the halves on SQS', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`s-${i}.md`] = syntheticArticle(i);
    const store = createMemoryStore(files);
    // s-2.md can never be read: its batch (s-2, s-3) fails in the map.
    const input = { ...store, readVersioned: async (key: string) => (key === 's-2.md' ? Promise.reject(new RangeError('poison')) : store.readVersioned(key)) };
    const state = createMemoryStore();
    const log = createJsonLogger(() => {});
    const config = parseConfig({ site: { title: 'Rebuild', baseUrl: 'https://r.example/' } });
    const env = {
      FEEDWRIGHT_FANOUT_QUEUE_URL: BATCH_URL,
      FEEDWRIGHT_ASSEMBLE_QUEUE_URL: ASSEMBLE_URL,
      FEEDWRIGHT_FANOUT_BUDGET: '1',
      FEEDWRIGHT_FANOUT_BATCH: '2',
      FEEDWRIGHT_FANOUT_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:feedwright-dev-fanout',
      FEEDWRIGHT_FANOUT_MAP_FROM: '2',
    };
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date(0) });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const base = { config, input, output: createMemoryStore(), state, clock: fixedClock('2026-06-01T00:00:00Z'), log };
    const deps = buildFanoutDeps(base, env, new SQSClient({ region: 'us-east-1' }), new SFNClient({ region: 'us-east-1' }));
    // As deployed, only publish has the state machine's ARN; the other fan-out functions queue on SQS.
    const { FEEDWRIGHT_FANOUT_STATE_MACHINE_ARN: _arn, ...otherEnv } = env;
    const others = buildFanoutDeps(base, otherEnv, new SQSClient({ region: 'us-east-1' }));
    await createFanoutPublishHandler(() => deps, log)({});
    const { runId, manifest } = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '') as { runId: string; manifest: string };
    const worker = createWorkerHandler(() => others);
    for (const batch of [0, 1, 2]) await worker({ Items: [{ runId, batch }], BatchInput: { runId } }).catch(() => undefined);
    expect(await createDeadLetterHandler(() => others)({ runId, manifest, sweep: true })).toEqual({ settled: [1] });
    const queued = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '') as BatchMessage));
    expect(queued).toEqual([
      { runId, batch: 4 },
      { runId, batch: 7 },
    ]);
    // The assemble step waits for the halves; the worker that lands the last one asks for it on SQS.
    expect(await createAssembleHandler(() => others, log)({ runId })).toMatchObject({ pending: { runId } });
  });

  it('fails a map item whose batch fails, so the map retries it', async () => {
    const state = createMemoryStore();
    const config = parseConfig({ site: { title: 'Rebuild', baseUrl: 'https://r.example/' } });
    const env = { FEEDWRIGHT_FANOUT_QUEUE_URL: BATCH_URL, FEEDWRIGHT_ASSEMBLE_QUEUE_URL: ASSEMBLE_URL };
    const deps = buildFanoutDeps(
      { config, input: createMemoryStore(), output: createMemoryStore(), state, clock: fixedClock('2026-06-01T00:00:00Z'), log: createJsonLogger(() => {}) },
      env,
      new SQSClient({ region: 'us-east-1' }),
    );
    // No job stored for this batch: the unit cannot run.
    await expect(createWorkerHandler(() => deps)({ Items: [{ runId: 'ab'.repeat(16), batch: 0 }], BatchInput: {} })).rejects.toThrow(/1 of 1 batches failed/);
  });
});
