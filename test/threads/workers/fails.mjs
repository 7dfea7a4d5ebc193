// A source worker that answers every batch with a failure.
import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => {
  if (m.type === 'batch') parentPort.postMessage({ type: 'failed', batch: m.batch, reason: 'fixture' });
});
