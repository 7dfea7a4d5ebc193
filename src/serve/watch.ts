import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** What a preview follows: folders (recursively) and single files. */
export interface WatchList {
  folders: string[];
  files: string[];
}

/**
 * Calls `onChange` once things settle: `delayMs` after the last event under any watched folder (editors
 * write a file in several steps). Files are watched through their folder, so a save by rename is seen.
 */
export function watchPaths(list: WatchList, delayMs: number, onChange: () => void): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, delayMs);
  };
  const watches = [...list.folders.map((folder) => watchFolder(folder, poke)), ...list.files.map((file) => watchName(file, poke))];
  return {
    close() {
      clearTimeout(timer);
      for (const w of watches) w.close();
    },
  };
}

/**
 * A folder, recursively, and its name in its parent: a folder removed and made again (`rm -rf a; mkdir a`,
 * `mv a b; mv b a`) is watched anew when it comes back; the watch of the old one never reported anything
 * again, so the preview silently stopped rebuilding.
 */
function watchFolder(folder: string, poke: () => void): { close(): void } {
  let inner: FSWatcher | undefined;
  const arm = () => {
    inner?.close();
    inner = tryWatch(folder, { recursive: true }, poke);
  };
  arm();
  const outer = watchName(folder, () => {
    arm();
    poke();
  });
  return {
    close() {
      inner?.close();
      outer.close();
    },
  };
}

/** Events about one name in its folder (a file, or a folder coming and going). */
function watchName(path: string, onEvent: () => void): { close(): void } {
  const name = basename(path);
  // No name in the event (some platforms): it may be this one.
  const watcher = tryWatch(dirname(path), {}, (changed) => {
    if (changed === null || changed === name) onEvent();
  });
  return { close: () => watcher?.close() };
}

/** A watcher, or none while the path does not exist; one that fails later is closed (its path went away). */
function tryWatch(path: string, options: { recursive?: boolean }, onEvent: (name: string | null) => void): FSWatcher | undefined {
  let watcher: FSWatcher;
  try {
    watcher = watch(path, options, (_event, name) => onEvent(name === null ? null : String(name)));
  } catch {
    return undefined;
  }
  watcher.on('error', () => watcher.close());
  return watcher;
}
