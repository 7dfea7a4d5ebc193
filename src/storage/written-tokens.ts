/**
 * The version tokens of the objects a store wrote, each as its own write left it (a file's stat before
 * its rename, S3's PutObject ETag), until `versionsOfKeys` hands them out. Reading them back after all of
 * a run's writes recorded an object someone changed in between as that run's, so the next run trusted
 * it; a write's own token differs from such an object's, and the next run rewrites it.
 */
export function writtenTokens() {
  const tokens = new Map<string, string>();
  return {
    record(key: string, token: string): void {
      tokens.set(key, token);
    },
    /** A write without a token of its own, or a delete: what the store holds now is not known here. */
    forget(key: string): void {
      tokens.delete(key);
    },
    /** The recorded tokens of `keys`, each handed out once, and the keys the store must look up itself. */
    take(keys: string[]): { versions: Map<string, string>; others: string[] } {
      const versions = new Map<string, string>();
      const others: string[] = [];
      for (const key of keys) {
        const token = tokens.get(key);
        if (token === undefined) {
          others.push(key);
          continue;
        }
        versions.set(key, token);
        tokens.delete(key);
      }
      return { versions, others };
    },
  };
}
