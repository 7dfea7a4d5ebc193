import { createServer } from 'node:http';
import { listen } from './listen.js';
import { isLocalHost } from './local-host.js';
import { ReloadChannel } from './reload-channel.js';
import { RELOAD_PATH, serveStatic } from './static-site.js';
import { type WatchList, watchPaths } from './watch.js';

export interface ServeOptions {
  /** 0 = any free port. */
  port: number;
  /** The built site's folder. */
  root: string;
  /**
   * Builds the site for `baseUrl` (the server's own address); called once, then after every change. It
   * calls `watch` with what to follow from then on as soon as it knows (a config edit can name another
   * input folder), so a build that then fails still follows the new input.
   */
  build: (baseUrl: string, watch: (list: WatchList) => void) => Promise<void>;
  debounceMs?: number;
  /** A rebuild failed: the server keeps the last good site. */
  onBuildError: (error: unknown) => void;
}

export interface RunningServer {
  url: string;
  /** Resolves when the rebuild in flight (and any queued after it) is done. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 first (the port decides the base URL), builds, then rebuilds on every settled
 * change; one build at a time, and changes during a build cause exactly one more. Open pages reload
 * after each successful build.
 */
export async function serveSite(options: ServeOptions): Promise<RunningServer> {
  const channel = new ReloadChannel();
  let port = 0;
  const server = createServer((request, response) => {
    if (!isLocalHost(request.headers.host, port)) {
      response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end(`this preview answers only 127.0.0.1:${port}, localhost:${port} and [::1]:${port}\n`);
      return;
    }
    if (request.url === RELOAD_PATH) return channel.add(response);
    serveStatic(options.root, request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  port = await listen(server, options.port, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/`;

  let running: Promise<void> = Promise.resolve();
  let queued = false;
  let watched = '';
  let watcher: { close(): void } | undefined;
  let closed = false;
  const follow = (list: WatchList) => {
    const key = JSON.stringify(list);
    // A build that ends after close() must not start watching again (the process would never exit).
    if (closed || key === watched) return;
    watcher?.close();
    watched = key;
    watcher = watchPaths(list, options.debounceMs ?? 150, () => void rebuild());
  };
  const rebuild = (): Promise<void> => {
    if (queued) return running;
    queued = true;
    running = running.then(async () => {
      queued = false;
      try {
        await options.build(url, follow);
        channel.reload();
      } catch (error) {
        options.onBuildError(error);
      }
    });
    return running;
  };
  try {
    await options.build(url, follow);
  } catch (error) {
    // The build may have started watching: a watcher left open would keep the process from exiting.
    closed = true;
    watcher?.close();
    server.close();
    throw error;
  }
  return {
    url,
    idle: () => running,
    async close() {
      closed = true;
      watcher?.close();
      channel.close();
      await running;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
