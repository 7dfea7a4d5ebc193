import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Vitest global setup: every test file, and every process a test starts, makes its temp folders under one
// folder of this run (TMPDIR, which os.tmpdir() reads), removed when the run ends. Tests that kill
// processes or fail midway cannot clean up after themselves; ~90 folders per run were left in /tmp.
export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'feedwright-tests-'));
  // As open as /tmp itself (sticky, everyone may create): tests that run a child as another user (`nobody`)
  // make their own folders readable to it, but cannot reach them through a private 0700 parent.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
