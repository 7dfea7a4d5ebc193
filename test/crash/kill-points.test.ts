import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { killPoints } from './kill-points.js';

const w = (store: string, key: string) => ({ op: 'write' as const, store, key });
const d = (store: string, key: string) => ({ op: 'delete' as const, store, key });

describe('kill points of a run', () => {
  // The suite may itself run under FW_KILL_EVERY_MUTATION=1 (the full kill matrix): each test sets its own.
  const outer = process.env.FW_KILL_EVERY_MUTATION;
  beforeEach(() => {
    delete process.env.FW_KILL_EVERY_MUTATION;
  });
  afterAll(() => {
    if (outer === undefined) delete process.env.FW_KILL_EVERY_MUTATION;
    else process.env.FW_KILL_EVERY_MUTATION = outer;
  });

  it('kills at the first and last mutation of each phase and every stride-th in between (1-based)', () => {
    const pages = Array.from({ length: 9 }, (_, i) => w('output', `p${i}.html`));
    const run = [w('state', 'lease.json'), ...pages, d('output', 'old.html'), w('state', 'shards/01-a.json'), w('state', 'shards/02-b.json'), w('state', 'state.json'), d('state', 'lease.json')];
    // lease 1; pages 2..10 -> 2, 5, 8, 10 (stride 3); delete 11; shards 12, 13; manifest 14; release 15.
    expect(killPoints(run, 3)).toEqual([1, 2, 5, 8, 10, 11, 12, 13, 14, 15]);
  });

  it('tells the lease, the manifest and the run record apart, though all are state writes', () => {
    const run = [w('state', 'lease.json'), w('state', 'feed-content.json'), w('state', 'state.json'), w('state', 'last-run.json')];
    expect(killPoints(run, 100)).toEqual([1, 2, 3, 4]);
  });

  it('kills at every mutation when FW_KILL_EVERY_MUTATION=1', () => {
    process.env.FW_KILL_EVERY_MUTATION = '1';
    const run = Array.from({ length: 20 }, (_, i) => w('output', `p${i}.html`));
    expect(killPoints(run, 6)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
