import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalStore, createS3Store, type Store } from '../../src/storage/index.js';
import { startS3rver, TEST_BUCKET, type S3rverHandle } from '../integration/s3rver-server.js';
import type { ChildJob } from './publish-child.js';
import { localTree, s3Tree, type Tree } from './tree.js';

/** One published site's places: the output subscribers read and the private state. */
export interface Site {
  job: Pick<ChildJob, 'local' | 's3'>;
  output: Store;
  state: Store;
  outputTree(): Promise<Tree>;
}

export interface Backend {
  readonly name: string;
  /** A new, empty output and state that no other site shares. */
  site(tag: string): Promise<Site>;
  dispose(): Promise<void>;
}

export async function localBackend(): Promise<Backend> {
  const root = await mkdtemp(path.join(tmpdir(), 'fw-crash-local-'));
  return {
    name: 'local folder',
    async site(tag) {
      const out = path.join(root, tag, 'out');
      const state = path.join(root, tag, 'state');
      await mkdir(out, { recursive: true });
      await mkdir(state, { recursive: true });
      return { job: { local: { out, state } }, output: createLocalStore(out), state: createLocalStore(state), outputTree: () => localTree(out) };
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

export async function s3Backend(): Promise<Backend & { server: S3rverHandle }> {
  const server = await startS3rver();
  const client = server.client();
  return {
    name: 's3rver',
    server,
    async site(tag) {
      const outPrefix = `${tag}/out/`;
      const statePrefix = `${tag}/state/`;
      return {
        job: { s3: { endpoint: server.endpoint, bucket: TEST_BUCKET, outPrefix, statePrefix } },
        output: createS3Store({ client, bucket: TEST_BUCKET, prefix: outPrefix }),
        state: createS3Store({ client, bucket: TEST_BUCKET, prefix: statePrefix }),
        outputTree: () => s3Tree(client, TEST_BUCKET, outPrefix),
      };
    },
    dispose: () => server.dispose(),
  };
}
