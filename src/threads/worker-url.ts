// Where the source worker's entry is. Only the bundle's entry knows its own folder (dist/), so cli.ts
// says it at start; run from the TypeScript sources (tests), the file is not there and the per-source
// stage stays on the main thread.
let sourceWorker: URL | undefined;

export function setSourceWorkerUrl(url: URL): void {
  sourceWorker = url;
}

export function sourceWorkerUrl(): URL | undefined {
  return sourceWorker;
}
