// A source worker that does one batch and then dies with an uncaught error on the next.
import { parentPort } from 'node:worker_threads';
let seen = 0;
parentPort.on('message', (m) => {
  if (m.type !== 'batch') return;
  seen += 1;
  if (seen > 1) throw new Error('fixture worker broke');
  parentPort.postMessage({ type: 'failed', batch: m.batch, reason: 'fixture' });
});
