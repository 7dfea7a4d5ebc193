import { describe, expect, it } from 'vitest';
import { splitSentences, summarize } from '../../src/summarize/index.js';
import fc from 'fast-check';
import { sampleCounts, termModelFor } from '../../src/summarize/language.js';
import { contentTerms } from '../../src/summarize/tokens.js';

const sentencesOf = (summary: string): string[] => splitSentences(summary);

describe('termModelFor', () => {
  it('follows the lang tag: English stems only for en', () => {
    expect(termModelFor('Der Präsident sprach.', 'en-GB')).toBe('english');
    expect(termModelFor('The president spoke to the press and said it was over.', 'de')).toBe('neutral');
    expect(termModelFor('The president spoke.', 'zh-Hans')).toBe('neutral');
  });

  it('guesses English from function words when no tag is given, and nothing else', () => {
    expect(termModelFor('The president said that the plan was in trouble and it would be dropped.')).toBe('english');
    expect(termModelFor('Der Präsident sagte, dass der Plan in Schwierigkeiten sei und fallen gelassen werde.')).toBe('neutral');
    expect(termModelFor('Президент заявил, что план провалился.')).toBe('neutral');
    expect(termModelFor('今天下雨了。')).toBe('neutral');
  });
});

describe('contentTerms', () => {
  it('keeps Unicode letters whole in English and never runs the Porter rules on them', () => {
    expect(contentTerms('The Präsident visited Zürich', 'english')).toEqual(['präsident', 'visit', 'zürich']);
  });

  it('uses word prefixes for spaced scripts and character bigrams for Chinese in the neutral model', () => {
    expect(contentTerms('Der Präsident und die Präsidenten', 'neutral')).toEqual(['der', 'präsi', 'und', 'die', 'präsi']);
    expect(contentTerms('Президент подписал закон', 'neutral')).toEqual(['прези', 'подпи', 'закон']);
    expect(contentTerms('北京下雨', 'neutral')).toEqual(['北京', '京下', '下雨']);
  });
});

describe('summaries outside English', () => {
  // Sentence 2 restates sentence 1 with other inflections: only a model that conflates word forms sees
  // the repeat and takes sentence 3 instead.
  const russian = [
    'Президент России подписал закон о налогах для малого бизнеса.',
    'Президентом России подписан закон о налоге для малого бизнеса.',
    'Закон вступит в силу весной.',
    'Эксперты считают, что налоговая нагрузка на малый бизнес снизится.',
  ].join(' ');

  it('summarizes Russian with the neutral model, conflating inflected forms', () => {
    const picked = sentencesOf(summarize(russian, { sentences: 2, lang: 'ru' }));
    expect(picked).toEqual(['Президент России подписал закон о налогах для малого бизнеса.', 'Закон вступит в силу весной.']);
    // The same text treated as English keeps the inflected words apart and sees no repeat.
    const asEnglish = sentencesOf(summarize(russian, { sentences: 2, lang: 'en' }));
    expect(asEnglish[1]).toBe('Президентом России подписан закон о налоге для малого бизнеса.');
  });

  it('summarizes German, conflating "Präsidentin" and "Präsidentinnen"', () => {
    const german = [
      'Die Präsidentin eröffnete gestern die Autobahnbrücke über den Rhein.',
      'Die Präsidentinnen eröffneten gestern die Autobahnbrücken über den Rhein.',
      'Die Brücke kostete zwölf Millionen Euro.',
      'Viele Pendler freuen sich über kürzere Wege zur Arbeit.',
    ].join(' ');
    expect(sentencesOf(summarize(german, { sentences: 2 }))).toEqual([
      'Die Präsidentin eröffnete gestern die Autobahnbrücke über den Rhein.',
      'Die Brücke kostete zwölf Millionen Euro.',
    ]);
  });

  it('summarizes Chinese within a budget that counts characters as words, skipping a near-repeat', () => {
    const chinese = '北京市政府宣布新的地铁线路将在明年开通。北京市政府宣布新的地铁线路将在明年开通了。新线路全长三十公里。市民对此表示欢迎。';
    const summary = summarize(chinese, { words: 25 });
    expect(summary).toBe('北京市政府宣布新的地铁线路将在明年开通。');
    const two = sentencesOf(summarize(chinese, { sentences: 2 }));
    expect(two).toEqual(['北京市政府宣布新的地铁线路将在明年开通。', '新线路全长三十公里。']);
  });
});

describe('sampleCounts', () => {
  // The patterns the counts replaced (the reference): words split on `\s`, markers matched as whole words.
  const SAMPLE = 1200;
  const ENGLISH = /\b(?:the|and|of|to|in|is|was|that|for|on|with|said|it|he|a)\b/gi;
  const GERMAN = /(?<![\p{L}\p{N}])(?:der|und|das|ist|nicht|mit|den|von|sich|des|auf|für|dem|ein|eine|einen|wird|wurde|hat|sind|zu|im|bei|nach|auch|am|es|er)(?![\p{L}\p{N}])/giu;
  const reference = (text: string) => {
    const sample = text.slice(0, SAMPLE);
    return {
      words: sample.split(/\s+/).filter((w) => w !== '').length,
      english: sample.match(ENGLISH)?.length ?? 0,
      german: sample.match(GERMAN)?.length ?? 0,
    };
  };

  // Markers in every case, near-markers, word characters each pattern reads differently (`_`, digits,
  // letters outside ASCII, a long s and a Kelvin sign that fold to ASCII, U+0345 that folds to a letter),
  // every kind of JavaScript space, and characters outside the BMP (a letter and an emoji).
  const piece = fc.oneof(
    fc.constantFrom(
      'the', 'THE', 'The', 'a', 'A', 'said', 'that', 'with', 'theme', 'and_', '_the', 'it2',
      'der', 'und', 'für', 'FÜR', 'Für', 'eine', 'einen', 'eines', 'ſich', 'ſ', '\u212a', 'es', 'ER', 'zu', 'überdas', 'dasß',
      '\u0345', 'e\u0301', 'Straße', 'İ', 'ı', '北京', '𝐀', '😀', '\ud800',
      ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u1680', '\u2003', '\u2028', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b',
      '.', ',', '-', '’', '“', '(', '1', '42',
    ),
    fc.stringMatching(/^[A-Za-z]{1,6}$/),
  );
  const text = fc.array(piece, { maxLength: 80 }).map((ps) => ps.join(''));

  it('counts what the patterns counted, in any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(sampleCounts(t)).toEqual(reference(t));
      }),
      { seed: 5, numRuns: 3000 },
    );
  });

  it('stops at the sample’s end as the patterns did, even inside a word or a surrogate pair', () => {
    const joins = ['', ' ', '𝐀', '😀', 'ü', '\u0345', 'x'];
    fc.assert(
      fc.property(fc.integer({ min: -3, max: 3 }), fc.constantFrom('der', 'the', 'für', 'a', '𝐀'), fc.constantFrom(...joins), text, (delta, word, join, tail) => {
        // The word ends within three characters of the sample's end, right before `join`.
        const pad = SAMPLE - word.length + delta;
        const t = `${'x '.repeat(pad).slice(0, pad - 1)} ${word}${join}${tail}`;
        expect(sampleCounts(t)).toEqual(reference(t));
      }),
      { seed: 7, numRuns: 1500 },
    );
  });
});
