import { fstatSync, readlinkSync, statSync, writeSync } from 'node:fs';
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

/**
 * `/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`: a descriptor the caller opened, whatever the shell sent it to
 * (a file with `>>`, a pipe, a socket). Its link leads to that file, which must be written through the
 * descriptor: opened again by name a socket cannot be (ENXIO) and a file would be truncated or, renamed over,
 * taken from behind the shell.
 */
const DESCRIPTOR_PATH = /^\/(?:dev\/(?:std(in|out|err)|fd\/(\d+))|proc\/(?:self|thread-self|\d+)\/fd\/(\d+))$/;
const STANDARD = { in: 0, out: 1, err: 2 } as const;

/** The descriptor `file` names, directly or through links (`out -> /dev/stdout`), or undefined. */
function descriptorOf(file: string): number | undefined {
  let current = path.resolve(file);
  // As many links as the kernel follows (Linux's MAXSYMLINKS).
  for (let hop = 0; hop < 40; hop++) {
    const m = DESCRIPTOR_PATH.exec(current);
    if (m !== null) {
      // `/proc/<pid>/fd/N` of another process is that process's descriptor, not ours.
      if (m[3] !== undefined && !/^\/proc\/(?:self|thread-self|${process.pid})\//.test(current)) return undefined;
      if (m[1] !== undefined) return STANDARD[m[1] as keyof typeof STANDARD];
      return Number(m[2] ?? m[3]);
    }
    let target;
    try {
      target = readlinkSync(current);
    } catch {
      return undefined;
    }
    current = path.resolve(path.dirname(current), target);
  }
  return undefined;
}

/** Writes `text` to descriptor `fd` at its own position (an append for `>>`), for a pipe the way Node writes stdout. */
async function writeToDescriptor(fd: number, text: string): Promise<void> {
  if (fd === 1 || fd === 2) {
    const stream = fd === 1 ? process.stdout : process.stderr;
    await new Promise<void>((done, fail) => stream.write(text, (error) => (error ? fail(error) : done())));
    return;
  }
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}

/**
 * Writes `text` to `file` whole or not at all: into a hidden temp file beside it, renamed into place at the
 * end, so a run that fails (a full disk) leaves the previous `--out` as it was, never cut short. A link is
 * written through to its target, and an existing file keeps its permissions. What is not a regular file is
 * written as a stream: a descriptor (`--out /dev/stdout`, also through a link) through the descriptor itself,
 * a FIFO or a device opened to append, never truncated or replaced.
 */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  let temp: string | undefined;
  try {
    const fd = descriptorOf(file);
    if (fd !== undefined) return await writeToDescriptor(fd, text);
    const target = realPathOf(file);
    const existing = await stat(target).catch(() => undefined);
    if (existing !== undefined && !existing.isFile() && !existing.isDirectory()) {
      await writeFile(file, text, { flag: 'a' });
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
