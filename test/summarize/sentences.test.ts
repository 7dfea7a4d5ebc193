import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/summarize/index.js';

describe('splitSentences', () => {
  it('splits on full stops, question and exclamation marks followed by a capital', () => {
    expect(splitSentences('It rained. Was it cold? Yes! Very.')).toEqual([
      'It rained.',
      'Was it cold?',
      'Yes!',
      'Very.',
    ]);
  });

  it('keeps titles and abbreviations inside the sentence', () => {
    expect(splitSentences('Mr. Smith met Mrs. Jones and Dr. Brown. They talked.')).toEqual([
      'Mr. Smith met Mrs. Jones and Dr. Brown.',
      'They talked.',
    ]);
    expect(splitSentences('Fruit, e.g. apples, is good. So is veg, i.e. greens.')).toEqual([
      'Fruit, e.g. apples, is good.',
      'So is veg, i.e. greens.',
    ]);
    expect(splitSentences('It opened on Jan. 5 and closed in Feb. 2005 for good.')).toEqual([
      'It opened on Jan. 5 and closed in Feb. 2005 for good.',
    ]);
  });

  it('keeps initials with the name', () => {
    expect(splitSentences('J. K. Rowling wrote it. George W. Bush read it.')).toEqual([
      'J. K. Rowling wrote it.',
      'George W. Bush read it.',
    ]);
  });

  it('does not split dotted acronyms inside a sentence but does at a sentence end', () => {
    expect(splitSentences('The U.S. economy and the U.K. Treasury grew. Then it slowed.')).toEqual([
      'The U.S. economy and the U.K. Treasury grew.',
      'Then it slowed.',
    ]);
    expect(splitSentences('Sales rose in the U.S. The firm was pleased.')).toEqual([
      'Sales rose in the U.S.',
      'The firm was pleased.',
    ]);
  });

  it('keeps decimals, money and percentages whole', () => {
    expect(splitSentences('Profit rose 3.5% to $10.9bn, or £1.2m a day. Shares fell 0.1%.')).toEqual([
      'Profit rose 3.5% to $10.9bn, or £1.2m a day.',
      'Shares fell 0.1%.',
    ]);
  });

  it('closes a sentence after a closing quote or bracket', () => {
    expect(splitSentences('He said: "We won." Fans cheered. (It was late.) Then home.')).toEqual([
      'He said: "We won."',
      'Fans cheered.',
      '(It was late.)',
      'Then home.',
    ]);
    expect(splitSentences('"Is it over?" she asked.')).toEqual(['"Is it over?" she asked.']);
  });

  it('splits sentences run together without a space, but not U.S., e.g. or 10.9', () => {
    expect(
      splitSentences('Sales rose 2% to $11.1bn from $10.9bn.For the full-year, profit was up.It grew.'),
    ).toEqual(['Sales rose 2% to $11.1bn from $10.9bn.', 'For the full-year, profit was up.', 'It grew.']);
    expect(splitSentences('The U.S.Army and e.g.apples cost 10.9 each.')).toEqual([
      'The U.S.Army and e.g.apples cost 10.9 each.',
    ]);
    expect(splitSentences('It "worked."He said so.')).toEqual(['It "worked."', 'He said so.']);
    expect(splitSentences('See bbc.co.uk or ASP.NET today.')).toEqual(['See bbc.co.uk or ASP.NET today.']);
  });

  it('ends a sentence at every line break', () => {
    expect(splitSentences('A heading\nFirst line\n\nSecond para. More text\r\nLast')).toEqual([
      'A heading',
      'First line',
      'Second para.',
      'More text',
      'Last',
    ]);
  });

  it('does not split an ellipsis or stop followed by lower case', () => {
    expect(splitSentences('He paused... then left. The end.')).toEqual(['He paused... then left.', 'The end.']);
  });

  it('returns nothing for blank input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t\n ')).toEqual([]);
  });
});

describe('splitSentences beyond plain English', () => {
  it('keeps domain and package names whole, in any case', () => {
    expect(splitSentences('Shares in Amazon.com rose. Node.js 22 shipped.')).toEqual(['Shares in Amazon.com rose.', 'Node.js 22 shipped.']);
    expect(splitSentences('Amazon.Com and Node.Js both grew. Then they fell.')).toEqual([
      'Amazon.Com and Node.Js both grew.',
      'Then they fell.',
    ]);
  });

  it('ends a sentence after p.m. only where a new sentence starts', () => {
    expect(splitSentences('The blast came at 5 p.m. Police arrived an hour later.')).toEqual([
      'The blast came at 5 p.m.',
      'Police arrived an hour later.',
    ]);
    expect(splitSentences('They meet at 9 a.m. Friday in the hall. Everyone came.')).toEqual([
      'They meet at 9 a.m. Friday in the hall.',
      'Everyone came.',
    ]);
    expect(splitSentences('Doors open at 7 p.m. and close late.')).toEqual(['Doors open at 7 p.m. and close late.']);
  });

  it('closes sentences at guillemets and splits Cyrillic and accented capitals', () => {
    expect(splitSentences('«Мы победили», — сказал он. «Это правда.» Президент уехал.')).toEqual([
      '«Мы победили», — сказал он.',
      '«Это правда.»',
      'Президент уехал.',
    ]);
    expect(splitSentences('Der Präsident sprach z.B. über Steuern. Österreich stimmte zu.')).toEqual([
      'Der Präsident sprach z.B. über Steuern.',
      'Österreich stimmte zu.',
    ]);
  });

  it('splits Chinese at full-width terminators without spaces', () => {
    expect(splitSentences('今天下雨了。我们没有出门！你呢？')).toEqual(['今天下雨了。', '我们没有出门！', '你呢？']);
  });
});

describe('splitSentences at look-alike abbreviations and marks', () => {
  it('reads no. as the abbreviation only before a number', () => {
    expect(splitSentences('Voters said no. Turnout was low. He lives at No. 10 Downing Street.')).toEqual([
      'Voters said no.',
      'Turnout was low.',
      'He lives at No. 10 Downing Street.',
    ]);
    expect(splitSentences('Los analistas creen que no. Las bolsas subieron.', 'es')).toEqual([
      'Los analistas creen que no.',
      'Las bolsas subieron.',
    ]);
  });

  it('keeps a name written with ! inside the sentence', () => {
    expect(splitSentences('Yahoo! Inc. agreed to sell its business. Jeopardy! Champion Ken Jennings hosts it.')).toEqual([
      'Yahoo! Inc. agreed to sell its business.',
      'Jeopardy! Champion Ken Jennings hosts it.',
    ]);
    // Before a typical opener it still ends the sentence.
    expect(splitSentences('They bought Yahoo! The deal closed.')).toEqual(['They bought Yahoo!', 'The deal closed.']);
  });

  it('decides a name written with ! by the word after it: lower case goes on, a typical opener ends', () => {
    expect(splitSentences('Yahoo! said on Monday that profits fell. Yahoo! shares fell sharply.')).toEqual([
      'Yahoo! said on Monday that profits fell.',
      'Yahoo! shares fell sharply.',
    ]);
    // `in`, `on`, `and` open sentences too, but in lower case they go on.
    expect(splitSentences('George Michael sang with Wham! in 1984 and then went solo. Fans cheered.')).toEqual([
      'George Michael sang with Wham! in 1984 and then went solo.',
      'Fans cheered.',
    ]);
    expect(splitSentences('The band Wham! and its fans met on Monday. They bought Yahoo! In 2017 the deal closed.')).toEqual([
      'The band Wham! and its fans met on Monday.',
      'They bought Yahoo!',
      'In 2017 the deal closed.',
    ]);
  });

  it('splits after a right-to-left mark that follows a full stop', () => {
    expect(splitSentences('\u200fהכנסת אישרה הלילה את התקציב.\u200f ההצבעה הסתיימה ברוב של 64 מול 56.')).toEqual([
      '\u200fהכנסת אישרה הלילה את התקציב.\u200f',
      'ההצבעה הסתיימה ברוב של 64 מול 56.',
    ]);
  });
});
