// The usual causes in words; others keep the system's message.
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a parent is not a folder',
  ENOSPC: 'no space left on the device',
};

/** Why a file named on the command line could not be read or written, in words. */
export function fileProblem(cause: unknown): string {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  return FILE_PROBLEMS[code] ?? (cause instanceof Error ? cause.message : String(cause));
}
