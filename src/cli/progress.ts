import yoctoSpinner from 'yocto-spinner';

export interface Progress {
  stop(): void;
}

// Short runs stay silent: a spinner that flashes for 200 ms is noise.
const SHOW_AFTER_MS = 1000;

/**
 * A spinner on stderr for a run that takes longer than a second, only when stderr is a terminal (the
 * library checks, and its colours follow NO_COLOR); scripts and CI get the plain report lines only.
 */
export function startProgress(text: string, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return { stop() {} };
  const started = Date.now();
  let spinner: ReturnType<typeof yoctoSpinner> | undefined;
  const timer = setTimeout(() => {
    spinner = yoctoSpinner({ text, stream }).start();
  }, SHOW_AFTER_MS);
  timer.unref();
  return {
    stop() {
      clearTimeout(timer);
      if (spinner) {
        spinner.text = `${text} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
        spinner.stop();
      }
    },
  };
}
