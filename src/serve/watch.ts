import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` once things settle: `delayMs` after the last event under any watched folder (editors
 * write a file in several steps). Files are watched through their folder, so a save by rename is seen.
 */
export function watchPaths(folders: string[], files: string[], delayMs: number, onChange: () => void): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, delayMs);
  };
  const watchers: FSWatcher[] = [];
  for (const folder of folders) watchers.push(watch(folder, { recursive: true }, poke));
  for (const file of files) {
    const name = basename(file);
    watchers.push(watch(dirname(file), (_event, changed) => {
      if (changed === name) poke();
    }));
  }
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
