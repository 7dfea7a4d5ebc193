import { describe, expect, it } from 'vitest';
import { splitSentences, summarize } from '../../src/summarize/index.js';
import { termModelFor } from '../../src/summarize/language.js';
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
