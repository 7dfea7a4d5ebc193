import { describe, expect, it } from 'vitest';
import { splitSentences, summarize, summarizeText } from '../../src/summarize/index.js';

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

  it('ends a sentence at a club name or a noun with its number, and keeps the ordinal of 1. FC', () => {
    // An ordinal follows an article, a preposition or nothing; after a capitalised word inside the sentence
    // (Mainz 05, Hannover 96, Platz 3) the number belongs to a name or noun, and its full stop is a sentence end.
    expect(splitSentences('Das Spiel endete beim FSV Mainz 05. Trainer Bo Svensson war zufrieden.', 'de')).toEqual([
      'Das Spiel endete beim FSV Mainz 05.',
      'Trainer Bo Svensson war zufrieden.',
    ]);
    expect(splitSentences('Der Sieger heißt Hannover 96. Trainer Stefan Leitl lobte die Abwehr.', 'de')).toEqual([
      'Der Sieger heißt Hannover 96.',
      'Trainer Stefan Leitl lobte die Abwehr.',
    ]);
    expect(splitSentences('Sie gewannen 3:1 gegen den FC Schalke 04. Bayern bleibt auf Platz 2. Leverkusen folgt.', 'de')).toEqual([
      'Sie gewannen 3:1 gegen den FC Schalke 04.',
      'Bayern bleibt auf Platz 2.',
      'Leverkusen folgt.',
    ]);
    // The ordinal before a club still is one, at the start of a sentence, after a comma, a colon or a quote.
    expect(splitSentences('Der 1. FC Köln gewann. Gestern spielte der 1. FSV Mainz 05 in Köln.', 'de')).toEqual([
      'Der 1. FC Köln gewann.',
      'Gestern spielte der 1. FSV Mainz 05 in Köln.',
    ]);
    expect(splitSentences('Berlin, 3. Oktober: Das 2. Tor fiel spät. Er sagte: „Das 1. Tor war Glück.“', 'de')).toEqual([
      'Berlin, 3. Oktober: Das 2. Tor fiel spät.',
      'Er sagte: „Das 1. Tor war Glück.“',
    ]);
    expect(splitSentences('Legia grała z Wisłą Kraków 2. Kibice świętowali.', 'pl')).toEqual([
      'Legia grała z Wisłą Kraków 2.',
      'Kibice świętowali.',
    ]);
  });

  it('keeps English, French and Spanish numbers before a full stop as sentence ends', () => {
    expect(splitSentences('He scored in 2019. The club won the league in 12. Fans cheered.', 'en')).toEqual([
      'He scored in 2019.',
      'The club won the league in 12.',
      'Fans cheered.',
    ]);
    expect(splitSentences('Il a marqué en 2019. Le club a fini 3. Les supporters ont fêté.', 'fr')).toEqual([
      'Il a marqué en 2019.',
      'Le club a fini 3.',
      'Les supporters ont fêté.',
    ]);
    expect(splitSentences('Marcó en 2019. El club terminó 3. Los aficionados celebraron.', 'es')).toEqual([
      'Marcó en 2019.',
      'El club terminó 3.',
      'Los aficionados celebraron.',
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

describe('full stops of other scripts', () => {
  it('end sentences in Hindi, Urdu, Armenian, Amharic and Burmese', () => {
    expect(splitSentences('रिज़र्व बैंक ने रेपो दर 6.5% पर स्थिर रखी। बाज़ार में तेज़ी आई॥ अंत।')).toEqual([
      'रिज़र्व बैंक ने रेपो दर 6.5% पर स्थिर रखी।',
      'बाज़ार में तेज़ी आई॥',
      'अंत।',
    ]);
    expect(splitSentences('وزیر نے کہا کہ مہنگائی کم ہوگی۔ اپوزیشن نے تنقید کی۔')).toEqual([
      'وزیر نے کہا کہ مہنگائی کم ہوگی۔',
      'اپوزیشن نے تنقید کی۔',
    ]);
    expect(splitSentences('Կառավարությունը հաստատեց բյուջեն։ Ընդդիմությունը դեմ էր։')).toEqual([
      'Կառավարությունը հաստատեց բյուջեն։',
      'Ընդդիմությունը դեմ էր։',
    ]);
    expect(splitSentences('መንግስት አዲስ በጀት አጸደቀ። ተቃዋሚዎች ተቃወሙ።')).toEqual(['መንግስት አዲስ በጀት አጸደቀ።', 'ተቃዋሚዎች ተቃወሙ።']);
    expect(splitSentences('အစိုးရက ဘတ်ဂျက်ကို အတည်ပြုခဲ့သည်။အတိုက်အခံက ကန့်ကွက်ခဲ့သည်။')).toEqual([
      'အစိုးရက ဘတ်ဂျက်ကို အတည်ပြုခဲ့သည်။',
      'အတိုက်အခံက ကန့်ကွက်ခဲ့သည်။',
    ]);
  });

  it('keep the sentence limit and the lead paragraph of a Hindi article', () => {
    expect(summarizeText('रिज़र्व बैंक ने रेपो दर 6.5% पर स्थिर रखी। गवर्नर ने कहा कि महंगाई नियंत्रण में है। बाज़ार में तेज़ी आई।\n', { lang: 'hi', sentences: 1 })).toBe(
      'रिज़र्व बैंक ने रेपो दर 6.5% पर स्थिर रखी।',
    );
    const cricket = 'भारत ने तीसरे टेस्ट मैच में ऑस्ट्रेलिया को 6 विकेट से हरा दिया।\n\nविराट कोहली ने शानदार शतक लगाया।\n\nश्रृंखला अब 2-1 पर है।\n';
    expect(summarizeText(cricket, { lang: 'hi' })).toBe(
      'भारत ने तीसरे टेस्ट मैच में ऑस्ट्रेलिया को 6 विकेट से हरा दिया। विराट कोहली ने शानदार शतक लगाया। श्रृंखला अब 2-1 पर है।',
    );
  });

  it('take a Thai paragraph for a sentence, the lead included', () => {
    const lead = 'กรมอุตุนิยมวิทยาเตือนว่าจะมีฝนตกหนักในกรุงเทพมหานครในช่วงสุดสัปดาห์นี้ ประชาชนควรหลีกเลี่ยงการเดินทางในพื้นที่น้ำท่วมขัง';
    const thai = `${lead}\n\nเจ้าหน้าที่ได้เตรียมเครื่องสูบน้ำไว้แล้วกว่า 500 เครื่อง\n`;
    expect(summarizeText(thai, { lang: 'th', sentences: 1 })).toBe(lead);
  });
});

describe('Japanese quotes', () => {
  it('keep a quote that a quotative particle follows in the sentence that reports it', () => {
    expect(splitSentences('「なぜ今なのか？」と記者が質問した。首相は答えなかった。')).toEqual([
      '「なぜ今なのか？」と記者が質問した。',
      '首相は答えなかった。',
    ]);
    expect(splitSentences('「本当に驚いた！」って彼は言った。「増税だ。反対だ。」とか、声が上がった。')).toEqual([
      '「本当に驚いた！」って彼は言った。',
      '「増税だ。反対だ。」とか、声が上がった。',
    ]);
    // A quote no particle follows is a sentence of its own.
    expect(splitSentences('『終わりだ。』会見は終わった。')).toEqual(['『終わりだ。』', '会見は終わった。']);
  });
});
