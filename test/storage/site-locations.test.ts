import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSiteLocations } from '../../src/storage/index.js';

describe('resolveSiteLocations', () => {
  let base: string;
  const at = (...parts: string[]) => path.join(base, ...parts);
  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'fw-site-locations-'));
    await mkdir(at('in'));
    await writeFile(at('notes.txt'), 'x\n');
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it('takes the state from the flag, then FEEDWRIGHT_STATE, then the config, then beside the output', () => {
    const configured = { input: at('in'), out: at('out') };
    const env = { FEEDWRIGHT_STATE: at('env-state') };
    expect(resolveSiteLocations({ ...configured, state: at('cfg') }, { state: at('flag') }, env).state).toBe(at('flag'));
    expect(resolveSiteLocations({ ...configured, state: at('cfg') }, {}, env).state).toBe(at('env-state'));
    expect(resolveSiteLocations({ ...configured, state: at('cfg') }, {}, {}).state).toBe(at('cfg'));
    expect(resolveSiteLocations(configured, {}, { FEEDWRIGHT_STATE: ' ' }).state).toBe(at('.feedwright-state', 'out'));
  });

  it('refuses an output inside a site Feedwright publishes (its state in the default place), not one beside it', async () => {
    await mkdir(at('.feedwright-state', 'public'), { recursive: true });
    await writeFile(at('.feedwright-state', 'public', 'output-claim.json'), '{}\n');
    expect(() => resolveSiteLocations({ input: at('in'), out: at('public', 'articles') })).toThrow(/inside .*public, a site Feedwright publishes/);
    expect(() => resolveSiteLocations({ input: at('in'), out: at('public', 'a', 'b') })).toThrow(expect.objectContaining({ code: 'invalid-location' }));
    expect(resolveSiteLocations({ input: at('in'), out: at('public') }).out).toBe(at('public'));
    // Through a link to the site's folder.
    await mkdir(at('public'), { recursive: true });
    await symlink('public', at('live'));
    expect(() => resolveSiteLocations({ input: at('in'), out: at('live', 'articles') })).toThrow(/a site Feedwright publishes/);
    expect(resolveSiteLocations({ input: at('in'), out: at('www') }).out).toBe(at('www'));
  });

  it('lets flags win over the config for input and output', () => {
    const resolved = resolveSiteLocations({ input: at('cfg-in'), out: at('cfg-out') }, { input: at('in'), out: at('site') });
    expect(resolved).toEqual({ input: at('in'), out: at('site'), state: at('.feedwright-state', 'site') });
  });

  it.each([
    ['the state inside the output (flag)', {}, { state: 'OUT/private' }, {}],
    ['the state inside the output (FEEDWRIGHT_STATE)', {}, {}, { FEEDWRIGHT_STATE: 'OUT/x' }],
    ['the state inside the output (config)', { state: 'OUT/cfgstate' }, {}, {}],
    ['the state holding the output', {}, { state: 'BASE' }, {}],
    ['the state in the input', {}, { state: 'IN' }, {}],
    ['an S3 state inside the S3 output', {}, { out: 's3://feeds/site/', state: 's3://feeds/site/subs/' }, {}],
  ])('refuses %s with invalid-location', (_name, config, flags, env) => {
    const fill = (value: string) => value.replace('OUT', at('out')).replace('IN', at('in')).replace('BASE', base);
    const fillAll = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fill(v)]));
    expect(() => resolveSiteLocations({ input: at('in'), out: at('out'), ...fillAll(config) }, fillAll(flags), fillAll(env))).toThrowError(
      expect.objectContaining({ name: 'LocationError', code: 'invalid-location', exitCode: 2 }),
    );
  });

  it.each([
    ['an output that is a file', { out: 'FILE' }, /output location is a file/],
    ['a state that is a file', { state: 'FILE' }, /state location is a file/],
    ['an output below a file', { out: 'FILE/site' }, /inside .*notes\.txt, which is a file/],
  ])('refuses %s with invalid-location, naming it', (_name, flags, message) => {
    const filled = Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, v.replace('FILE', at('notes.txt'))]));
    let error: unknown;
    try {
      resolveSiteLocations({ input: at('in'), out: at('out') }, filled);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: 'LocationError', code: 'invalid-location', exitCode: 2, message: expect.stringMatching(message) });
    expect(error).toHaveProperty('location.path', Object.values(filled)[0]);
  });
});
