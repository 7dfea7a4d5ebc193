import type { Clock } from '../../src/clock/clock.js';
import type { Config } from '../../src/config/config.js';
import { FanoutPending, createStoredBatchesProcessor, createStoredUnitsRenderer, handleBatchMessages, type WorkQueue } from '../../src/fanout/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import type { RunReport } from '../../src/publish/run-report.js';
import type { Store } from '../../src/storage/store.js';
import { SimulatedKill, SimulatedQueue } from './fanout-simulation.js';

export interface RenderSimulationOptions {
  config: Config;
  input: Store;
  output: Store;
  state: Store;
  clock: Clock;
  /** Planned objects the coordinator renders itself; more are fanned out. */
  renderBudget: number;
  pageBatch: number;
  workers: number;
  /** Also fan out parse+summarize past this many changed sources (in batches of `batchSize`). */
  parse?: { budget: number; batchSize: number };
  duplicate?: (body: string) => boolean;
  /** The coordinator's `contentInMemory` (0: it keeps no article's HTML; pages read their sources). */
  contentInMemory?: number;
  /** Wraps the output a worker writes to; throw {@link SimulatedKill} to kill it mid-unit. */
  workerOutput?: (output: Store, attempt: number, body: string) => Store;
  /** Called before each coordinator invocation (the first publish included): e.g. to move the clock on. */
  beforeCoordinator?: () => void;
}

// Far more than any test's stages and duplicate requests need: a coordinator that replans on every call never finishes.
const MAX_COORDINATOR_CALLS = 200;

export interface RenderSimulationResult {
  report: RunReport;
  /** Each stop of the coordinator, in order (what it was waiting for). */
  pending: FanoutPending[];
  /** Worker invocations, killed ones included. */
  workerRuns: number;
  killed: number;
  /** Runs started by duplicate requests after the fan-out finished. */
  laterReports: RunReport[];
}

/**
 * The coordinator (publish and its continuations) and many workers in this process, on one simulated SQS
 * queue for units and one for continuation requests, with at-least-once delivery and visibility timeouts.
 */
export async function simulateRenderFanout(options: RenderSimulationOptions): Promise<RenderSimulationResult> {
  const continueQueue = new SimulatedQueue('continue', { visibilityTicks: 2, ...(options.duplicate ? { duplicate: options.duplicate } : {}) });
  const unitQueue = new SimulatedQueue('units', { visibilityTicks: 3, ...(options.duplicate ? { duplicate: options.duplicate } : {}) });
  const queue: WorkQueue = {
    async enqueueBatches(messages) {
      for (const m of messages) unitQueue.send(JSON.stringify(m));
    },
    async requestAssemble(runId) {
      continueQueue.send(JSON.stringify({ runId }));
    },
  };
  const publish = (runs: string[]) =>
    publishSite({
      config: options.config,
      input: options.input,
      output: options.output,
      state: options.state,
      clock: options.clock,
      log: silentLogger,
      ...(options.contentInMemory === undefined ? {} : { contentInMemory: options.contentInMemory }),
      renderer: createStoredUnitsRenderer({ work: options.state, queue, budget: options.renderBudget, pageBatch: options.pageBatch, now: options.clock }),
      ...(options.parse
        ? { processor: createStoredBatchesProcessor({ work: options.state, queue, ...options.parse, now: options.clock, ...(runs.length > 0 ? { assembleRuns: runs } : {}) }) }
        : {}),
    });

  const pending: FanoutPending[] = [];
  // The first finished run is the fan-out's; a duplicate request after it is an ordinary (no-change) run.
  const reports: RunReport[] = [];
  let calls = 0;
  const attempt = async (runs: string[]) => {
    if (++calls > MAX_COORDINATOR_CALLS) throw new Error(`the coordinator did not finish in ${MAX_COORDINATOR_CALLS} invocations`);
    options.beforeCoordinator?.();
    try {
      reports.push(await publish(runs));
    } catch (error) {
      if (!(error instanceof FanoutPending)) throw error;
      pending.push(error);
    }
  };
  await attempt([]);
  if (reports.length > 0) throw new Error('expected the coordinator to fan out, it published everything itself');

  let tick = 0;
  let workerRuns = 0;
  let killed = 0;
  const attempts = new Map<string, number>();
  while (unitQueue.size + continueQueue.size > 0) {
    tick++;
    if (tick > 10_000) throw new Error('the simulation did not settle');
    for (const message of unitQueue.receive(tick, options.workers)) {
      const n = (attempts.get(message.body) ?? 0) + 1;
      attempts.set(message.body, n);
      const output = options.workerOutput ? options.workerOutput(options.output, n, message.body) : options.output;
      let died = false;
      workerRuns++;
      const answer = await handleBatchMessages({ input: options.input, work: options.state, queue, output }, [{ messageId: message.id, body: message.body }], (_id, error) => {
        if (error instanceof SimulatedKill) died = true;
        else throw error;
      });
      // A killed worker answers nothing: the message comes back after its visibility timeout.
      if (died) {
        killed++;
        continue;
      }
      if (answer.batchItemFailures.length === 0) unitQueue.delete(message.id);
    }
    for (const message of continueQueue.receive(tick, 1)) {
      const { runId } = JSON.parse(message.body) as { runId: string };
      await attempt([runId]);
      continueQueue.delete(message.id);
    }
  }
  const report = reports[0];
  if (!report) throw new Error('the coordinator never finished');
  return { report, pending, workerRuns, killed, laterReports: reports.slice(1) };
}
