import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Vitest setup file, before each test file: a temp folder of the file's own inside the run's (temp-root.ts),
// as TMPDIR, which os.tmpdir() and every process the file starts read. Files run two at a time: a test that
// looks for what a process left in its temp folder (a preview's `feedwright-serve-*`) then sees only its own.
const folder = mkdtempSync(path.join(tmpdir(), 'file-'));
// As open as the run's folder, for the tests that run a child as another user (`nobody`).
chmodSync(folder, 0o1777);
process.env.TMPDIR = folder;
