import { describe, expect, it } from 'vitest';
import { splitSentences, summarize } from '../../src/summarize/index.js';

describe('splitSentences with language rules', () => {
  it('keeps German ordinals and dates inside the sentence, not English numbers', () => {
    expect(splitSentences('Das 1. Tor erzielte Harry Kane in der 12. Minute. Bayern führt.', 'de')).toEqual([
      'Das 1. Tor erzielte Harry Kane in der 12. Minute.',
      'Bayern führt.',
    ]);
    expect(splitSentences('Es tritt am 1. Januar 2027 in Kraft. Die Opposition stimmte dagegen.', 'de')).toEqual([
      'Es tritt am 1. Januar 2027 in Kraft.',
      'Die Opposition stimmte dagegen.',
    ]);
    // A number before an article or pronoun still ends the sentence.
    expect(splitSentences('Der Täter war 25. Er wurde festgenommen.', 'de')).toEqual([
      'Der Täter war 25.',
      'Er wurde festgenommen.',
    ]);
  });

  it('keeps ordinals in other languages that write them with a full stop', () => {
    expect(splitSentences('Tapahtuma alkaa 3. Toukokuuta Helsingissä. Liput myydään loppuun.', 'fi')).toEqual([
      'Tapahtuma alkaa 3. Toukokuuta Helsingissä.',
      'Liput myydään loppuun.',
    ]);
    expect(splitSentences('The final score was 3. Fans went home.', 'en')).toEqual([
      'The final score was 3.',
      'Fans went home.',
    ]);
  });
});

describe('summarize German text', () => {
  const bundestag = 'Am 3. Oktober feiert Deutschland den Tag der Deutschen Einheit. Die Feiern finden in Berlin statt. Viele Menschen werden erwartet.';

  it('does not cut a summary at an ordinal', () => {
    expect(summarize(bundestag, { lang: 'de', sentences: 1 })).toBe('Am 3. Oktober feiert Deutschland den Tag der Deutschen Einheit.');
  });

  it('reads German text tagged as the English site default by its words', () => {
    const gesetz = 'Der Bundestag hat am Donnerstag das Gesetz beschlossen. Es tritt am 1. Januar 2027 in Kraft. Die Opposition stimmte dagegen.';
    expect(summarize(gesetz, { lang: 'en', sentences: 2 })).toBe(
      'Der Bundestag hat am Donnerstag das Gesetz beschlossen. Es tritt am 1. Januar 2027 in Kraft.',
    );
    expect(summarize(bundestag, { sentences: 1 })).toBe('Am 3. Oktober feiert Deutschland den Tag der Deutschen Einheit.');
  });
});
