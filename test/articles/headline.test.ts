import { describe, expect, it } from 'vitest';
import { deriveHeadline, leadSentence } from '../../src/articles/index.js';
import { splitSentences } from '../../src/summarize/index.js';

describe('leadSentence', () => {
  it('stops at the first sentence end', () => {
    expect(leadSentence('Rain fell all day. The river rose.')).toBe('Rain fell all day.');
  });

  it('does not stop at abbreviations and initials', () => {
    expect(leadSentence('The U.S. economy grew. Analysts cheered.')).toBe('The U.S. economy grew.');
    expect(leadSentence('Dr. Ada Byron spoke first. Then questions.')).toBe('Dr. Ada Byron spoke first.');
    expect(leadSentence('J. R. Smith won. Others lost.')).toBe('J. R. Smith won.');
  });

  it('looks only at the first paragraph', () => {
    expect(leadSentence('No full stop here\n\nSecond paragraph. More.')).toBe('No full stop here');
  });
});

describe('deriveHeadline', () => {
  it('uses a short lead sentence whole, without its full stop', () => {
    expect(deriveHeadline('Rain fell all day. The river rose.')).toBe('Rain fell all day');
  });

  it('cuts the seed article at the clause boundary before "if"', () => {
    const lead =
      'Ukrainian President Volodymyr Zelenskyy has offered to step down if it facilitates Ukraine’s accession to NATO, emphasizing that the alliance remains the most cost-effective and logical means of preventing further war with Russia.';
    // Checked by hand: the full first clause is 110 characters (over 100); the last clause
    // boundary within 100 is " if " after "step down".
    expect(deriveHeadline(lead)).toBe('Ukrainian President Volodymyr Zelenskyy has offered to step down');
  });

  it('prefers the last clause boundary that fits', () => {
    const text =
      'The council approved the new cycle lanes on Tuesday, after a long debate about parking, and work will start in the spring of next year.';
    expect(deriveHeadline(text)).toBe('The council approved the new cycle lanes on Tuesday, after a long debate about parking');
  });

  it('cuts at a word boundary with an ellipsis when no clause boundary fits, never ending on a stopword', () => {
    const text =
      'Engineers working for the regional water authority replaced seventeen kilometres of leaking cast iron pipe beneath the old town centre over the summer holidays.';
    const h = deriveHeadline(text);
    expect(h.endsWith('…')).toBe(true);
    expect(h.length).toBeLessThanOrEqual(100);
    const words = h.slice(0, -1).split(' ');
    // Every word of the headline is a whole word of the source.
    expect(text.split(' ').slice(0, words.length)).toEqual(words);
    expect(['the', 'of', 'over', 'beneath']).not.toContain(words[words.length - 1]);
  });

  it('never returns more than the limit', () => {
    const long = 'word '.repeat(200);
    expect(deriveHeadline(long).length).toBeLessThanOrEqual(100);
    expect(deriveHeadline('x'.repeat(300)).length).toBeLessThanOrEqual(101);
  });

  it('returns an empty string for text without letters', () => {
    expect(deriveHeadline('... !!! ---')).toBe('');
  });
});

describe('a short lead sentence', () => {
  it('is taken whole, its ? or ! kept (no word dropped as dangling)', () => {
    expect(deriveHeadline('Who do you think you are?\n\nThe bank failed on Monday.')).toBe('Who do you think you are?');
    expect(deriveHeadline('We have a winner! The draw was made on Monday.')).toBe('We have a winner!');
    expect(deriveHeadline('Profits rose at the firm. More later.')).toBe('Profits rose at the firm');
  });
});

describe('a derived headline', () => {
  it('drops the dateline the summary of the same article drops', () => {
    expect(deriveHeadline('WASHINGTON (AP) — The U.S. Senate passed a $95 billion aid package on Tuesday. The vote was 79-18.')).toBe(
      'The U.S. Senate passed a $95 billion aid package on Tuesday',
    );
    expect(deriveHeadline('(CNN) -- A magnitude 7.1 earthquake struck off Chile on Sunday. No tsunami warning was issued.')).toBe(
      'A magnitude 7.1 earthquake struck off Chile on Sunday',
    );
    expect(deriveHeadline('BERLIN, March 3 (Reuters) - German factory orders fell 2.1% in January. Economists had expected a rise.')).toBe(
      'German factory orders fell 2.1% in January',
    );
  });

  it('is never a byline: it comes from the first sentence after it', () => {
    expect(deriveHeadline('By Anna Berg\n\nTOKYO (AP) — Japan’s Nikkei hit a record high on Thursday. Exporters led gains.')).toBe(
      'Japan’s Nikkei hit a record high on Thursday',
    );
  });

  it('comes from the next paragraph when the first is only a dateline', () => {
    expect(deriveHeadline('(CNN)\n\nRain fell all day. The river rose.')).toBe('Rain fell all day');
  });
});

describe('a Chinese or Japanese lead sentence', () => {
  // Their full stops take no space (nor capital) after them: the whole first line, every sentence, was the headline.
  const ja = '東京都は月曜日に新しい計画を発表した。計画は来年実施される。住民の反応は様々だ。';

  it('ends at the first full stop, as the summarizer splits it', () => {
    expect(leadSentence(ja)).toBe('東京都は月曜日に新しい計画を発表した。');
    expect(leadSentence(ja)).toBe(splitSentences(ja)[0]);
    expect(leadSentence('北京今天下雨了！明天会晴。')).toBe('北京今天下雨了！');
    expect(leadSentence('「計画を発表した。」と市長は言った。')).toBe(splitSentences('「計画を発表した。」と市長は言った。')[0]);
  });

  it('is the headline without its full stop, a full-width ! or ? kept', () => {
    expect(deriveHeadline(ja)).toBe('東京都は月曜日に新しい計画を発表した');
    expect(deriveHeadline('北京今天下雨了！明天会晴。')).toBe('北京今天下雨了！');
    expect(deriveHeadline('北京今天会下雨吗？明天会晴。')).toBe('北京今天会下雨吗？');
  });

  it('is cut at its last comma that fits when too long', () => {
    // 60 + 1 + 50 + 1 characters: the sentence is over 100, its comma at 60 leaves a clause of 40 or more.
    const head = '東'.repeat(60);
    const text = `${head}、${'京'.repeat(50)}。次の文。`;
    expect(deriveHeadline(text)).toBe(head);
  });
});

describe('a lead sentence in a script without capitals', () => {
  // After a full stop and a space, Arabic, Hebrew, Devanagari or Thai letters are neither capital nor small:
  // the sentence ends there, as the summarizer splits it (the whole paragraph was the lead).
  const arabic = 'أعلنت الحكومة اليوم خطة جديدة للنقل. وقال الوزير إن الخطة ستبدأ قريبا.';
  const hebrew = 'הממשלה אישרה את התקציב. ההצבעה הסתיימה ברוב של 64 מול 56.';
  const hindi = 'रिज़र्व बैंक ने रेपो दर स्थिर रखी। बाज़ार में तेज़ी आई।';

  it('ends at the first sentence terminator', () => {
    expect(leadSentence(arabic)).toBe('أعلنت الحكومة اليوم خطة جديدة للنقل.');
    expect(leadSentence(hebrew)).toBe('הממשלה אישרה את התקציב.');
    expect(leadSentence(hindi)).toBe('रिज़र्व बैंक ने रेपो दर स्थिर रखी।');
    expect(leadSentence('هل ستبدأ الخطة قريبا؟ قال الوزير نعم.')).toBe('هل ستبدأ الخطة قريبا؟');
    for (const text of [arabic, hebrew, hindi]) expect(leadSentence(text)).toBe(splitSentences(text)[0]);
  });

  it('is the headline without its full stop, a question mark kept', () => {
    expect(deriveHeadline(arabic)).toBe('أعلنت الحكومة اليوم خطة جديدة للنقل');
    expect(deriveHeadline(hebrew)).toBe('הממשלה אישרה את התקציב');
    expect(deriveHeadline(hindi)).toBe('रिज़र्व बैंक ने रेपो दर स्थिर रखी');
    expect(deriveHeadline('هل ستبدأ الخطة قريبا؟ قال الوزير نعم.')).toBe('هل ستبدأ الخطة قريبا؟');
  });

  it('still goes on after a full stop before a small letter', () => {
    expect(leadSentence('The bill was signed in the U.S. by the president. Then more.')).toBe('The bill was signed in the U.S. by the president.');
  });
});

describe('a number abbreviation', () => {
  it('ends neither the headline nor the sentence', () => {
    const cases: Array<[string, string, string]> = [
      ['He lives at No. 5 Downing Street. Then more.', 'en', 'He lives at No. 5 Downing Street'],
      ['Das Gesetz ändert Nr. 3 der Liste. Dann mehr.', 'de', 'Das Gesetz ändert Nr. 3 der Liste'],
      ["Le texte modifie l'art. 12 du code civil. Ensuite le vote.", 'fr', "Le texte modifie l'art. 12 du code civil"],
      ['La reforma cambia el núm. 4 del reglamento. Luego el voto.', 'es', 'La reforma cambia el núm. 4 del reglamento'],
      ['Zákon č. 12 platí od ledna. Pak hlasování.', 'cs', 'Zákon č. 12 platí od ledna'],
      ['See pp. 12-14 for the figures. More.', 'en', 'See pp. 12-14 for the figures'],
    ];
    for (const [text, lang, headline] of cases) {
      expect(deriveHeadline(text), text).toBe(headline);
      expect(splitSentences(text, lang)[0], text).toBe(`${headline}.`);
    }
    // Before anything but a number they are words: `said no.` ends its sentence.
    expect(leadSentence('Voters said no. Turnout was low.')).toBe('Voters said no.');
  });
});
