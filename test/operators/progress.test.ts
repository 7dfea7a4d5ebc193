import { afterEach, describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = {
    isTTY,
    columns: 80,
    write(chunk: string) {
      written.push(String(chunk));
      return true;
    },
    cursorTo() {
      return true;
    },
    moveCursor() {
      return true;
    },
    clearLine() {
      return true;
    },
    on() {
      return stream;
    },
    once() {
      return stream;
    },
    off() {
      return stream;
    },
    removeListener() {
      return stream;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

describe('progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a spinner on a terminal only once a run has taken a second', () => {
    vi.useFakeTimers();
    const { stream, written } = fakeStream(true);
    const progress = startProgress('building', true, stream);
    vi.advanceTimersByTime(900);
    expect(written.join('')).toBe('');
    vi.advanceTimersByTime(200);
    expect(written.join('')).toContain('building');
    progress.stop();
  });

  it('writes nothing when the stream is not a terminal, or when the report is JSON or quiet', () => {
    vi.useFakeTimers();
    for (const [tty, enabled] of [[false, true], [true, false]] as const) {
      const { stream, written } = fakeStream(tty);
      const progress = startProgress('building', enabled, stream);
      vi.advanceTimersByTime(5000);
      progress.stop();
      expect(written).toEqual([]);
    }
  });
});
