import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertSeparateLocations as assertSeparateNamed, createStore, parseLocation } from '../../src/storage/index.js';
import { createS3Client } from '../../src/storage/s3-client-eager.js';

describe('parseLocation', () => {
  it.each([
    ['public', { kind: 'local', dir: 'public' }],
    ['./out/site', { kind: 'local', dir: './out/site' }],
    ['/var/www/feeds', { kind: 'local', dir: '/var/www/feeds' }],
    ['s3://my-bucket', { kind: 's3', bucket: 'my-bucket', prefix: '' }],
    ['s3://my-bucket/', { kind: 's3', bucket: 'my-bucket', prefix: '' }],
    ['s3://my-bucket/site', { kind: 's3', bucket: 'my-bucket', prefix: 'site/' }],
    ['s3://my-bucket/site/', { kind: 's3', bucket: 'my-bucket', prefix: 'site/' }],
    ['s3://feedwright-dev-feeds/a/b/', { kind: 's3', bucket: 'feedwright-dev-feeds', prefix: 'a/b/' }],
    ['S3://bucket.with.dots/x', { kind: 's3', bucket: 'bucket.with.dots', prefix: 'x/' }],
  ])('%s', (input, expected) => {
    expect(parseLocation(input)).toEqual(expected);
  });

  it.each(['', '  ', 's3://', 's3://UPPER', 's3://a', 's3://bad_bucket/x', 's3://b..b/x', 's3://bucket//x', 's3://bucket/../x'])(
    'refuses %j',
    (input) => {
      expect(() => parseLocation(input)).toThrowError(expect.objectContaining({ name: 'LocationError' }));
    },
  );

  // `s3:/feeds/t1/` was a local folder `./s3:/feeds/t1/`, published into with exit 0.
  it.each(['s3:/feeds/t1/', 'S3:/feeds/t1/', 's3:\\feeds\\t1', 's3:feeds/t1', 'S3:', 's3:///feeds/t1', ' s3:/feeds'])(
    'refuses the mistyped S3 location %j, naming the expected form',
    (input) => {
      expect(() => parseLocation(input)).toThrowError(
        expect.objectContaining({ code: 'invalid-location', exitCode: 2, message: expect.stringContaining('not an S3 location: write s3://bucket/prefix/') }),
      );
    },
  );

  it.each([
    ['http://example.org/feeds/', /not URLs/],
    ['HTTPS://example.org/', /not URLs/],
    ['gs://bucket/x', /unknown URL scheme "gs:"/],
    // Mistyped http(s) URLs were folders: `./https:/example.org/blog/`, `./http:example.org/`.
    ['https:/example.org/blog', /not URLs/],
    ['http:example.org', /not URLs/],
    ['HTTP:/x', /not URLs/],
    ['mailto:ann@example.org', /unknown URL scheme "mailto:".*for a folder of that name write \.\/mailto:ann@example\.org/],
    ['svn+ssh:repo', /unknown URL scheme "svn\+ssh:"/],
    ['file:notes', /not a local file URL/],
    ['file:/srv/site', /not a local file URL/],
    ['file://elsewhere/srv/site', /not a local file URL/],
  ])('refuses the URL %j rather than making a folder of that name', (input, message) => {
    expect(() => parseLocation(input)).toThrowError(expect.objectContaining({ code: 'invalid-location', message: expect.stringMatching(message) }));
  });

  it.each([
    ['file:///srv/site', '/srv/site'],
    ['file://localhost/srv/my%20site/', '/srv/my site/'],
    ['s3/site', 's3/site'],
    // A colon further on is part of a name; `./` before a name makes any name a folder.
    ['sites/a:b', 'sites/a:b'],
    ['./https:/x', './https:/x'],
    ['./C:/site', './C:/site'],
  ])('reads %j as the local folder %j', (input, dir) => {
    expect(parseLocation(input)).toEqual({ kind: 'local', dir });
  });

  it.each(['C:\\site', 'c:/site', 'D:', 'c:site'])('refuses the Windows drive path %j, saying paths are POSIX here', (input) => {
    expect(() => parseLocation(input)).toThrowError(
      expect.objectContaining({ code: 'invalid-location', message: expect.stringContaining('a Windows drive path: Feedwright runs with POSIX paths here') }),
    );
  });
});

describe('createStore', () => {
  it('builds a local store for a folder and an S3 store for s3://', () => {
    expect(createStore('public', {}).description).toBe('public');
    expect(createStore('s3://feeds/site', { AWS_REGION: 'eu-west-1' }).description).toBe('s3://feeds/site/');
  });
});

describe('createS3Client', () => {
  it('points at AWS_ENDPOINT_URL_S3 before AWS_ENDPOINT_URL, with path-style addressing', async () => {
    const client = createS3Client({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000', AWS_ENDPOINT_URL: 'http://x:1' });
    const endpoint = await client.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
    expect(endpoint?.port).toBe(9000);
    expect(client.config.forcePathStyle).toBe(true);
  });

  it('falls back to AWS_ENDPOINT_URL', async () => {
    const client = createS3Client({ AWS_ENDPOINT_URL: 'http://localhost:4566' });
    expect((await client.config.endpoint?.())?.port).toBe(4566);
    expect(client.config.forcePathStyle).toBe(true);
  });

  it('leaves virtual-host addressing alone for real S3', () => {
    expect(createS3Client({ AWS_REGION: 'eu-west-1' }).config.forcePathStyle).not.toBe(true);
  });

  it('takes the region from the env, checksums only when required, and retries', async () => {
    const client = createS3Client({ AWS_REGION: 'eu-central-1' });
    expect(await client.config.region()).toBe('eu-central-1');
    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    expect(await client.config.maxAttempts()).toBe(5);
  });

  it('uses AWS_DEFAULT_REGION when AWS_REGION is unset', async () => {
    expect(await createS3Client({ AWS_DEFAULT_REGION: 'ap-south-1' }).config.region()).toBe('ap-south-1');
  });
});

// The pairs below are an input and an output, named as flags.
const assertSeparateLocations = (input: string, out: string) =>
  assertSeparateNamed({ role: 'input', location: input, from: `--input ${input}` }, { role: 'output', location: out, from: `--out ${out}` });
const OVERLAP = /are the same (folder|S3 prefix)|is inside/;

describe('assertSeparateLocations', () => {
  it('accepts separate folders and separate prefixes', () => {
    expect(() => assertSeparateLocations('seeds', 'public')).not.toThrow();
    expect(() => assertSeparateLocations('content', 'content-site')).not.toThrow();
    expect(() => assertSeparateLocations('s3://feeds/input/', 's3://feeds/site/')).not.toThrow();
    expect(() => assertSeparateLocations('s3://bucket-a/site/', 's3://bucket-b/site/')).not.toThrow();
    expect(() => assertSeparateLocations('seeds', 's3://feeds/')).not.toThrow();
  });

  it('refuses an output inside the input, the input inside the output, or the same place', () => {
    for (const [input, out] of [
      ['seeds', 'seeds'],
      ['seeds', './seeds/public'],
      ['site/articles', 'site'],
      ['s3://feeds/', 's3://feeds/site/'],
      ['s3://feeds/site/input/', 's3://feeds/site/'],
    ]) {
      expect(() => assertSeparateLocations(input as string, out as string), `${input} → ${out}`).toThrow(OVERLAP);
    }
  });
});

describe('assertSeparateLocations names each location', () => {
  const named = (role: 'input' | 'output' | 'state', location: string, from: string) => ({ role, location, from });

  // It said `o7 overlaps o7`, leaving the user to guess which setting was which.
  it('says which role each location has and where it was given', () => {
    expect(() => assertSeparateNamed(named('state', 'o7', 'FEEDWRIGHT_STATE=o7'), named('output', 'o7', '--out o7'))).toThrow(
      'the state (FEEDWRIGHT_STATE=o7) and the output (--out o7) are the same folder: the state is private and would be published with the site; use separate folders',
    );
    expect(() => assertSeparateNamed(named('state', 'site', 'state: site in the config'), named('output', 'site/www', '--out site/www'))).toThrow(
      /^the output \(--out site\/www\) is inside the state \(state: site in the config\): /,
    );
    expect(() => assertSeparateNamed(named('output', 'arts/x', '--out arts/x'), named('input', 'arts', '--input arts'))).toThrow(
      /^the output \(--out arts\/x\) is inside the input \(--input arts\): a run must never write where its articles are read/,
    );
    expect(() => assertSeparateNamed(named('state', 's3://feeds/site/', 'FEEDWRIGHT_STATE=s3://feeds/site/'), named('output', 's3://feeds/site', 'FEEDWRIGHT_OUT=s3://feeds/site'))).toThrow(
      /^the state \(FEEDWRIGHT_STATE=s3:\/\/feeds\/site\/\) and the output \(FEEDWRIGHT_OUT=s3:\/\/feeds\/site\) are the same S3 prefix: .*; use separate S3 prefixes$/,
    );
  });

  it('accepts a folder whose name only starts like the other (site2 beside site)', () => {
    expect(() => assertSeparateNamed(named('state', '/srv/site2', '--state /srv/site2'), named('output', '/srv/site', '--out /srv/site'))).not.toThrow();
  });
});

describe('assertSeparateLocations on real paths', () => {
  const bases: string[] = [];
  afterAll(async () => {
    await Promise.all(bases.map((b) => rm(b, { recursive: true, force: true })));
  });
  const makeBase = async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'feedwright-location-'));
    bases.push(base);
    await mkdir(path.join(base, 'seeds', 'articles'), { recursive: true });
    return base;
  };

  it('refuses an output that is a link to the input, or to a folder inside it', async () => {
    const base = await makeBase();
    await symlink(path.join(base, 'seeds'), path.join(base, 'public'));
    await symlink(path.join(base, 'seeds', 'articles'), path.join(base, 'site'));
    expect(() => assertSeparateLocations(path.join(base, 'seeds'), path.join(base, 'public'))).toThrow(OVERLAP);
    expect(() => assertSeparateLocations(path.join(base, 'seeds'), path.join(base, 'site'))).toThrow(OVERLAP);
    // The link is why two different-looking paths meet, so the real paths are named.
    expect(() => assertSeparateLocations(path.join(base, 'seeds'), path.join(base, 'public'))).toThrow(`(real paths ${path.join(base, 'seeds')} and`);
  });

  it('refuses a not-yet-existing output below a link into the input', async () => {
    const base = await makeBase();
    await symlink(path.join(base, 'seeds'), path.join(base, 'www'));
    expect(() => assertSeparateLocations(path.join(base, 'seeds'), path.join(base, 'www', 'public', 'new'))).toThrow(OVERLAP);
    expect(() => assertSeparateLocations(path.join(base, 'www', 'state'), path.join(base, 'seeds'))).toThrow(OVERLAP);
  });

  it('accepts a link that leads somewhere separate', async () => {
    const base = await makeBase();
    await mkdir(path.join(base, 'srv'));
    await symlink(path.join(base, 'srv'), path.join(base, 'public'));
    expect(() => assertSeparateLocations(path.join(base, 'seeds'), path.join(base, 'public'))).not.toThrow();
    expect(() => assertSeparateLocations(path.join(base, 'seeds'), path.join(base, 'not-yet', 'out'))).not.toThrow();
  });
});
