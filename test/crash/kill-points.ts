/**
 * Which mutations of a run a kill matrix kills at. A run writes in phases (lease, pages and feeds,
 * deletions, state shards, manifest, lease release), and within one phase the writes are alike: killed
 * after the 7th or the 8th of 30 page writes, the next run faces the same kind of half-done output. So
 * every phase's first and last mutation are kill points (where one phase hands over to the next), plus
 * every `stride`-th in between; `FW_KILL_EVERY_MUTATION=1` kills at each one (slow: minutes per scenario).
 *
 * A mutation's phase is its operation and store, and for state keys the key itself, except the
 * content-named shards, which are one phase.
 */
export function killPoints(mutations: readonly { op: 'write' | 'delete'; store: string; key: string }[], stride = 6): number[] {
  const every = process.env.FW_KILL_EVERY_MUTATION === '1';
  const phaseOf = (i: number) => {
    const m = mutations[i];
    if (!m) return undefined;
    const key = m.store === 'output' ? '*' : m.key.startsWith('shards/') ? 'shards/*' : m.key;
    return `${m.op} ${m.store}:${key}`;
  };
  const points: number[] = [];
  let start = 0;
  for (let i = 0; i < mutations.length; i++) {
    if (phaseOf(i) !== phaseOf(i - 1)) start = i;
    const last = phaseOf(i) !== phaseOf(i + 1);
    if (every || i === start || last || (i - start) % stride === 0) points.push(i + 1);
  }
  return points;
}
