import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { Env } from '../../src/storage/index.js';
import { createS3Client } from '../../src/storage/s3-client-eager.js';

export const TEST_BUCKET = 'feeds';

export interface S3rverHandle {
  readonly port: number;
  readonly endpoint: string;
  /** Folder s3rver keeps its buckets in; pass it back to `startS3rver` to restart on the same data. */
  readonly directory: string;
  /** The env a deployed function would see, pointing the SDK at this server. */
  readonly env: Env;
  client(overrides?: S3ClientConfig): S3Client;
  stop(): Promise<void>;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
}

/** An in-process S3-compatible server with bucket `feeds`, on 127.0.0.1 (random port unless given). */
export async function startS3rver(options: { directory?: string; port?: number } = {}): Promise<S3rverHandle> {
  const directory = options.directory ?? (await mkdtemp(path.join(tmpdir(), 'feedwright-s3rver-')));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [{ name: TEST_BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver accepts only these credentials.
  const env: Env = {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  };
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    await server.close();
  };
  return {
    port,
    endpoint,
    directory,
    env,
    client: (overrides = {}) =>
      createS3Client(env, {
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        maxAttempts: 2,
        ...overrides,
      }),
    stop,
    async dispose() {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
