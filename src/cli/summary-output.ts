import { fstatSync, statSync } from 'node:fs';
import { chmod, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTempNamer } from '../storage/local-temp.js';
import { realPathOf } from '../storage/index.js';
import { SummarizeFileError } from '../summarize/summarize-command.js';
import { UsageError } from './usage-error.js';

/** Where `summarize` reads from: the `--jsonl` file, or stdin (a file when redirected with `<`). */
export type SummaryInput = { flag: '--jsonl'; file: string } | { flag: 'stdin' };

/** Device and inode: the same file under any name (a hard link, a bind mount), or undefined when absent. */
function identityOf(stats: { dev: bigint; ino: bigint } | undefined): string | undefined {
  return stats === undefined ? undefined : `${stats.dev}:${stats.ino}`;
}

function statOf(file: string): { dev: bigint; ino: bigint } | undefined {
  try {
    return statSync(file, { bigint: true });
  } catch {
    // Missing (an output before its first run) or not ours to look at: then only the real paths are compared.
    return undefined;
  }
}

/**
 * Refuses an `--out` that is the file the input is read from: the summaries would replace the articles they
 * are made from (`--jsonl F --out F` left only the summaries, exit 0). Compared by real path (a symbolic
 * link, `./F` against `F`) and by device and inode (a hard link, a bind mount). Runs before anything is read.
 */
export function assertOutputApart(out: string, input: SummaryInput): void {
  const realOut = realPathOf(out);
  const outId = identityOf(statOf(out));
  if (input.flag === '--jsonl') {
    const realIn = realPathOf(input.file);
    if (realOut !== realIn && (outId === undefined || outId !== identityOf(statOf(input.file)))) return;
    const shown = realOut === realIn ? `real path ${realIn}` : `the same file on disk as ${realIn}`;
    throw new UsageError(`--out and --jsonl are the same file (${shown}): the summaries would replace the articles they are made from; write them to another file`);
  }
  let stdin;
  try {
    stdin = fstatSync(0, { bigint: true });
  } catch {
    return;
  }
  // Only a file redirected with `<` can be the output; a pipe or terminal never is.
  if (!stdin.isFile() || outId === undefined || outId !== identityOf(stdin)) return;
  throw new UsageError(`--out is the file stdin is read from (${realOut}): the summary would replace the article it is made from; write it to another file`);
}

const tempName = createTempNamer();

// `/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`: a stream the caller opened. Its link leads to whatever the
// shell redirected it to, which must be written as a stream, not replaced by a renamed file behind the shell.
const STREAM_PATH = /^\/(?:dev|proc)\//;

/**
 * Writes `text` to `file` whole or not at all: into a hidden temp file beside it, renamed into place at the
 * end, so a run that fails (a full disk) leaves the previous `--out` as it was, never cut short. A link is
 * written through to its target, and an existing file keeps its permissions. A device, FIFO or stream
 * (`--out /dev/stdout`) cannot be replaced and is written directly.
 */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  const target = realPathOf(file);
  let temp: string | undefined;
  try {
    const existing = await stat(target).catch(() => undefined);
    if (STREAM_PATH.test(path.resolve(file)) || (existing !== undefined && !existing.isFile() && !existing.isDirectory())) {
      await writeFile(file, text);
      return;
    }
    temp = tempName(path.dirname(target));
    await writeFile(temp, text, { flag: 'wx' });
    if (existing !== undefined) await chmod(temp, existing.mode & 0o7777);
    await rename(temp, target);
    temp = undefined;
  } catch (cause) {
    throw new SummarizeFileError(file, 'write', { cause });
  } finally {
    if (temp !== undefined) await rm(temp, { force: true });
  }
}
