// The entry of a source worker thread (see thread-sources.ts): runs the per-source stage on the batches
// the main thread sends and posts each batch's results back, in the order they came.
import { parentPort } from 'node:worker_threads';
import type { ProcessRequest } from '../publish/process-sources.js';
import { processBatch } from '../publish/source-processor.js';
import type { ToMain, ToWorker } from './source-messages.js';

if (!parentPort) throw new Error('source-worker.js runs only as a worker thread');
const port = parentPort;
let request: ProcessRequest | undefined;
let releaseContent = false;

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    request = message.request;
    releaseContent = message.releaseContent;
    return;
  }
  let reply: ToMain;
  try {
    if (!request) throw new Error('a batch came before its request');
    reply = { type: 'done', batch: message.batch, processed: processBatch(message.sources, request, releaseContent) };
  } catch (error) {
    reply = { type: 'failed', batch: message.batch, reason: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
