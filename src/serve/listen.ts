import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeedwrightError } from '../errors/index.js';

/** The address cannot be listened on: most often the port is taken by another program (or another preview). */
export class ListenError extends FeedwrightError {
  override readonly name = 'ListenError' as const;
  readonly code = 'listen-failed';
  override readonly exitCode = 2;
  constructor(
    readonly host: string,
    readonly port: number,
    reason: string,
  ) {
    super(`cannot listen on ${host}:${port}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  EADDRINUSE: 'the port is in use (another program, or another preview still running); pick another with --port',
  EACCES: 'not allowed (ports below 1024 need privileges); pick another with --port',
  EADDRNOTAVAIL: 'this machine has no such address; check --host',
};

/**
 * Starts `server` on `host:port` and resolves with the port it got (0 asks for a free one). A failure is a
 * ListenError, one line naming the address: an `error` event left unhandled crashed `mail serve` with a
 * stack trace, and `serve` called a taken port a bug in Feedwright.
 */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(new ListenError(host, port, REASONS[error.code ?? ''] ?? error.message));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
