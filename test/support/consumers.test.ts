import { describe, expect, it } from 'vitest';
import { missingConsumersAllowed, planConsumerSuite } from './consumers.js';

describe('planConsumerSuite', () => {
  it('runs a suite whose consumers are all installed, whatever the environment says', () => {
    expect(planConsumerSuite([], {})).toEqual({ kind: 'run' });
    expect(planConsumerSuite([], { FEEDWRIGHT_ALLOW_MISSING_CONSUMERS: '1' })).toEqual({ kind: 'run' });
  });

  it('fails a suite with a missing consumer, saying which and how to install it', () => {
    const plan = planConsumerSuite(['feedparser', 'newsboat'], {});
    expect(plan.kind).toBe('fail');
    const message = plan.kind === 'fail' ? plan.message : '';
    expect(message).toContain('feedparser, newsboat');
    expect(message).toContain('python3-feedparser, newsboat');
    expect(message).toContain('apt-get install -y python3-feedparser libxml2-utils newsboat');
    expect(message).toContain('FEEDWRIGHT_ALLOW_MISSING_CONSUMERS=1');
  });

  it('skips it only when FEEDWRIGHT_ALLOW_MISSING_CONSUMERS is exactly 1', () => {
    expect(planConsumerSuite(['xmllint'], { FEEDWRIGHT_ALLOW_MISSING_CONSUMERS: '1' }).kind).toBe('skip');
    for (const value of ['0', 'true', 'yes', '', ' 1']) {
      expect(missingConsumersAllowed({ FEEDWRIGHT_ALLOW_MISSING_CONSUMERS: value }), JSON.stringify(value)).toBe(false);
      expect(planConsumerSuite(['xmllint'], { FEEDWRIGHT_ALLOW_MISSING_CONSUMERS: value }).kind).toBe('fail');
    }
  });
});
