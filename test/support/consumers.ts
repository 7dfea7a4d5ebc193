import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { describe, it } from 'vitest';

/**
 * The independent feed consumers (Debian packages, installed by `.ci/run`) that tests parse our output
 * with. A missing one fails its tests, because a skipped check looks like a passed one in a green run;
 * FEEDWRIGHT_ALLOW_MISSING_CONSUMERS=1 turns that into a loud skip for machines that cannot install them.
 */
export type Consumer = 'feedparser' | 'xmllint' | 'newsboat';

// Debian's Python: a pyenv or venv python3 earlier on PATH lacks Debian's modules (see TOOLCHAIN.md).
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const XMLLINT = '/usr/bin/xmllint';
export const NEWSBOAT = '/usr/bin/newsboat';
/** A consumer that hangs fails its test after this long instead of blocking the test worker (sync calls cannot be timed out by vitest). */
export const EXTERNAL_TIMEOUT = 120_000;

export const CONSUMERS_INSTALL = 'apt-get install -y python3-feedparser libxml2-utils newsboat';
export const ALLOW_MISSING_CONSUMERS = 'FEEDWRIGHT_ALLOW_MISSING_CONSUMERS';

const PACKAGE: Record<Consumer, string> = { feedparser: 'python3-feedparser', xmllint: 'libxml2-utils', newsboat: 'newsboat' };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function probe(consumer: Consumer): boolean {
  switch (consumer) {
    case 'feedparser':
      if (!isExecutable(DEBIAN_PYTHON)) return false;
      try {
        execFileSync(DEBIAN_PYTHON, ['-c', 'import feedparser'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    case 'xmllint':
      return isExecutable(XMLLINT);
    case 'newsboat':
      return isExecutable(NEWSBOAT);
  }
}

const probed = new Map<Consumer, boolean>();

/** Whether a consumer is installed; probed once per test file (importing feedparser takes ~100 ms). */
export function consumerAvailable(consumer: Consumer): boolean {
  let available = probed.get(consumer);
  if (available === undefined) {
    available = probe(consumer);
    probed.set(consumer, available);
  }
  return available;
}

/** Only the exact value 1 allows skipping: a typo or `0` must not silently weaken a CI run. */
export function missingConsumersAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ALLOW_MISSING_CONSUMERS] === '1';
}

export function missingConsumersMessage(missing: readonly Consumer[]): string {
  const packages = missing.map((c) => PACKAGE[c]).join(', ');
  return (
    `missing feed consumer(s): ${missing.join(', ')} (Debian package(s) ${packages}). ` +
    `Install them as root with \`${CONSUMERS_INSTALL}\` (.ci/run does this), ` +
    `or set ${ALLOW_MISSING_CONSUMERS}=1 to skip these tests.`
  );
}

export type ConsumerSuitePlan = { kind: 'run' } | { kind: 'skip'; message: string } | { kind: 'fail'; message: string };

/** What a suite needing `consumers` does when `missing` of them are absent. */
export function planConsumerSuite(missing: readonly Consumer[], env: NodeJS.ProcessEnv = process.env): ConsumerSuitePlan {
  if (missing.length === 0) return { kind: 'run' };
  const message = missingConsumersMessage(missing);
  return missingConsumersAllowed(env) ? { kind: 'skip', message } : { kind: 'fail', message };
}

/**
 * `describe` for tests that need real feed consumers. All present: the suite runs. One missing: the suite
 * is replaced by a failing test whose message says how to install it, unless missing consumers are
 * allowed explicitly, in which case the suite is skipped with a warning on stderr.
 */
export function describeWithConsumers(name: string, consumers: readonly Consumer[], body: () => void): void {
  const missing = consumers.filter((c) => !consumerAvailable(c));
  const plan = planConsumerSuite(missing);
  switch (plan.kind) {
    case 'run':
      describe(name, body);
      return;
    case 'skip':
      process.stderr.write(`\nWARNING: SKIPPING "${name}": ${plan.message}\n`);
      describe.skip(`${name} [SKIPPED: ${missing.join(', ')} missing]`, body);
      return;
    case 'fail':
      describe(name, () => {
        it(`needs ${missing.join(', ')}`, () => {
          throw new Error(plan.message);
        });
      });
  }
}
