import { request } from 'node:http';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, serveSite } from '../../src/serve/serve-site.js';
import { tempDir } from './serve-process.js';

function get(url: string, path: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const target = new URL(path, url);
    const headers = host === undefined ? {} : { host };
    request(target, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => done({ status: response.statusCode ?? 0, body }));
    })
      .on('error', fail)
      .end();
  });
}

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((done, fail) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => done(answer));
    socket.on('error', fail);
  });
}

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A preview of a fixed site: `files` written into the served folder by the "build". */
async function preview(files: Record<string, string>): Promise<{ server: RunningServer; root: string; outside: string }> {
  const dir = await tempDir('site');
  const root = join(dir, 'site');
  const outside = join(dir, 'private');
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'the secret');
  const build = async () => {
    await mkdir(root, { recursive: true });
    for (const [name, body] of Object.entries(files)) await writeFile(join(root, name), body);
  };
  running = await serveSite({ port: 0, root, build, onBuildError: () => {} });
  return { server: running, root, outside };
}

describe('serveSite: what the preview answers', () => {
  // `ln -s /etc/passwd out/passwd.txt` and `ln -s /etc out/etcdir` were served with 200.
  it('never serves a file whose real path is outside the served folder (links to files and to folders)', async () => {
    const { server, root, outside } = await preview({ 'index.html': '<p>home</p>', 'a.txt': 'inside' });
    await symlink(join(outside, 'secret.txt'), join(root, 'passwd.txt'));
    await symlink(outside, join(root, 'etcdir'));
    await symlink(join(root, 'a.txt'), join(root, 'b.txt'));
    expect(await get(server.url, '/passwd.txt')).toMatchObject({ status: 404 });
    expect(await get(server.url, '/etcdir/secret.txt')).toMatchObject({ status: 404 });
    expect(await get(server.url, '/etcdir/')).toMatchObject({ status: 404 });
    // A link that stays in the site is an ordinary file of the site.
    expect(await get(server.url, '/b.txt')).toEqual({ status: 200, body: 'inside' });
    expect(await get(server.url, '/a.txt')).toEqual({ status: 200, body: 'inside' });
  });

  // Any Host was answered: a page on evil.example, resolved to 127.0.0.1 (DNS rebinding), could read the preview.
  it('answers only Host 127.0.0.1, localhost or [::1] with its own port; 421 otherwise', async () => {
    const { server } = await preview({ 'index.html': '<p>home</p>' });
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const answer = await get(server.url, '/', host);
      expect(answer.status, host).toBe(200);
      expect(answer.body).toContain('<p>home</p>');
    }
    for (const host of [`evil.example:${port}`, 'evil.example', '127.0.0.1', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`]) {
      const answer = await get(server.url, '/', host);
      expect(answer.status, JSON.stringify(host)).toBe(421);
      expect(answer.body).not.toContain('home');
    }
    expect((await get(server.url, '/__feedwright/events', `evil.example:${port}`)).status).toBe(421);
    // HTTP/1.0 without a Host header: nothing says the page is local.
    expect(await rawRequest(Number(port), 'GET / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 421 /);
  });
});
