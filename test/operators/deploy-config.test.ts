import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../functions/deps.js';
import { invokeFunction } from '../../functions/invoke.js';
import { createJsonLogger } from '../../functions/log.js';
import { parseConfig } from '../../src/config/config.js';
import { deployedSchedules, ScheduleDriftError, schedulerCron } from '../../src/config/digest-schedule.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/operators');

interface Resource {
  Type: string;
  Condition?: string;
  Properties: Record<string, unknown>;
}
interface Template {
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
  Conditions: Record<string, unknown>;
}

function packageWith(configFile: string, outDir: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile('npx', ['osls', 'package', '--stage', 'dev', '--package', outDir], {
      cwd: repoRoot,
      timeout: 150_000,
      env: {
        ...process.env,
        FEEDWRIGHT_CONFIG_FILE: configFile,
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
      },
    }, (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }));
  });
}

describe('digest schedules come from the config', () => {
  it('turns each schedule into an EventBridge Scheduler cron in local time', () => {
    expect(schedulerCron({ every: 'day', at: '06:30' })).toBe('cron(30 6 * * ? *)');
    expect(schedulerCron({ every: 'week', day: 'sunday', at: '23:05' })).toBe('cron(5 23 ? * SUN *)');
    const config = parseConfig({ digests: [
      { id: 'daily', schedule: { every: 'day', at: '06:30' }, timeZone: 'Europe/London' },
      { id: 'weekly', schedule: { every: 'week', day: 'friday', at: '17:00' } },
    ] });
    expect(deployedSchedules(config, ['daily', 'weekly'])).toEqual({
      daily: { digest: 'daily', cron: 'cron(30 6 * * ? *)', timeZone: 'Europe/London' },
      weekly: { digest: 'weekly', cron: 'cron(0 17 ? * FRI *)', timeZone: 'UTC' },
    });
  });

  it('refuses a config whose digests differ from the deployed functions, naming both sides', () => {
    const config = parseConfig({ digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' } }, { id: 'tech', schedule: { every: 'day', at: '08:00' } }] });
    expect(() => deployedSchedules(config, ['daily', 'weekly'])).toThrow(ScheduleDriftError);
    expect(() => deployedSchedules(config, ['daily', 'weekly'])).toThrow(/weekly that the config does not define.*tech that serverless\.yml has no function for/);
  });
});

describe('osls package with a config in other time zones', () => {
  let outDir: string;
  let template: Template;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'fw-deploy-config-'));
    const result = await packageWith(path.join(fixtures, 'london.config.yaml'), outDir);
    expect(result.code, result.output).toBe(0);
    template = JSON.parse(await readFile(path.join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  }, 180_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('schedules each digest at its configured local time, in its configured zone', () => {
    const schedules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    const byFunction = Object.fromEntries(schedules.map((s) => {
      const target = s.Properties.Target as { Arn: { 'Fn::GetAtt': [string, string] } };
      return [target.Arn['Fn::GetAtt'][0], [s.Properties.ScheduleExpression, s.Properties.ScheduleExpressionTimezone]];
    }));
    // Written by hand from the fixture: 06:30 daily in London, Fridays 17:00 in New York.
    expect(byFunction).toEqual({
      DigestDailyLambdaFunction: ['cron(30 6 * * ? *)', 'Europe/London'],
      DigestWeeklyLambdaFunction: ['cron(0 17 ? * FRI *)', 'America/New_York'],
    });
  });

  it('puts CloudFront with origin access control in front of site/ only, and outputs the public URL', () => {
    const distribution = template.Resources.SiteDistribution;
    expect(distribution?.Condition).toBe('CreateCdn');
    const config = distribution?.Properties.DistributionConfig as {
      Origins: { OriginPath: string; DomainName: unknown; OriginAccessControlId: unknown }[];
      DefaultCacheBehavior: { CachePolicyId: string; ViewerProtocolPolicy: string; AllowedMethods: string[] };
    };
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0]).toMatchObject({
      OriginPath: '/site',
      DomainName: { 'Fn::GetAtt': ['FeedsBucket', 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': ['SiteOriginAccessControl', 'Id'] },
    });
    // AWS managed policy "CachingOptimized": TTL from the object's own Cache-Control (1 s .. 1 year).
    expect(config.DefaultCacheBehavior).toMatchObject({ CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6', ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(template.Resources.SiteOriginAccessControl?.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' });

    const policy = Object.values(template.Resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && (r.Properties.Bucket as { Ref?: string }).Ref === 'FeedsBucket');
    const statements = (policy?.Properties.PolicyDocument as { Statement: unknown[] }).Statement;
    const grants = statements.flatMap((s) => {
      const branch = (s as { 'Fn::If'?: [string, Record<string, unknown>, unknown] })['Fn::If'];
      return branch ? [{ condition: branch[0], statement: branch[1] }] : [];
    });
    expect(grants).toHaveLength(1);
    expect(grants[0]?.condition).toBe('CreateCdn');
    expect(grants[0]?.statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::feedwright-dev-feeds/site/*',
    });
    expect(JSON.stringify(grants[0]?.statement)).toContain('"Ref":"SiteDistribution"');
    expect(template.Conditions.CreateCdn).toEqual({ 'Fn::Equals': ['true', 'true'] });
    expect(JSON.stringify(template.Outputs.SiteUrl?.Value)).toContain('"SiteDistribution","DomainName"');
  });
});

describe('osls package with a config that drifted from serverless.yml', () => {
  it('fails, naming the digests on each side', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'fw-deploy-drift-'));
    try {
      const result = await packageWith(path.join(fixtures, 'drift.config.yaml'), outDir);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/weekly that the config does not define/);
      expect(result.output).toMatch(/tech-weekly that serverless\.yml has no function for/);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('the functions read the same config file as the CLI', () => {
  const env = { FEEDWRIGHT_INPUT: 'seeds', FEEDWRIGHT_OUT: 's3://feeds/site/', AWS_REGION: 'us-east-1' };

  it('reads feedwright.config.yaml from the function folder; the env gives only deployment facts', () => {
    const deps = buildDeps({ ...env, FEEDWRIGHT_BASE_URL: 'https://d111.cloudfront.net/' }, { configDir: fixtures, log: createJsonLogger(() => {}) });
    expect(deps.config.site.title).toBe('Feedwright');
    const named = buildDeps({ ...env, FEEDWRIGHT_CONFIG_FILE: path.join(fixtures, 'london.config.yaml'), FEEDWRIGHT_BASE_URL: 'https://d111.cloudfront.net/' }, { log: createJsonLogger(() => {}) });
    expect(named.config.site).toMatchObject({ title: 'Harbour News', baseUrl: 'https://d111.cloudfront.net/' });
    expect(named.config.digests.map((d) => d.timeZone)).toEqual(['Europe/London', 'America/New_York']);
  });

  it('refuses FEEDWRIGHT_CONFIG next to a config file: there is one config', () => {
    expect(() => buildDeps({ ...env, FEEDWRIGHT_CONFIG_FILE: path.join(fixtures, 'london.config.yaml'), FEEDWRIGHT_CONFIG: '{}' })).toThrow(/keep the settings in the file only/);
  });

  it('`invoke` publishes with the config file: its title, input and output', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fw-invoke-config-'));
    await writeFile(path.join(dir, 'a.md'), '---\ntitle: Tide tables\ndate: 2026-01-02T00:00:00Z\n---\n\nThe tide came in. It went out again.\n');
    const configFile = path.join(dir, '..', `${path.basename(dir)}.yaml`);
    const out = `${dir}-out`;
    await writeFile(configFile, `site:\n  title: Example News\n  baseUrl: https://news.example.org/\ninput: ${dir}\nout: ${out}\n`);
    const result = (await invokeFunction('run', { action: 'publish' }, undefined, { env: { FEEDWRIGHT_CONFIG_FILE: configFile }, log: createJsonLogger(() => {}) })) as { ok: boolean };
    expect(result.ok).toBe(true);
    const feed = await readFile(path.join(out, 'feed.xml'), 'utf8');
    expect(feed).toContain('<title>Example News</title>');
    expect(feed).toContain('https://news.example.org/articles/tide-tables.html');
  });
});
