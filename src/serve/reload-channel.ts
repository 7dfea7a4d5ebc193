import type { ServerResponse } from 'node:http';

/** Open pages listening for "rebuilt" (server-sent events, one stream per page). */
export class ReloadChannel {
  readonly #clients = new Set<ServerResponse>();

  add(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    // A comment line so the browser knows the stream is open.
    response.write(': connected\n\n');
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
  }

  reload(): void {
    for (const client of this.#clients) client.write('data: reload\n\n');
  }

  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}
