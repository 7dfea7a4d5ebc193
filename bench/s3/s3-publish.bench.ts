// Issue #4: objects written and wall time when publishing the synthetic 10,000-article corpus to an
// S3-compatible server (s3rver), for a cold, a no-change and an add-one-article publish.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { S3Client } from '@aws-sdk/client-s3';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import type { RunReport } from '../../src/publish/run-report.js';
import { createLocalStore, createS3Store } from '../../src/storage/index.js';
import { createS3Client } from '../../src/storage/s3-client-eager.js';
import { removeAtEnd } from '../build/removal-at-end.js';
import { syntheticArticle, writeSyntheticCorpus } from '../build/synthetic-corpus.js';

const root = resolve(import.meta.dirname, '../..');
const BUCKET = 'feeds';
const CORPUS_SIZE = 10_000;
const LIST_KEYS_SHOWN = 20;

interface S3rverProcess {
  port: number;
  stop(): Promise<void>;
}

async function startS3rverProcess(directory: string): Promise<S3rverProcess> {
  // The legacy provider supplies the DES cipher s3rver's continuation tokens need (see s3rver-process.ts);
  // s3rver also caps MaxKeys at 1000, so a bigger page size cannot avoid pagination. The store therefore
  // pages through the 10,000+ objects exactly as it would against S3.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', join(root, 'bench/s3/s3rver-process.ts'), directory, BUCKET],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stdout = child.stdout;
  if (!stdout) throw new Error('s3rver process has no stdout');
  const port = await new Promise<number>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`s3rver process exited early (code ${code})`)));
    createInterface({ input: stdout }).once('line', (line) => done((JSON.parse(line) as { port: number }).port));
  });
  return {
    port,
    async stop() {
      child.stdin?.end();
      await exited;
    },
  };
}

/** Counts the S3 requests per command, independently of what the publisher reports having written. */
function countRequests(client: S3Client): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return counts;
}

interface PublishFigures {
  report: RunReport;
  wallMs: number;
  requests: Map<string, number>;
}

export async function benchS3Publish(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'fw-s3-bench-'));
  const input = join(work, 'in');
  const server = await startS3rverProcess(join(work, 's3rver'));
  try {
    await writeSyntheticCorpus(input, CORPUS_SIZE);
    const client = createS3Client({
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${server.port}`,
      AWS_REGION: 'us-east-1',
      // s3rver accepts only these credentials.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const requests = countRequests(client);
    const config = parseConfig({});
    const deps = {
      config,
      input: createLocalStore(input),
      output: createS3Store({ client, bucket: BUCKET, prefix: 'site/' }),
      state: createS3Store({ client, bucket: BUCKET, prefix: 'state/' }),
      clock: fixedClock('2026-11-27T12:00:00Z'),
      log: silentLogger,
    };
    const publish = async (): Promise<PublishFigures> => {
      requests.clear();
      const started = performance.now();
      const report = await publishSite(deps);
      return { report, wallMs: Math.round(performance.now() - started), requests: new Map(requests) };
    };

    const cold = await publish();
    const noChange = await publish();
    await writeFile(join(input, 'story-10000.md'), syntheticArticle(CORPUS_SIZE));
    const added = await publish();
    // Separates s3rver's own listing cost (it walks its folder for every page) from the publisher's work.
    requests.clear();
    const listStarted = performance.now();
    const listed = await deps.output.list('');
    const listMs = Math.round(performance.now() - listStarted);
    const listRequests = otherRequests(requests);

    console.log(`\n### Publish to s3rver: synthetic corpus, ${cold.report.articles} articles (${cold.report.rejected.length} rejected)\n`);
    console.log('Input: local folder; output: s3rver bucket prefix `site/` over HTTP on 127.0.0.1 (server in its own process).');
    console.log('Wall time is the `publishSite` call in this process (warm after the cold run, like a reused Lambda container).\n');
    console.log('| run | wall time | objects written (report) | PutObject requests | other requests | unchanged | target |');
    console.log('|---|---:|---:|---:|---|---:|---|');
    const rows = [
      ['cold publish', cold, '—'],
      ['no-change publish', noChange, '0 objects written'],
      ['add-one-article publish', added, 'only its page, its feeds, the index, the state'],
    ] as const;
    for (const [label, figures, target] of rows) {
      const { report, wallMs } = figures;
      const puts = figures.requests.get('PutObjectCommand') ?? 0;
      console.log(
        `| ${label} | ${wallMs} ms | ${report.written.length} | ${puts} | ${otherRequests(figures.requests)} | ${report.unchanged} | ${target} |`,
      );
    }
    console.log(`| (listing \`site/\` alone: ${listed.length} keys) | ${listMs} ms | | | ${listRequests} | | |`);
    // The one PUT and one DELETE of a no-change run are the lease (state/lease.json), not site objects.
    const verdict = noChange.report.written.length === 0 && (noChange.requests.get('PutObjectCommand') ?? 0) <= 1 ? 'met' : 'NOT met';
    console.log(`\nNo-change publish writes 0 site objects (its one PUT and one DELETE are the lease in state/): ${verdict}.`);
    const keys = added.report.written;
    const stateKeys = new Set(await deps.state.list(''));
    if (keys.length <= LIST_KEYS_SHOWN) {
      console.log(`\nObjects written by the add-one-article publish (${keys.length}, in write order):\n`);
      for (const key of keys) console.log(`- \`${stateKeys.has(key) ? 'state' : 'site'}/${key}\``);
    } else {
      console.log(`\nThe add-one-article publish wrote ${keys.length} objects (more than ${LIST_KEYS_SHOWN}; first ${LIST_KEYS_SHOWN}):\n`);
      for (const key of keys.slice(0, LIST_KEYS_SHOWN)) console.log(`- \`site/${key}\``);
    }
    client.destroy();
  } finally {
    await server.stop();
    removeAtEnd(work);
  }
}

function otherRequests(requests: Map<string, number>): string {
  const parts = [...requests]
    .filter(([name]) => name !== 'PutObjectCommand')
    .map(([name, count]) => `${name.replace(/Command$/, '')} ×${count}`);
  return parts.length > 0 ? parts.join(', ') : '—';
}
