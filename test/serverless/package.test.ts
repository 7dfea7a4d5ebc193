import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestEventSchema } from '../../functions/digest.js';
import { PublishEventSchema } from '../../functions/publish-event.js';
import { allows, asArray, decide, type PolicyStatement } from './iam-policy.js';

const validateAsl = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean; errorsText(separator?: string): string };

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BUCKET = 'feedwright-dev-feeds';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const MAX_ZIP_BYTES = 1.5 * 1024 * 1024;

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
}
type GetAtt = { 'Fn::GetAtt': [string, string] };

const FUNCTIONS = {
  publish: 'PublishLambdaFunction',
  digestDaily: 'DigestDailyLambdaFunction',
  digestWeekly: 'DigestWeeklyLambdaFunction',
  run: 'RunLambdaFunction',
} as const;
type FunctionName = keyof typeof FUNCTIONS;
const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];
/** Digests by e-mail: separate from the publisher's functions, with roles that never reach the publisher's state. */
const MAIL_FUNCTIONS = {
  mail: 'MailLambdaFunction',
  sendDigest: 'SendDigestLambdaFunction',
  sesEvents: 'SesEventsLambdaFunction',
  mailAdmin: 'MailAdminLambdaFunction',
} as const;
type MailFunctionName = keyof typeof MAIL_FUNCTIONS;
const MAIL_FUNCTION_NAMES = Object.keys(MAIL_FUNCTIONS) as MailFunctionName[];

const object = (key: string) => `${BUCKET_ARN}/${key}`;
const getAttTarget = (value: unknown): string | undefined => {
  const getAtt = (value as Partial<GetAtt> | null)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'Arn' ? getAtt[0] : undefined;
};

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
      ['PublishLambdaFunction', 'functions/fanout-publish.handler'],
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

  it('gives the publishing coordinator (publish and its assemble step) the coordinatorMemory param, 1024 MB by default', () => {
    expect(lambda('PublishLambdaFunction').MemorySize).toBe(1024);
    expect(lambda('FanoutAssembleLambdaFunction').MemorySize).toBe(1024);
  });

  it('publishes every 15 minutes through an EventBridge rule', () => {
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties.ScheduleExpression).toBe('rate(15 minutes)');
    const targets = rules[0]?.Properties.Targets as { Arn: unknown; Input?: string }[];
    expect(targets[0]?.Arn).toEqual({ 'Fn::GetAtt': ['PublishLambdaFunction', 'Arn'] });
    // No Input: the rule delivers the whole Scheduled Event, which the (strict) publish event schema accepts.
    expect(targets[0]?.Input).toBeUndefined();
    const delivered = {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-03-30T12:15:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/feedwright-dev-publish-rule'],
      detail: {},
    };
    expect(PublishEventSchema.safeParse(delivered).error).toBeUndefined();
    // The rule needs no role: the function's resource policy lets EventBridge invoke it for this rule only.
    const ruleId = Object.keys(resources).find((id) => resources[id] === rules[0]);
    const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'events.amazonaws.com');
    expect(permissions.map((p) => p.Properties)).toEqual([
      {
        FunctionName: { 'Fn::GetAtt': ['PublishLambdaFunction', 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      },
    ]);
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
    // Scheduler fills the placeholder with the scheduled time (ISO 8601, UTC); the digest event schema is strict.
    for (const { input } of byFunction.values()) {
      const delivered = JSON.parse(JSON.stringify(input).replace('<aws.scheduler.scheduled-time>', '2026-11-27T07:00:00Z')) as unknown;
      expect(DigestEventSchema.safeParse(delivered).error).toBeUndefined();
    }
  });

  /** The role a function runs as: its own AWS::IAM::Role resource, referenced by logical id. */
  const roleOf = (name: FunctionName): string => {
    const roleId = getAttTarget(lambda(FUNCTIONS[name]).Role);
    expect(roleId, `${name}: Role must be Fn::GetAtt of a role in this stack`).toBeDefined();
    return roleId ?? '';
  };
  const roles = () => Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
  /** Every statement that applies to a role: its inline policies (the test below proves there are no others). */
  const statementsOf = (roleId: string): PolicyStatement[] => {
    const role = resources[roleId];
    expect(role?.Type, roleId).toBe('AWS::IAM::Role');
    const policies = (role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: PolicyStatement | PolicyStatement[] } }[];
    return policies.flatMap((p) => asArray(p.PolicyDocument.Statement));
  };
  const trustedServices = (roleId: string): string[] => {
    const trust = resources[roleId]?.Properties.AssumeRolePolicyDocument as { Statement: PolicyStatement[] };
    return asArray(trust.Statement).flatMap((s) => {
      expect(s.Effect).toBe('Allow');
      expect(asArray(s.Action)).toEqual(['sts:AssumeRole']);
      return asArray((s.Principal as { Service?: string | string[] }).Service);
    });
  };
  const can = (name: FunctionName, action: string, resource: string, context?: Record<string, string>) =>
    allows(statementsOf(roleOf(name)), { action: `s3:${action}`, resource, context });
  const canList = (name: FunctionName, prefix: string | undefined) =>
    can(name, 'ListBucket', BUCKET_ARN, prefix === undefined ? {} : { 's3:prefix': prefix });

  it('gives each function its own role, assumable only by Lambda, with nothing attached besides its inline policies', () => {
    const roleIds = FUNCTION_NAMES.map(roleOf);
    expect(new Set(roleIds).size).toBe(FUNCTION_NAMES.length);
    // No shared default role: osls creates it unless every function names its own.
    expect(resources.IamRoleLambdaExecution).toBeUndefined();
    for (const roleId of roleIds) {
      expect(trustedServices(roleId), roleId).toEqual(['lambda.amazonaws.com']);
      // Statements from elsewhere would escape the checks below, which read inline policies only.
      expect(resources[roleId]?.Properties.ManagedPolicyArns, roleId).toBeUndefined();
    }
    const attached = Object.values(resources).filter((r) => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy'].includes(r.Type));
    expect(attached).toEqual([]);
  });

  it('lets no role in the stack write, delete or overwrite anything under input/', () => {
    expect(roles().length).toBeGreaterThanOrEqual(FUNCTION_NAMES.length + 1);
    for (const [roleId] of roles()) {
      for (const action of ['PutObject', 'DeleteObject', 'DeleteObjectVersion', 'PutObjectAcl', 'RestoreObject']) {
        for (const key of ['input/a.md', 'input/drafts/2026-12-secret.md']) {
          expect(allows(statementsOf(roleId), { action: `s3:${action}`, resource: object(key) }), `${roleId} ${action} ${key}`).toBe(false);
        }
      }
    }
  });

  it('lets publish and run read input/, publish site/ and keep state/, listing only those prefixes', () => {
    for (const name of ['publish', 'run'] as const) {
      expect(can(name, 'GetObject', object('input/2026/a.md')), name).toBe(true);
      for (const key of ['site/feed.xml', 'site/articles/a.html', 'site/_feedwright/state.json', 'state/state.json', 'state/digests/daily.json']) {
        for (const action of ['GetObject', 'PutObject', 'DeleteObject']) expect(can(name, action, object(key)), `${name} ${action} ${key}`).toBe(true);
      }
      for (const prefix of ['input/', 'site/', 'site/digests/daily/', 'state/']) expect(canList(name, prefix), `${name} list ${prefix}`).toBe(true);
      // A listing of the whole bucket (or of anything else) would show the other prefixes' keys.
      for (const prefix of [undefined, '', 'other/', 'inputs']) expect(canList(name, prefix), `${name} list ${prefix}`).toBe(false);
      for (const key of ['other/x', 'sitemap.xml', 'state.json']) expect(can(name, 'GetObject', object(key)), `${name} get ${key}`).toBe(false);
      expect(can(name, 'PutBucketPolicy', BUCKET_ARN), name).toBe(false);
    }
  });

  it('lets the digest functions add issues under site/digests/ and keep state/, but change nothing else of the site', () => {
    for (const name of ['digestDaily', 'digestWeekly'] as const) {
      for (const key of ['input/a.md', 'site/feed.xml', 'site/digests/daily/2026-01-05.json']) expect(can(name, 'GetObject', object(key)), `${name} get ${key}`).toBe(true);
      for (const key of ['site/digests/daily/2026-01-05.html', 'site/digests/weekly/feed.xml']) expect(can(name, 'PutObject', object(key)), `${name} put ${key}`).toBe(true);
      for (const action of ['GetObject', 'PutObject', 'DeleteObject']) expect(can(name, action, object('state/digests/daily.json')), `${name} ${action} state`).toBe(true);
      for (const key of ['site/feed.xml', 'site/index.html', 'site/articles/a.html', 'site/feeds.opml']) {
        expect(can(name, 'PutObject', object(key)), `${name} put ${key}`).toBe(false);
        expect(can(name, 'DeleteObject', object(key)), `${name} delete ${key}`).toBe(false);
      }
      // An issue, once written, is never removed.
      expect(can(name, 'DeleteObject', object('site/digests/daily/2026-01-05.html')), name).toBe(false);
      for (const prefix of ['input/', 'site/digests/daily/', 'state/']) expect(canList(name, prefix), `${name} list ${prefix}`).toBe(true);
      for (const prefix of [undefined, '', 'other/']) expect(canList(name, prefix), `${name} list ${prefix}`).toBe(false);
    }
  });

  it('lets only the four functions touch state/, and gives no principal of the bucket policy access to it', () => {
    const touching = roles()
      .filter(([roleId]) =>
        ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].some((action) => allows(statementsOf(roleId), { action, resource: object('state/state.json') })),
      )
      .map(([roleId]) => roleId)
      .sort();
    // The fan-out's assemble step is a publish; the workers and the dead-letter recorder reach state/work/ only.
    expect(touching).toEqual([...FUNCTION_NAMES.map(roleOf), 'FanoutAssembleRole'].sort());
    // A CDN grant (origin access control) belongs on site/* only: the bucket policy allows nothing anywhere else.
    const bucketPolicy = Object.values(resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && (r.Properties.Bucket as { Ref?: string }).Ref === 'FeedsBucket');
    const statements = asArray((bucketPolicy?.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
    for (const key of ['state/state.json', 'input/a.md', 'site/_feedwright/state.json']) {
      expect(allows(statements, { action: 's3:GetObject', resource: object(key), context: { 'aws:SecureTransport': 'true' } }), key).toBe(false);
    }
  });

  it("writes each function's logs to its own log group only", () => {
    for (const name of FUNCTION_NAMES) {
      const ownGroup = resources[`${FUNCTIONS[name].replace(/LambdaFunction$/, '')}LogGroup`]?.Properties.LogGroupName;
      expect(ownGroup).toBe(`/aws/lambda/feedwright-dev-${name}`);
      const logStatements = statementsOf(roleOf(name)).filter((s) => asArray(s.Action).some((a) => a.startsWith('logs:')));
      expect(logStatements.length, name).toBeGreaterThan(0);
      for (const statement of logStatements) {
        expect(statement.Effect).toBe('Allow');
        expect(asArray(statement.Action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
        for (const resource of asArray(statement.Resource)) {
          const arn = typeof resource === 'string' ? resource : (resource as { 'Fn::Sub'?: string })['Fn::Sub'];
          expect(arn, name).toBe(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${ownGroup}:*`);
        }
      }
    }
  });

  it('gives EventBridge Scheduler its own role, which can only invoke the functions it schedules', () => {
    const schedules = Object.values(resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    const targets = new Set(schedules.map((s) => getAttTarget((s.Properties.Target as { Arn: unknown }).Arn)));
    const schedulerRoles = new Set(schedules.map((s) => getAttTarget((s.Properties.Target as { RoleArn: unknown }).RoleArn)));
    expect([...targets].sort()).toEqual(['DigestDailyLambdaFunction', 'DigestWeeklyLambdaFunction']);
    expect(schedulerRoles.size).toBe(1);
    const roleId = [...schedulerRoles][0] ?? '';
    expect(FUNCTION_NAMES.map(roleOf)).not.toContain(roleId);
    expect(trustedServices(roleId)).toEqual(['scheduler.amazonaws.com']);
    const statements = statementsOf(roleId);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotAction).toBeUndefined();
      expect(asArray(statement.Action)).toEqual(['lambda:InvokeFunction']);
      expect(new Set(asArray(statement.Resource).map(getAttTarget))).toEqual(targets);
    }
    // And no function role is assumable by the scheduler (the old shared role was).
    for (const name of FUNCTION_NAMES) expect(trustedServices(roleOf(name))).not.toContain('scheduler.amazonaws.com');
  });

  it('never lets a function role use wildcard actions or touch another bucket', () => {
    for (const name of FUNCTION_NAMES) {
      for (const statement of statementsOf(roleOf(name)).filter((s) => s.Effect === 'Allow')) {
        expect(statement.NotAction, name).toBeUndefined();
        expect(statement.NotResource, name).toBeUndefined();
        expect(asArray(statement.Action).some((a) => a.includes('*')), `${name} ${String(statement.Action)}`).toBe(false);
        for (const resource of asArray(statement.Resource).filter((r): r is string => typeof r === 'string')) {
          expect(resource === BUCKET_ARN || resource.startsWith(`${BUCKET_ARN}/`), `${name} ${resource}`).toBe(true);
        }
      }
      expect(can(name, 'GetObject', 'arn:aws:s3:::some-other-bucket/site/feed.xml'), name).toBe(false);
    }
  });

  it('puts every function state under its own prefix, outside the site and the input, where its role may write', () => {
    for (const name of FUNCTION_NAMES) {
      const env = (lambda(FUNCTIONS[name]).Environment as { Variables: Record<string, string> }).Variables;
      const locate = (variable: string) => {
        const value = env[variable];
        expect(value, `${name} ${variable}`).toMatch(/^s3:\/\//);
        const url = new URL(value ?? '');
        return { bucket: url.host, prefix: url.pathname.replace(/^\//, '') };
      };
      const state = locate('FEEDWRIGHT_STATE');
      expect(state).toEqual({ bucket: BUCKET, prefix: 'state/' });
      for (const other of [locate('FEEDWRIGHT_OUT'), locate('FEEDWRIGHT_INPUT')]) {
        expect(other.bucket).toBe(state.bucket);
        expect(other.prefix.startsWith(state.prefix) || state.prefix.startsWith(other.prefix), `${name}: ${state.prefix} overlaps ${other.prefix}`).toBe(false);
      }
      expect(can(name, 'PutObject', object(`${state.prefix}lease.json`)), name).toBe(true);
    }
  });

  it('declares the feeds bucket private, versioned, expiring old versions and aborting stale uploads', () => {
    const bucket = resources.FeedsBucket;
    expect(bucket?.Type).toBe('AWS::S3::Bucket');
    expect(bucket?.Properties.BucketName).toBe(BUCKET);
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const rules = (bucket?.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    // Whole-bucket rules only: a Prefix or Filter would leave state/ or input/ versions for ever.
    const wholeBucket = rules.filter((r) => r.Status === 'Enabled' && r.Prefix === undefined && r.Filter === undefined);
    const noncurrentDays = wholeBucket.map((r) => (r.NoncurrentVersionExpiration as { NoncurrentDays?: number } | undefined)?.NoncurrentDays);
    expect(noncurrentDays).toContain(30);
    const abortDays = wholeBucket.map((r) => (r.AbortIncompleteMultipartUpload as { DaysAfterInitiation?: number } | undefined)?.DaysAfterInitiation);
    expect(abortDays.some((d) => d !== undefined && d >= 1 && d <= 7)).toBe(true);
  });

  it('denies every request to the bucket that does not use TLS', () => {
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::S3::BucketPolicy' && (r.Properties.Bucket as { Ref?: string }).Ref === 'FeedsBucket');
    expect(policies).toHaveLength(1);
    const statements = asArray((policies[0]?.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
    const requests = [
      { action: 's3:GetObject', resource: object('site/feed.xml') },
      { action: 's3:PutObject', resource: object('input/a.md') },
      { action: 's3:GetObject', resource: object('state/state.json') },
      { action: 's3:ListBucket', resource: BUCKET_ARN },
      { action: 's3:PutBucketPolicy', resource: BUCKET_ARN },
    ];
    for (const request of requests) {
      expect(decide(statements, { ...request, context: { 'aws:SecureTransport': 'false' } }), request.action).toBe('deny');
      expect(decide(statements, { ...request, context: { 'aws:SecureTransport': 'true' } }), request.action).not.toBe('deny');
    }
    // The deny binds everyone, roles of this stack included.
    for (const statement of statements.filter((s) => s.Effect === 'Deny')) expect(statement.Principal).toBe('*');
  });

  describe('digests by e-mail', () => {
    const mailRoleOf = (name: MailFunctionName): string => {
      const roleId = getAttTarget(lambda(MAIL_FUNCTIONS[name]).Role);
      expect(roleId, `${name}: Role must be Fn::GetAtt of a role in this stack`).toBeDefined();
      return roleId ?? '';
    };
    const mailCan = (name: MailFunctionName, action: string, resource: string, context?: Record<string, string>) =>
      allows(statementsOf(mailRoleOf(name)), { action, resource, context });
    const subscriber = object('state/subscribers/daily/0123456789abcdef0123456789abcdef.json');
    const sendRecord = object('state/mail/daily/2026-11-30/0123456789abcdef0123456789abcdef.json');
    const issueRecord = object('site/digests/daily/2026-11-30.json');

    it('gives each mail function its own Lambda-only role, distinct from the publisher roles', () => {
      const roleIds = MAIL_FUNCTION_NAMES.map(mailRoleOf);
      expect(new Set([...roleIds, ...FUNCTION_NAMES.map(roleOf)]).size).toBe(roleIds.length + FUNCTION_NAMES.length);
      for (const roleId of roleIds) {
        expect(trustedServices(roleId), roleId).toEqual(['lambda.amazonaws.com']);
        expect(resources[roleId]?.Properties.ManagedPolicyArns, roleId).toBeUndefined();
      }
    });

    it('keeps every mail role away from input/, the publisher state and the site pages', () => {
      for (const name of MAIL_FUNCTION_NAMES) {
        for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
          for (const key of ['input/a.md', 'state/state.json', 'state/digests/daily.json', 'site/feed.xml', 'site/index.html']) {
            expect(mailCan(name, action, object(key)), `${name} ${action} ${key}`).toBe(false);
          }
        }
        expect(mailCan(name, 's3:PutObject', issueRecord), name).toBe(false);
        for (const prefix of [undefined, '', 'input/', 'state/', 'site/']) expect(mailCan(name, 's3:ListBucket', BUCKET_ARN, prefix === undefined ? {} : { 's3:prefix': prefix }), `${name} list ${prefix}`).toBe(false);
        for (const statement of statementsOf(mailRoleOf(name)).filter((st) => st.Effect === 'Allow')) {
          expect(statement.NotAction, name).toBeUndefined();
          expect(asArray(statement.Action).some((a) => a.includes('*')), `${name} ${String(statement.Action)}`).toBe(false);
        }
      }
    });

    it('lets the endpoints and the SES feedback handler change subscribers only; only the senders read issues and send records', () => {
      for (const name of ['mail', 'sesEvents'] as const) {
        expect(mailCan(name, 's3:GetObject', subscriber), name).toBe(true);
        expect(mailCan(name, 's3:PutObject', subscriber), name).toBe(true);
        expect(mailCan(name, 's3:DeleteObject', subscriber), name).toBe(false);
        expect(mailCan(name, 's3:ListBucket', BUCKET_ARN, { 's3:prefix': 'state/subscribers/daily/' }), name).toBe(true);
        expect(mailCan(name, 's3:GetObject', sendRecord), name).toBe(false);
        expect(mailCan(name, 's3:GetObject', issueRecord), name).toBe(false);
      }
      for (const name of ['sendDigest', 'mailAdmin'] as const) {
        expect(mailCan(name, 's3:GetObject', issueRecord), name).toBe(true);
        expect(mailCan(name, 's3:GetObject', subscriber), name).toBe(true);
        for (const action of ['s3:GetObject', 's3:PutObject']) expect(mailCan(name, action, sendRecord), `${name} ${action}`).toBe(true);
        expect(mailCan(name, 's3:DeleteObject', sendRecord), name).toBe(false);
        for (const prefix of ['site/digests/daily/', 'state/subscribers/daily/', 'state/mail/daily/2026-11-30/']) {
          expect(mailCan(name, 's3:ListBucket', BUCKET_ARN, { 's3:prefix': prefix }), `${name} list ${prefix}`).toBe(true);
        }
      }
      // The scheduled sender never adds or removes a subscriber; the operator's function does.
      expect(mailCan('sendDigest', 's3:PutObject', subscriber)).toBe(false);
      expect(mailCan('mailAdmin', 's3:PutObject', subscriber)).toBe(true);
      expect(mailCan('mailAdmin', 's3:DeleteObject', subscriber)).toBe(true);
    });

    it('lets the mailing functions send through SES only as the configured sender, with the stack configuration set', () => {
      const sesStatements = (name: MailFunctionName) => statementsOf(mailRoleOf(name)).filter((st) => asArray(st.Action).some((a) => a.startsWith('ses:')));
      expect(sesStatements('sesEvents')).toEqual([]);
      for (const name of ['mail', 'sendDigest', 'mailAdmin'] as const) {
        const statements = sesStatements(name);
        expect(statements, name).toHaveLength(1);
        const [statement] = statements;
        expect(statement?.Effect).toBe('Allow');
        expect(asArray(statement?.Action)).toEqual(['ses:SendEmail']);
        expect(asArray(statement?.Resource).map((r) => (r as { 'Fn::Sub'?: string })['Fn::Sub'])).toEqual([
          'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/feedwright.example',
          'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/feedwright-dev',
        ]);
        expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'digest@feedwright.example' } });
      }
    });

    it('serves the lifecycle endpoints on a public function URL, capped in concurrency', () => {
      const urls = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Url');
      expect(urls.map((u) => [getAttTarget(u.Properties.TargetFunctionArn), u.Properties.AuthType])).toEqual([['MailLambdaFunction', 'NONE']]);
      expect(lambda('MailLambdaFunction').ReservedConcurrentExecutions).toBeLessThanOrEqual(10);
      const env = (lambda('SendDigestLambdaFunction').Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.FEEDWRIGHT_EMAIL_BASE_URL).toEqual({ 'Fn::GetAtt': ['MailLambdaFunctionUrl', 'FunctionUrl'] });
      expect(env.FEEDWRIGHT_EMAIL_SECRET).toBe('{{resolve:ssm:/feedwright/dev/email-secret}}');
      expect(env.FEEDWRIGHT_STATE).toBe(`s3://${BUCKET}/state/`);
    });

    it('queues a send for every new issue record and resumes it from a queue with a dead-letter queue', () => {
      const bucket = resources.FeedsBucket;
      const queues = (bucket?.Properties.NotificationConfiguration as { QueueConfigurations: { Event: string; Queue: unknown; Filter: unknown }[] }).QueueConfigurations;
      expect(queues).toEqual([
        {
          Event: 's3:ObjectCreated:*',
          Queue: { 'Fn::GetAtt': ['MailQueue', 'Arn'] },
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'site/digests/' }, { Name: 'suffix', Value: '.json' }] } },
        },
      ]);
      expect(asArray(bucket?.DependsOn)).toContain('MailQueuePolicy');
      const queuePolicy = resources.MailQueuePolicy?.Properties.PolicyDocument as { Statement: PolicyStatement[] };
      expect(queuePolicy.Statement.map((st) => [st.Effect, st.Principal, st.Action, st.Condition?.ArnEquals])).toEqual([
        ['Allow', { Service: 's3.amazonaws.com' }, 'sqs:SendMessage', { 'aws:SourceArn': BUCKET_ARN }],
      ]);
      const queue = resources.MailQueue?.Properties ?? {};
      expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['MailDeadLetterQueue', 'Arn'] }, maxReceiveCount: 30 });
      // A message reappears only after the run holding it has surely ended.
      expect(queue.VisibilityTimeout).toBeGreaterThan(lambda('SendDigestLambdaFunction').Timeout as number);
      const mappings = Object.values(resources).filter(
        (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && getAttTarget(r.Properties.EventSourceArn) === 'MailQueue',
      );
      expect(mappings.map((m) => m.Properties)).toEqual([
        {
          BatchSize: 1,
          EventSourceArn: { 'Fn::GetAtt': ['MailQueue', 'Arn'] },
          FunctionName: { 'Fn::GetAtt': ['SendDigestLambdaFunction', 'Arn'] },
          Enabled: true,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      ]);
      expect(lambda('SendDigestLambdaFunction').ReservedConcurrentExecutions).toBe(1);
      const sqsActions = statementsOf(mailRoleOf('sendDigest')).filter((st) => asArray(st.Action).some((a) => a.startsWith('sqs:')));
      expect(sqsActions.flatMap((st) => asArray(st.Action)).sort()).toEqual(['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']);
      expect(sqsActions.map((st) => st.Resource)).toEqual([{ 'Fn::GetAtt': ['MailQueue', 'Arn'] }]);
    });

    it('routes SES bounces and complaints through SNS to the feedback handler', () => {
      const destination = resources.MailEventDestination?.Properties as { ConfigurationSetName: unknown; EventDestination: Record<string, unknown> };
      expect(destination.ConfigurationSetName).toEqual({ Ref: 'MailConfigurationSet' });
      expect(destination.EventDestination).toMatchObject({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: { Ref: 'SesEventsTopic' } } });
      const subscriptions = Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Subscription');
      expect(subscriptions.map((r) => [r.Properties.TopicArn, r.Properties.Protocol, getAttTarget(r.Properties.Endpoint)])).toEqual([
        [{ Ref: 'SesEventsTopic' }, 'lambda', 'SesEventsLambdaFunction'],
      ]);
      const topicPolicy = resources.SesEventsTopicPolicy?.Properties.PolicyDocument as { Statement: PolicyStatement[] };
      expect(topicPolicy.Statement.map((st) => [st.Principal, st.Action])).toEqual([[{ Service: 'ses.amazonaws.com' }, 'sns:Publish']]);
    });

    it('keeps each mail function zip under 1.5 MB and ships an endpoint bundle that loads as CommonJS', async () => {
      for (const name of MAIL_FUNCTION_NAMES) {
        const { size } = await stat(path.join(outDir, `${name}.zip`));
        expect(size, name).toBeLessThan(MAX_ZIP_BYTES);
      }
      const extract = path.join(outDir, 'mail-unzipped');
      await run('unzip', ['-q', '-o', path.join(outDir, 'mail.zip'), '-d', extract]);
      const script =
        `require(${JSON.stringify(path.join(extract, 'functions', 'mail-http.cjs'))})` +
        `.handler({ nonsense: true }).then((r) => process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'))`;
      const { stdout } = await run(process.execPath, ['-e', script], {
        cwd: outDir,
        timeout: 30_000,
        env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') },
      });
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT ')) ?? '';
      expect(JSON.parse(line.slice('RESULT '.length))).toMatchObject({ statusCode: 400 });
    });
  });

  describe('fan-out past one function run', () => {
    const FANOUT = { fanoutWorker: 'FanoutWorkerLambdaFunction', fanoutDeadLetter: 'FanoutDeadLetterLambdaFunction', fanoutAssemble: 'FanoutAssembleLambdaFunction' } as const;
    const fanoutRole = (name: keyof typeof FANOUT): string => getAttTarget(lambda(FANOUT[name]).Role) ?? '';
    const mappingOf = (queue: string) =>
      Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && getAttTarget(r.Properties.EventSourceArn) === queue).map((r) => r.Properties);
    const sqsStatements = (roleId: string) => statementsOf(roleId).filter((st) => asArray(st.Action).some((a) => a.startsWith('sqs:')));
    const sqsAllows = (roleId: string, action: string, queue: string) =>
      sqsStatements(roleId).some((st) => st.Effect === 'Allow' && asArray(st.Action).includes(action) && asArray(st.Resource).map(getAttTarget).includes(queue));

    it('queues batches with a dead-letter queue, partial batch failures and bounded concurrency', () => {
      const queue = resources.FanoutQueue?.Properties ?? {};
      expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['FanoutDeadLetterQueue', 'Arn'] }, maxReceiveCount: 3 });
      // AWS's advice for Lambda event sources: at least 6x the function timeout.
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (lambda(FANOUT.fanoutWorker).Timeout as number));
      expect(mappingOf('FanoutQueue')).toEqual([
        {
          BatchSize: 1,
          EventSourceArn: { 'Fn::GetAtt': ['FanoutQueue', 'Arn'] },
          FunctionName: { 'Fn::GetAtt': ['FanoutWorkerLambdaFunction', 'Arn'] },
          Enabled: true,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          ScalingConfig: { MaximumConcurrency: 50 },
        },
      ]);
      // Reserved concurrency covers the event source's maximum, so SQS never hands messages to throttled invocations.
      expect(lambda(FANOUT.fanoutWorker).ReservedConcurrentExecutions).toBeGreaterThanOrEqual(50);
      expect(mappingOf('FanoutDeadLetterQueue').map((m) => [getAttTarget(m.FunctionName), m.FunctionResponseTypes])).toEqual([
        ['FanoutDeadLetterLambdaFunction', ['ReportBatchItemFailures']],
      ]);
      expect(mappingOf('FanoutAssembleQueue').map((m) => getAttTarget(m.FunctionName))).toEqual(['FanoutAssembleLambdaFunction']);
      expect(resources.FanoutAssembleQueue?.Properties.RedrivePolicy).toMatchObject({ deadLetterTargetArn: { 'Fn::GetAtt': ['FanoutAssembleDeadLetterQueue', 'Arn'] } });
      // One assemble at a time, like publish.
      expect(lambda(FANOUT.fanoutAssemble).ReservedConcurrentExecutions).toBe(1);
      expect(lambda(FANOUT.fanoutAssemble).Handler).toBe('functions/fanout-publish.assemble');
      expect(lambda(FANOUT.fanoutWorker).Handler).toBe('functions/fanout-worker.handler');
    });

    it('gives each fan-out function its own Lambda-only role; workers reach input/ (read), state/work/ and site/ (write only)', () => {
      const ids = (Object.keys(FANOUT) as (keyof typeof FANOUT)[]).map(fanoutRole);
      expect(new Set([...ids, ...FUNCTION_NAMES.map(roleOf)]).size).toBe(ids.length + FUNCTION_NAMES.length);
      for (const id of ids) expect(trustedServices(id)).toEqual(['lambda.amazonaws.com']);
      const worker = statementsOf(fanoutRole('fanoutWorker'));
      const s3 = (statements: PolicyStatement[], action: string, key: string) => allows(statements, { action: `s3:${action}`, resource: object(key) });
      expect(s3(worker, 'GetObject', 'input/a.md')).toBe(true);
      for (const action of ['GetObject', 'PutObject']) expect(s3(worker, action, 'state/work/abc/parsed/000001.json'), action).toBe(true);
      for (const key of ['state/state.json', 'state/lease.json', 'state/subscribers/daily/x.json']) {
        for (const action of ['GetObject', 'PutObject', 'DeleteObject']) expect(s3(worker, action, key), `worker ${action} ${key}`).toBe(false);
      }
      // A render unit writes site objects; it never reads or deletes them.
      expect(s3(worker, 'PutObject', 'site/feed.xml')).toBe(true);
      for (const action of ['GetObject', 'DeleteObject']) expect(s3(worker, action, 'site/feed.xml'), `worker ${action} site/feed.xml`).toBe(false);
      expect(allows(worker, { action: 's3:ListBucket', resource: BUCKET_ARN, context: { 's3:prefix': 'state/work/abc/parsed/' } })).toBe(true);
      expect(allows(worker, { action: 's3:ListBucket', resource: BUCKET_ARN, context: { 's3:prefix': 'state/' } })).toBe(false);
      const deadLetter = statementsOf(fanoutRole('fanoutDeadLetter'));
      expect(s3(deadLetter, 'PutObject', 'state/work/abc/failed/000001.json')).toBe(true);
      expect(s3(deadLetter, 'GetObject', 'input/a.md')).toBe(false);
      // Queues: each consumer receives from its own queue only; senders send only where the protocol needs.
      expect(sqsAllows(fanoutRole('fanoutWorker'), 'sqs:ReceiveMessage', 'FanoutQueue')).toBe(true);
      expect(sqsAllows(fanoutRole('fanoutWorker'), 'sqs:SendMessage', 'FanoutAssembleQueue')).toBe(true);
      expect(sqsAllows(fanoutRole('fanoutWorker'), 'sqs:SendMessage', 'FanoutQueue')).toBe(false);
      expect(sqsAllows(fanoutRole('fanoutWorker'), 'sqs:ChangeMessageVisibility', 'FanoutQueue')).toBe(true);
      expect(sqsAllows(fanoutRole('fanoutWorker'), 'sqs:ChangeMessageVisibility', 'FanoutDeadLetterQueue')).toBe(false);
      expect(sqsAllows(fanoutRole('fanoutDeadLetter'), 'sqs:ReceiveMessage', 'FanoutDeadLetterQueue')).toBe(true);
      // The halves of a split batch are queued again.
      expect(sqsAllows(fanoutRole('fanoutDeadLetter'), 'sqs:SendMessage', 'FanoutQueue')).toBe(true);
      expect(sqsAllows(fanoutRole('fanoutDeadLetter'), 'sqs:ReceiveMessage', 'FanoutQueue')).toBe(false);
      expect(sqsAllows(fanoutRole('fanoutAssemble'), 'sqs:ReceiveMessage', 'FanoutAssembleQueue')).toBe(true);
      expect(sqsAllows(fanoutRole('fanoutAssemble'), 'sqs:SendMessage', 'FanoutQueue')).toBe(true);
      expect(sqsStatements(roleOf('publish')).flatMap((st) => [asArray(st.Action), getAttTarget(st.Resource)])).toEqual([['sqs:SendMessage'], 'FanoutQueue']);
      for (const name of ['run', 'digestDaily', 'digestWeekly'] as const) expect(sqsStatements(roleOf(name)), name).toEqual([]);
    });

    describe('the full-rebuild state machine', () => {
      const ACCOUNT = '123456789012';
      const SM_NAME = 'feedwright-dev-fanout';
      const SM_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${SM_NAME}`;
      const fakeArn = (logicalId: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${logicalId}`;
      /** What CloudFormation's Fn::Sub makes of a string: named variables first, then the pseudo parameters. */
      const substitute = (template: string, variables: Record<string, string>) =>
        template.replace(/\$\{([A-Za-z0-9:]+)\}/g, (whole, name: string) => {
          const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': ACCOUNT };
          return variables[name] ?? pseudo[name] ?? whole;
        });
      const resolvedStatements = (roleId: string): PolicyStatement[] =>
        statementsOf(roleId).map((st) => ({
          ...st,
          Resource: asArray(st.Resource).map((r) => {
            const sub = (r as { 'Fn::Sub'?: unknown })['Fn::Sub'];
            return typeof sub === 'string' ? substitute(sub, {}) : r;
          }),
        }));
      const definition = () => {
        const machine = resources.FanoutStateMachine;
        const [template, variables] = (machine?.Properties.DefinitionString as { 'Fn::Sub': [string, Record<string, unknown>] })['Fn::Sub'];
        const values = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : fakeArn(getAttTarget(value) ?? '?')]));
        const text = substitute(template, values);
        expect(text).not.toContain('${');
        return { variables, json: JSON.parse(text) as { StartAt: string; States: Record<string, Record<string, unknown>> } };
      };

      it('is deployed as a Standard state machine whose packaged definition passes asl-validator', () => {
        const machine = resources.FanoutStateMachine;
        expect(machine?.Type).toBe('AWS::StepFunctions::StateMachine');
        expect(machine?.Properties).toMatchObject({ StateMachineName: SM_NAME, StateMachineType: 'STANDARD', RoleArn: { 'Fn::GetAtt': ['FanoutStateMachineRole', 'Arn'] } });
        const { variables, json } = definition();
        expect(variables.Bucket).toBe(BUCKET);
        expect(Object.fromEntries(Object.entries(variables).filter(([k]) => k !== 'Bucket').map(([k, v]) => [k, getAttTarget(v)]))).toEqual({
          WorkerArn: 'FanoutWorkerLambdaFunction',
          DeadLetterArn: 'FanoutDeadLetterLambdaFunction',
          AssembleArn: 'FanoutAssembleLambdaFunction',
        });
        const result = validateAsl(json);
        expect(result.errorsText()).toBe('');
        expect(result.isValid).toBe(true);
      });

      it('maps over the manifest in the state bucket with an item batcher and a failure threshold, then assembles', () => {
        const { json } = definition();
        const map = json.States[json.StartAt] as Record<string, any>;
        expect(map.Type).toBe('Map');
        expect(map.ItemProcessor.ProcessorConfig.Mode).toBe('DISTRIBUTED');
        expect(map.ItemReader.Resource).toBe('arn:aws:states:::s3:getObject');
        expect(map.ItemReader.Parameters.Bucket).toBe(BUCKET);
        expect(map.ItemReader.Parameters['Key.$']).toMatch(/^States\.Format\('state\/\{\}', \$\.manifest\)$/);
        expect(map.ItemBatcher.MaxItemsPerBatch).toBeGreaterThan(1);
        expect(map.ToleratedFailurePercentage).toBeGreaterThan(0);
        expect(map.ToleratedFailurePercentage).toBeLessThan(50);
        // Never more children at once than the worker may run: the rest would only be throttled.
        expect(map.MaxConcurrency).toBeLessThanOrEqual(lambda(FANOUT.fanoutWorker).ReservedConcurrentExecutions as number);
        const processor = map.ItemProcessor.States[map.ItemProcessor.StartAt];
        expect(processor.Parameters.FunctionName).toBe(fakeArn('FanoutWorkerLambdaFunction'));
        // Past the threshold the execution fails; under it, leftovers are settled and the site assembled.
        expect(json.States[map.Catch[0].Next]?.Type).toBe('Fail');
        const leftovers = json.States[map.Next] as Record<string, any>;
        expect(leftovers.Parameters.FunctionName).toBe(fakeArn('FanoutDeadLetterLambdaFunction'));
        const assemble = json.States[leftovers.Next] as Record<string, any>;
        expect(assemble.Parameters.FunctionName).toBe(fakeArn('FanoutAssembleLambdaFunction'));
        expect(assemble.End).toBe(true);
      });

      it('gives the state machine its own role: it invokes the fan-out functions, reads manifests and runs its own children only', () => {
        expect(trustedServices('FanoutStateMachineRole')).toEqual(['states.amazonaws.com']);
        const statements = resolvedStatements('FanoutStateMachineRole');
        for (const st of statements) {
          expect(st.Effect).toBe('Allow');
          expect(asArray(st.Action).some((a) => a.includes('*')), String(st.Action)).toBe(false);
        }
        const invokes = statements.filter((st) => asArray(st.Action).includes('lambda:InvokeFunction'));
        expect(invokes.flatMap((st) => asArray(st.Resource).map(getAttTarget)).sort()).toEqual(Object.values(FANOUT).sort());
        const s3 = (action: string, key: string) => allows(statements, { action: `s3:${action}`, resource: object(key) });
        expect(s3('GetObject', 'state/work/0123abcd0123abcd/map/0123abcd0123abcd-aaaaaaaaaaaa.json')).toBe(true);
        for (const key of ['state/state.json', 'state/work/0123abcd0123abcd/parsed/000001.json', 'input/a.md', 'site/feed.xml']) expect(s3('GetObject', key), key).toBe(false);
        for (const action of ['PutObject', 'DeleteObject', 'ListBucket']) expect(s3(action, 'state/work/a/map/b.json'), action).toBe(false);
        expect(allows(statements, { action: 'states:StartExecution', resource: SM_ARN })).toBe(true);
        expect(allows(statements, { action: 'states:StartExecution', resource: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:other` })).toBe(false);
        const child = `arn:aws:states:us-east-1:${ACCOUNT}:execution:${SM_NAME}/Batches:0123`;
        for (const action of ['states:DescribeExecution', 'states:StopExecution']) {
          expect(allows(statements, { action, resource: child }), action).toBe(true);
          expect(allows(statements, { action, resource: `arn:aws:states:us-east-1:${ACCOUNT}:execution:other/Batches:0123` }), action).toBe(false);
        }
        expect(allows(statements, { action: 'states:DeleteStateMachine', resource: SM_ARN })).toBe(false);
      });

      it('lets publish alone start it, by the ARN in its environment', () => {
        const env = (name: string) => (lambda(name).Environment as { Variables: Record<string, unknown> }).Variables;
        expect(env('PublishLambdaFunction').FEEDWRIGHT_FANOUT_STATE_MACHINE_ARN).toEqual({ Ref: 'FanoutStateMachine' });
        const starters = roles()
          .filter(([roleId]) => statementsOf(roleId).some((st) => st.Effect === 'Allow' && asArray(st.Action).includes('states:StartExecution')))
          .map(([roleId]) => roleId)
          .sort();
        expect(starters).toEqual(['FanoutStateMachineRole', roleOf('publish')].sort());
        const publishStarts = statementsOf(roleOf('publish')).filter((st) => asArray(st.Action).some((a) => a.startsWith('states:')));
        expect(publishStarts.map((st) => [st.Effect, asArray(st.Action), st.Resource])).toEqual([['Allow', ['states:StartExecution'], { Ref: 'FanoutStateMachine' }]]);
        for (const id of Object.values(FANOUT)) expect(env(id).FEEDWRIGHT_FANOUT_STATE_MACHINE_ARN, id).toBeUndefined();
      });
    });

    it('expires fan-out work objects under state/work/ only', () => {
      const rules = ((resources.FeedsBucket?.Properties.LifecycleConfiguration as { Rules: { Id: string; Prefix?: string; ExpirationInDays?: number }[] }).Rules ?? []).filter(
        (r) => r.ExpirationInDays !== undefined,
      );
      expect(rules.map((r) => [r.Prefix, r.ExpirationInDays])).toEqual([['state/work/', 7]]);
    });
  });

  it('stays plain YAML, readable without CloudFormation tag support (the bundle benchmark reads it)', async () => {
    const config = parseYaml(await readFile(path.join(repoRoot, 'serverless.yml'), 'utf8')) as { functions?: Record<string, unknown> };
    expect(Object.keys(config.functions ?? {}).sort()).toEqual([...FUNCTION_NAMES, ...MAIL_FUNCTION_NAMES, 'fanoutWorker', 'fanoutDeadLetter', 'fanoutAssemble'].sort());
  });

  it('keeps each function zip under 1.5 MB', async () => {
    for (const name of ['publish', 'digestDaily', 'digestWeekly', 'run']) {
      const { size } = await stat(path.join(outDir, `${name}.zip`));
      expect(size, name).toBeLessThan(MAX_ZIP_BYTES);
    }
  });

  // Issue #13: each handler bundle at most 1 MB as deployed (uncompressed, what Node parses at a cold start).
  it('keeps every handler bundle within 1 MB', async () => {
    const zips = (await readdir(outDir)).filter((name) => name.endsWith('.zip'));
    expect(zips.length).toBeGreaterThanOrEqual(FUNCTION_NAMES.length + MAIL_FUNCTION_NAMES.length);
    for (const zip of zips) {
      const { stdout } = await run('unzip', ['-Z', '-l', path.join(outDir, zip)]);
      const bundles = stdout.split('\n').filter((line) => line.endsWith('.cjs'));
      expect(bundles, zip).toHaveLength(1);
      // zipinfo -l: permissions, version, os, uncompressed size, …
      const size = Number(bundles[0]!.trim().split(/\s+/)[3]);
      expect(size, zip).toBeGreaterThan(10_000);
      expect(size, zip).toBeLessThanOrEqual(1_000_000);
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

  // Issue #13: a cold start loads no AWS SDK client; each is loaded when a run first needs it (the S3 client
  // alone takes ~130 ms to load, the SQS and Step Functions clients ~70 ms together).
  it('starts the publishing and fan-out handlers without loading any AWS SDK client', async () => {
    for (const [zip, bundle] of [['publish', 'fanout-publish'], ['fanoutWorker', 'fanout-worker'], ['run', 'run']] as const) {
      const extract = path.join(outDir, `${zip}-sdk-unzipped`);
      await run('unzip', ['-q', '-o', path.join(outDir, `${zip}.zip`), '-d', extract]);
      const script =
        `require(${JSON.stringify(path.join(extract, 'functions', `${bundle}.cjs`))});` +
        `process.stdout.write('LOADED ' + JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('@aws-sdk/client-'))) + '\\n')`;
      const { stdout } = await run(process.execPath, ['-e', script], {
        cwd: outDir,
        timeout: 30_000,
        env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') },
      });
      const line = stdout.split('\n').find((l) => l.startsWith('LOADED ')) ?? '';
      expect(JSON.parse(line.slice('LOADED '.length)), bundle).toEqual([]);
    }
  });
});
