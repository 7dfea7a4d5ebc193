import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BUCKET = 'feedwright-dev-feeds';
const MAX_ZIP_BYTES = 1.5 * 1024 * 1024;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}
interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

// `osls package` builds the CloudFormation template and the esbuild bundles without touching AWS.
describe('serverless.yml packaged offline with osls', () => {
  let outDir: string;
  let resources: Record<string, Resource>;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'feedwright-sls-'));
    await run('npx', ['osls', 'package', '--stage', 'dev', '--package', outDir], {
      cwd: repoRoot,
      timeout: 120_000,
      env: {
        ...process.env,
        // Never used (packaging is offline), but keeps the SDK from probing for real credentials.
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
      },
    });
    const template = JSON.parse(await readFile(path.join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')) as {
      Resources: Record<string, Resource>;
    };
    resources = template.Resources;
  }, 150_000);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  const lambda = (logicalId: string) => {
    const resource = resources[logicalId];
    expect(resource?.Type, logicalId).toBe('AWS::Lambda::Function');
    return resource?.Properties ?? {};
  };

  it('deploys four functions on nodejs22.x / arm64 with the bundled .cjs handlers', () => {
    for (const [id, handler] of [
      ['PublishLambdaFunction', 'functions/publish.handler'],
      ['DigestDailyLambdaFunction', 'functions/digest.handler'],
      ['DigestWeeklyLambdaFunction', 'functions/digest.handler'],
      ['RunLambdaFunction', 'functions/run.handler'],
    ] as const) {
      const fn = lambda(id);
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Handler).toBe(handler);
      // Peak RSS of a cold 10,000-article build is ~450 MB: 512 MB would leave no headroom.
      expect(fn.MemorySize).toBeGreaterThanOrEqual(1024);
      expect(fn.ReservedConcurrentExecutions).toBe(1);
      // Plain strings, so `invoke local` needs no CloudFormation lookups.
      expect((fn.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        FEEDWRIGHT_INPUT: `s3://${BUCKET}/input/`,
        FEEDWRIGHT_OUT: `s3://${BUCKET}/site/`,
      });
    }
  });

  it('publishes every 15 minutes through an EventBridge rule', () => {
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties.ScheduleExpression).toBe('rate(15 minutes)');
    const targets = rules[0]?.Properties.Targets as { Arn: unknown; Input?: string }[];
    expect(targets[0]?.Arn).toEqual({ 'Fn::GetAtt': ['PublishLambdaFunction', 'Arn'] });
  });

  it('issues digests from EventBridge Scheduler with a time zone and the scheduled time in the input', () => {
    const schedules = Object.values(resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    const byFunction = new Map(
      schedules.map((s) => {
        const target = s.Properties.Target as { Arn: { 'Fn::GetAtt': [string, string] }; Input: string };
        return [target.Arn['Fn::GetAtt'][0], { ...s.Properties, input: JSON.parse(target.Input) as unknown }];
      }),
    );
    expect(byFunction.get('DigestDailyLambdaFunction')).toMatchObject({
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      input: { digest: 'daily', time: '<aws.scheduler.scheduled-time>' },
    });
    expect(byFunction.get('DigestWeeklyLambdaFunction')).toMatchObject({
      ScheduleExpression: 'cron(0 7 ? * MON *)',
      ScheduleExpressionTimezone: 'UTC',
      input: { digest: 'weekly', time: '<aws.scheduler.scheduled-time>' },
    });
    expect(byFunction.size).toBe(2);
  });

  it('scopes every S3 permission to the feeds bucket and its prefixes, writing only under site/', () => {
    const policies = resources.IamRoleLambdaExecution?.Properties.Policies as {
      PolicyDocument: { Statement: Statement[] };
    }[];
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    const s3 = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:')));
    const grants = (action: string) => s3.filter((s) => asArray(s.Action).includes(action));
    const resourcesOf = (action: string) => grants(action).flatMap((s) => asArray(s.Resource));

    for (const statement of s3) {
      expect(statement.Effect).toBe('Allow');
      expect(asArray(statement.Action).some((a) => a.includes('*'))).toBe(false);
      for (const resource of asArray(statement.Resource)) {
        expect(typeof resource).toBe('string');
        expect(resource).not.toBe('*');
        expect(String(resource).startsWith(`arn:aws:s3:::${BUCKET}`)).toBe(true);
      }
    }
    expect(resourcesOf('s3:ListBucket')).toEqual([`arn:aws:s3:::${BUCKET}`]);
    for (const list of grants('s3:ListBucket')) {
      // No s3:prefix condition: it would make GetObject of a missing key answer 403 instead of 404.
      expect(list.Condition).toBeUndefined();
    }
    expect([...resourcesOf('s3:GetObject')].sort()).toEqual([`arn:aws:s3:::${BUCKET}/input/*`, `arn:aws:s3:::${BUCKET}/site/*`]);
    expect(resourcesOf('s3:PutObject')).toEqual([`arn:aws:s3:::${BUCKET}/site/*`]);
    expect(resourcesOf('s3:DeleteObject')).toEqual([`arn:aws:s3:::${BUCKET}/site/*`]);
  });

  it('declares the feeds bucket, private', () => {
    const bucket = Object.values(resources).find(
      (r) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === BUCKET,
    );
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
  });

  it('keeps each function zip under 1.5 MB', async () => {
    for (const name of ['publish', 'digestDaily', 'digestWeekly', 'run']) {
      const { size } = await stat(path.join(outDir, `${name}.zip`));
      expect(size, name).toBeLessThan(MAX_ZIP_BYTES);
    }
  });

  it('ships a bundle that loads as CommonJS and answers a bad payload', async () => {
    const extract = path.join(outDir, 'run-unzipped');
    await run('unzip', ['-q', '-o', path.join(outDir, 'run.zip'), '-d', extract]);
    // The runtime provides @aws-sdk/*; here the repo's copy stands in for it.
    const script =
      `require(${JSON.stringify(path.join(extract, 'functions', 'run.cjs'))})` +
      `.handler({ action: 'bogus' }).then((r) => process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'))`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      cwd: outDir,
      timeout: 30_000,
      env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') },
    });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT ')) ?? '';
    expect(JSON.parse(line.slice('RESULT '.length))).toMatchObject({ ok: false, error: 'ValidationError' });
  });
});
