import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** Every key and its bytes, as a reader of the folder or bucket would see them (hidden and temp files included). */
export type Tree = Map<string, Buffer>;

/** Reads the folder with the file system itself, not the store, so files a store would hide still count. */
export async function localTree(dir: string): Promise<Tree> {
  const tree: Tree = new Map();
  const walk = async (folder: string, prefix: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      // A folder no run has written to yet is an empty site.
      if (error.code === 'ENOENT' && folder === dir) return [];
      throw error;
    });
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const key = `${prefix}${entry.name}`;
      if (entry.isDirectory()) await walk(full, `${key}/`);
      else if (entry.isFile()) tree.set(key, await readFile(full));
      else tree.set(`${key} (not a regular file: ${(await lstat(full)).mode.toString(8)})`, Buffer.alloc(0));
    }
  };
  await walk(dir, '');
  return tree;
}

/** Lists the bucket with the SDK itself (every page), so objects a store would filter still count. */
export async function s3Tree(client: S3Client, bucket: string, prefix: string): Promise<Tree> {
  const tree: Tree = new Map();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined) continue;
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      tree.set(object.Key.slice(prefix.length), Buffer.from((await got.Body?.transformToByteArray()) ?? []));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return tree;
}

/** Human-readable differences; `[]` means the two trees hold the same keys with the same bytes. */
export function treeDiff(actual: Tree, expected: Tree): string[] {
  const diffs: string[] = [];
  for (const key of [...new Set([...actual.keys(), ...expected.keys()])].sort()) {
    const a = actual.get(key);
    const e = expected.get(key);
    if (a === undefined) diffs.push(`missing ${key}`);
    else if (e === undefined) diffs.push(`extra ${key} (${a.length} bytes)`);
    else if (!a.equals(e)) diffs.push(`differs ${key} (${a.length} vs ${e.length} bytes)`);
  }
  return diffs;
}

export function treeText(tree: Tree): string {
  return [...tree.entries()].map(([key, bytes]) => `${key}\n${bytes.toString('utf8')}`).join('\n');
}
