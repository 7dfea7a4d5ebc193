import { performance } from 'node:perf_hooks';
import type { Config } from '../../src/config/config.js';
import type { Clock } from '../../src/clock/clock.js';
import {
  FanoutPending,
  createStoredBatchesProcessor,
  handleBatchMessages,
  handleDeadLetters,
  type BatchMessage,
  type WorkQueue,
} from '../../src/fanout/index.js';
import { LeaseHeldError } from '../../src/publish/lease.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import type { RunReport } from '../../src/publish/run-report.js';
import type { Store } from '../../src/storage/store.js';

/** One message in a simulated SQS queue. */
interface Message {
  id: string;
  body: string;
  receiveCount: number;
  /** Simulated time (ticks) before which it is in flight with some receiver. */
  invisibleUntil: number;
}

/**
 * An SQS standard queue as the fan-out sees it: at-least-once (a send may be delivered twice), a visibility
 * timeout, partial batch failure (only reported or unanswered messages come back) and a redrive policy
 * that moves a message to the dead-letter queue once it has been received `maxReceiveCount` times.
 */
export class SimulatedQueue {
  private messages: Message[] = [];
  private next = 0;
  sent = 0;
  constructor(
    readonly name: string,
    private readonly options: { visibilityTicks: number; maxReceiveCount?: number; deadLetter?: SimulatedQueue; duplicate?: (body: string) => boolean },
  ) {}

  send(body: string): void {
    this.sent++;
    const copies = this.options.duplicate?.(body) ? 2 : 1;
    for (let i = 0; i < copies; i++) this.messages.push({ id: `${this.name}-${this.next++}`, body, receiveCount: 0, invisibleUntil: 0 });
  }

  receive(now: number, max: number): Message[] {
    const out: Message[] = [];
    for (const m of [...this.messages]) {
      if (out.length >= max) break;
      if (m.invisibleUntil > now) continue;
      const limit = this.options.maxReceiveCount;
      if (limit !== undefined && m.receiveCount >= limit && this.options.deadLetter) {
        this.messages = this.messages.filter((x) => x !== m);
        this.options.deadLetter.send(m.body);
        continue;
      }
      m.receiveCount++;
      m.invisibleUntil = now + this.options.visibilityTicks;
      out.push(m);
    }
    return out;
  }

  delete(id: string): void {
    this.messages = this.messages.filter((m) => m.id !== id);
  }

  get size(): number {
    return this.messages.length;
  }
}

/** Thrown inside a worker to stand for the process dying: the invocation never answers SQS. */
export class SimulatedKill extends Error {}

export interface SimulationOptions {
  config: Config;
  input: Store;
  output: Store;
  state: Store;
  clock: Clock;
  budget: number;
  batchSize: number;
  /** Parallel workers (the event source's maximumConcurrency). */
  workers: number;
  maxReceiveCount?: number;
  duplicate?: (body: string) => boolean;
  /** Wraps the input a worker reads; throw {@link SimulatedKill} to kill it, anything else to fail. */
  workerInput?: (input: Store, attempt: number) => Store;
  /** The input the coordinator and the assemble step see (default: `input`). */
  coordinatorInput?: Store;
}

export interface SimulationResult {
  report: RunReport;
  coordinator: { pending: FanoutPending };
  deadLettered: { runId?: string; batch?: number; reason: string }[];
  /** Each invocation's wall time and the CPU time this process spent in it (steadier on a shared machine). */
  invocations: { kind: 'coordinator' | 'worker' | 'dead-letter' | 'assemble'; ms: number; cpuMs: number }[];
  messagesSent: number;
  ticks: number;
}

/**
 * Runs the coordinator, many workers, the dead-letter consumer and the assemble step in this process,
 * against the given stores, with SQS semantics. Time is simulated in ticks (one per round of receives),
 * so visibility timeouts and redeliveries happen in a fixed order.
 */
export async function simulateFanout(options: SimulationOptions): Promise<SimulationResult> {
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const assembleQueue = new SimulatedQueue('assemble', { visibilityTicks: 2, ...(options.duplicate ? { duplicate: options.duplicate } : {}) });
  const deadLetterQueue = new SimulatedQueue('dlq', { visibilityTicks: 2 });
  const batchQueue = new SimulatedQueue('batches', {
    visibilityTicks: 3,
    maxReceiveCount,
    deadLetter: deadLetterQueue,
    ...(options.duplicate ? { duplicate: options.duplicate } : {}),
  });
  const queue: WorkQueue = {
    async enqueueBatches(messages: BatchMessage[]) {
      for (const m of messages) batchQueue.send(JSON.stringify(m));
    },
    async requestAssemble(runId: string) {
      assembleQueue.send(JSON.stringify({ runId }));
    },
  };
  const invocations: SimulationResult['invocations'] = [];
  const timed = async <T>(kind: SimulationResult['invocations'][number]['kind'], run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    try {
      return await run();
    } finally {
      const used = process.cpuUsage(cpu);
      invocations.push({ kind, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 });
    }
  };
  const publish = (assembleRuns: string[]) =>
    publishSite({
      config: options.config,
      input: options.coordinatorInput ?? options.input,
      output: options.output,
      state: options.state,
      clock: options.clock,
      log: silentLogger,
      processor: createStoredBatchesProcessor({ work: options.state, queue, budget: options.budget, batchSize: options.batchSize, now: options.clock, ...(assembleRuns.length > 0 ? { assembleRuns } : {}) }),
    });

  let pending: FanoutPending;
  try {
    const report = await timed('coordinator', () => publish([]));
    throw new Error(`expected the coordinator to fan out, it published ${report.articles} articles itself`);
  } catch (error) {
    if (!(error instanceof FanoutPending)) throw error;
    pending = error;
  }

  const deadLettered: SimulationResult['deadLettered'] = [];
  let report: RunReport | undefined;
  let tick = 0;
  const attempts = new Map<string, number>();
  while (batchQueue.size + deadLetterQueue.size + assembleQueue.size > 0) {
    tick++;
    if (tick > 10_000) throw new Error('the simulation did not settle');
    // Each worker takes one message per invocation (batchSize 1 on the event source).
    for (const message of batchQueue.receive(tick, options.workers)) {
      const attempt = (attempts.get(message.body) ?? 0) + 1;
      attempts.set(message.body, attempt);
      const input = options.workerInput ? options.workerInput(options.input, attempt) : options.input;
      let killed = false;
      const answer = await timed('worker', () =>
        handleBatchMessages({ input, work: options.state, queue }, [{ messageId: message.id, body: message.body }], (_id, error) => {
          if (error instanceof SimulatedKill) killed = true;
        }),
      );
      // A killed worker answers nothing: the message stays in flight until its visibility timeout.
      if (killed) continue;
      if (!answer.batchItemFailures.some((f) => f.itemIdentifier === message.id)) batchQueue.delete(message.id);
    }
    for (const message of deadLetterQueue.receive(tick, 10)) {
      const answer = await timed('dead-letter', () =>
        handleDeadLetters({ work: options.state, queue }, [{ messageId: message.id, body: message.body }], {
          maxReceiveCount,
          report: (p) => deadLettered.push({ ...(p.runId ? { runId: p.runId } : {}), ...(p.batch !== undefined ? { batch: p.batch } : {}), reason: p.reason }),
        }),
      );
      if (answer.batchItemFailures.length === 0) deadLetterQueue.delete(message.id);
    }
    for (const message of assembleQueue.receive(tick, 1)) {
      const { runId } = JSON.parse(message.body) as { runId: string };
      try {
        report = await timed('assemble', () => publish([runId]));
        assembleQueue.delete(message.id);
      } catch (error) {
        if (error instanceof LeaseHeldError) assembleQueue.delete(message.id);
        else if (!(error instanceof FanoutPending)) throw error;
        else assembleQueue.delete(message.id);
      }
    }
  }
  if (!report) throw new Error('no assemble step ran');
  return { report, coordinator: { pending }, deadLettered, invocations, messagesSent: batchQueue.sent, ticks: tick };
}

/** Every object of a store, bytes decoded, keys sorted; `skip` leaves out a prefix (the work objects). */
export async function snapshot(store: Store, skip?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await store.list('')) {
    if (skip !== undefined && key.startsWith(skip)) continue;
    const bytes = await store.read(key);
    out.set(key, bytes === null ? '<missing>' : Buffer.from(bytes).toString('base64'));
  }
  return out;
}
