import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute, join, relative, sep } from 'node:path';
import { objectMetaFor } from '../storage/index.js';

/** Path of the live-reload event stream; never a key the publisher writes (no `__` prefix there). */
export const RELOAD_PATH = '/__feedwright/events';

// Injected only into responses of `serve`, never written to the built files.
const RELOAD_SCRIPT = `<script>new EventSource(${JSON.stringify(RELOAD_PATH)}).onmessage = () => location.reload();</script>`;

/** The output key a request path names: `/` and folders mean their `index.html`; undefined = refuse. */
export function keyForPath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const parts = decoded.split('/').filter((p) => p !== '');
  // Hidden names are temp files and private folders; `..` would leave the site.
  if (parts.some((p) => p.startsWith('.') || p.includes('\\') || p.includes('\0'))) return undefined;
  const key = parts.join('/');
  return decoded.endsWith('/') || key === '' ? `${key}${key === '' ? '' : '/'}index.html` : key;
}

/** Adds the reload script to an HTML page just before `</body>` (or at the end). */
export function withReloadScript(html: string): string {
  const at = html.lastIndexOf('</body>');
  return at === -1 ? `${html}${RELOAD_SCRIPT}` : `${html.slice(0, at)}${RELOAD_SCRIPT}${html.slice(at)}`;
}

async function readKey(root: string, key: string): Promise<{ key: string; body: Buffer } | undefined> {
  const path = join(root, ...key.split('/'));
  if (!path.startsWith(root + sep)) return undefined;
  try {
    // Links resolved, the file must still be in the site: a link put in the output (to /etc/passwd, to
    // /etc) must not make the preview serve the rest of the machine. Read through the resolved path.
    const [realRoot, real] = await Promise.all([realpath(root), realpath(path)]);
    const inside = relative(realRoot, real);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
    const info = await stat(real);
    // A folder without the trailing slash: serve its index, as static hosts do.
    if (info.isDirectory()) return readKey(root, `${key}/index.html`);
    if (!info.isFile()) return undefined;
    return { key, body: await readFile(real) };
  } catch {
    return undefined;
  }
}

/** Serves the built site under `root` with the content types the S3 objects get. */
export async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const key = keyForPath(url.pathname);
  const found = key === undefined ? undefined : await readKey(root, key);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (!found) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${url.pathname}\n`);
    return;
  }
  const meta = objectMetaFor(found.key);
  const body = meta.contentType.startsWith('text/html') ? Buffer.from(withReloadScript(found.body.toString('utf8'))) : found.body;
  // A preview must show the latest build: no caching, whatever the published objects say.
  response.writeHead(200, { 'content-type': meta.contentType, 'content-length': body.length, 'cache-control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : body);
}
