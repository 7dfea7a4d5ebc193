import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './serve-process.js';

describe('serve --port', () => {
  // Number() once read '' as 0 (a random port), '0x10' as 16 and '1e3' as 1000.
  it('refuses anything but a decimal integer from 0 to 65535, naming the flag (exit 2)', async () => {
    const dir = await tempDir('port');
    // A real site: a value taken as a port would start serving it, not fail on a missing input.
    expect((await cli(['init', '.'], dir)).code).toBe(0);
    for (const args of [['--port', ''], ['--port='], ['--port', '0x10'], ['--port', '1e3'], ['-p', '4000.0'], ['--port', ' 80'], ['--port', '65536'], ['--port=-1']]) {
      const result = await cli(['serve', ...args], dir, 3000);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^feedwright serve: --port: a port is a decimal number from 0 to 65535 \(got "[^"]*"\) \(code: usage\)\n$/);
    }
  }, 60_000);
});
