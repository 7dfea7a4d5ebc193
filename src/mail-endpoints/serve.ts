import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { LifecycleDeps } from '../mailing/lifecycle.js';
import { handleLifecycleRequest } from './lifecycle-http.js';

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The lifecycle endpoints on node:http (`feedwright mail serve`): the same handler the Lambda function URL runs. */
export function createLifecycleServer(deps: LifecycleDeps): Server {
  return createServer((request, response) => {
    void (async () => {
      try {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        const result = await handleLifecycleRequest(deps, {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers,
          body: request.method === 'POST' ? await readBody(request, 64 * 1024) : '',
        });
        response.writeHead(result.status, result.headers).end(result.body);
      } catch (error) {
        deps.log.warn('lifecycle request failed', { error: error instanceof Error ? error.message : String(error) });
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Something went wrong; please try again later.\n');
      }
    })();
  });
}
