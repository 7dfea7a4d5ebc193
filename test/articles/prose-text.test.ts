import { describe, expect, it } from 'vitest';
import { loadArticles, type Article } from '../../src/articles/index.js';
import { textToParagraphs } from '../../src/articles/parsed.js';
import { summarize, summarizeText } from '../../src/summarize/index.js';
import { makeContext, source } from './helpers.js';

function only(path: string, text: string): Article {
  const result = loadArticles([source(path, text)], makeContext());
  expect(result.articles).toHaveLength(1);
  return result.articles[0] as Article;
}

const md = (body: string): Article => only('a.md', `---\ntitle: T\n---\n${body}`);

describe('the plain text summaries are made of', () => {
  it('leaves out headings, code blocks and tables', () => {
    const guide = md(
      '## Installation\n\n```sh\nnpm install --save widget && widget init --force\n```\n\n## Usage\n\n' +
        'Call widget.start() to begin. The function returns a promise that resolves when the widget is ready.\n',
    );
    expect(guide.contentText).toBe('Call widget.start() to begin. The function returns a promise that resolves when the widget is ready.');
    expect(summarize(guide.contentText, { sentences: 3 })).toBe(guide.contentText);
    // The same without a language on the fence (marked's attribute-free HTML, the shortcut's path).
    expect(md('```\nnpm install widget\n```\n\nCall widget.start() to begin.\n').contentText).toBe('Call widget.start() to begin.');

    const league = md('| team | points |\n|---|---|\n| Reds | 90 |\n| Blues | 80 |\n\nThe Reds won the league by ten points this season.\n');
    expect(league.contentText).toBe('The Reds won the league by ten points this season.');
    expect(md('## Background\n\nThe bridge was built in 1890.\n').contentText).toBe('The bridge was built in 1890.');
  });

  it('keeps them when the article has no other text', () => {
    expect(md('| a | b |\n|---|---|\n| x | y |\n').contentText).toBe('a\n\nb\n\nx\n\ny');
    expect(md('```\nnpm install widget\n```\n').contentText).toBe('npm install widget');
  });

  it('keeps list items as blocks of their own, finishing the sentence that introduces them', () => {
    const list = md('Here is the list:\n\n- first step is easy\n- second step is harder\n- third step is the hardest\n');
    expect(list.contentText).toBe('Here is the list:\n\nfirst step is easy\n\nsecond step is harder\n\nthird step is the hardest');
    expect(summarize(list.contentText, { sentences: 3 })).toBe(
      'Here is the list: first step is easy; second step is harder; third step is the hardest.',
    );
  });

  it('keeps a line break a .txt writer made on purpose, and joins wrapped lines', () => {
    const a = only(
      'a.txt',
      'Cup report\n\nArsenal win 4-2 on penalties\nThe goalkeeper saved two penalties as Arsenal reached the\nquarter-finals of the cup on Tuesday night.\n\nLauren scored first.\n',
    );
    expect(a.contentText).toBe(
      'Arsenal win 4-2 on penalties\n\nThe goalkeeper saved two penalties as Arsenal reached the quarter-finals of the cup on Tuesday night.\n\nLauren scored first.',
    );
    expect(summarize(a.contentText, { sentences: 1 })).toBe(
      'The goalkeeper saved two penalties as Arsenal reached the quarter-finals of the cup on Tuesday night.',
    );
    // One sentence per line is the writer's wrapping: one paragraph, as before.
    const b = only('b.txt', 'Title line\n\nThe quay opened on Monday.\nShips came at dawn.\nThe harbour master was pleased with the first week.\n\nMore next week.\n');
    expect(b.contentText).toBe('The quay opened on Monday. Ships came at dawn. The harbour master was pleased with the first week.\n\nMore next week.');
  });

  it('joins the hard-wrapped lines of a .txt body without blank lines, keeping lines that end a sentence or end early', () => {
    const text =
      'Budget approved after long debate\n\n' +
      'The council approved the new budget on Monday after a long debate in\n' +
      'the chamber. Members said the plan would fund schools, roads and a new\n' +
      'library. The mayor welcomed the vote and said work would start in\n' +
      'March. Critics said the plan was too expensive for the town.\n';
    const body =
      'The council approved the new budget on Monday after a long debate in the chamber. Members said the plan would ' +
      'fund schools, roads and a new library. The mayor welcomed the vote and said work would start in March. Critics ' +
      'said the plan was too expensive for the town.';
    expect(only('w2.txt', text).contentText).toBe(body);
    expect(summarizeText(text, { sentences: 3 })).toBe(
      'The council approved the new budget on Monday after a long debate in the chamber. Members said the plan would ' +
        'fund schools, roads and a new library. The mayor welcomed the vote and said work would start in March.',
    );
    // A news dump, one paragraph per line: every line ends a sentence and stays a paragraph.
    expect(textToParagraphs('The quay opened on Monday.\nShips came at dawn.\nThe harbour master was pleased.')).toEqual([
      'The quay opened on Monday.',
      'Ships came at dawn.',
      'The harbour master was pleased.',
    ]);
    // A subhead ends early (the next word would have fit): it stays a paragraph over the wrapped one.
    expect(
      textToParagraphs('Arsenal win on penalties\nThe goalkeeper saved two penalties as Arsenal reached the\nquarter-finals on Tuesday.'),
    ).toEqual(['Arsenal win on penalties', 'The goalkeeper saved two penalties as Arsenal reached the quarter-finals on Tuesday.']);
  });

  it('keeps the lines of a .txt list apart, and ends the sentence they finish where the list ends', () => {
    const text = 'Here is the list:\n\nfirst\nsecond\nthird\n\nOfficials said work would start in March.\n';
    expect(textToParagraphs(text)).toEqual(['Here is the list:', 'first', 'second', 'third', 'Officials said work would start in March.']);
    expect(summarizeText(text)).toBe('Here is the list: first; second; third. Officials said work would start in March.');
    // A list under its lead-in in the same block; wrapped prose that ends a sentence is still joined.
    expect(textToParagraphs('Ingredients:\nflour\nsugar')).toEqual(['Ingredients:', 'flour', 'sugar']);
  });

  it('ends a sentence finished by a Markdown list where the list ends: bullets, numbers, loose and nested', () => {
    const expected = 'The plan has three parts: Schools get new money; Roads are repaired. Officials said work would start in March.';
    const after = '\nOfficials said work would start in March.\n';
    for (const list of [
      '- Schools get new money\n- Roads are repaired\n',
      '1. Schools get new money\n2. Roads are repaired\n',
      '- Schools get new money\n\n- Roads are repaired\n',
    ]) {
      expect(summarize(md(`The plan has three parts:\n\n${list}${after}`).contentText)).toBe(expected);
    }
    expect(summarize(md(`The plan has three parts:\n\n- Schools get new money\n  - Primary schools first\n- Roads are repaired\n${after}`).contentText)).toBe(
      'The plan has three parts: Schools get new money; Primary schools first; Roads are repaired. Officials said work would start in March.',
    );
  });

  it('reads a <br> inside a sentence as a space and leaves footnote markers out of the text', () => {
    const page = only(
      'a.html',
      '<html><head><title>Budget</title></head><body><main><p>The council approved the budget<sup>1</sup> on Monday.<br>' +
        'Members said the plan<br/>would fund schools.</p><p>Prices rose sharply last year<sup><a href="#n2">[2]</a></sup>, officials said.</p></main></body></html>',
    );
    expect(page.contentText).toBe(
      'The council approved the budget^1 on Monday.\n\nMembers said the plan would fund schools.\n\nPrices rose sharply last year, officials said.',
    );
    expect(summarize(page.contentText)).toBe(
      'The council approved the budget^1 on Monday. Members said the plan would fund schools. Prices rose sharply last year, officials said.',
    );
    // A <br> after a sentence, or two in a row, still ends the paragraph; a <sup> that is not a marker stays.
    expect(md('Subhead<br><br>The quay opened on the 1<sup>st</sup> of May.\n').contentText).toBe('Subhead\n\nThe quay opened on the 1st of May.');
  });

  it('keeps an exponent in the text as ^ and drops only a clear footnote marker', () => {
    const text = (html: string): string => only('a.html', `<html><body><main>${html}</main></body></html>`).contentText;
    expect(text('<p>The table had 2<sup>10</sup> entries when it was first built in 1990.</p>')).toBe(
      'The table had 2^10 entries when it was first built in 1990.',
    );
    expect(text('<p>Einstein wrote E = mc<sup>2</sup> in 1905.</p>')).toBe('Einstein wrote E = mc^2 in 1905.');
    expect(text('<p>Costs rose<sup>[3]</sup> and fell<sup>*</sup> and rose again<sup>†</sup>.</p>')).toBe('Costs rose and fell and rose again.');
    expect(text('<p>Costs rose<sup><a href="#n4">4</a></sup> in March.</p>')).toBe('Costs rose in March.');
  });
});

describe('French no-break spaces', () => {
  const text = 'Le taux passe à 4,5\u00a0% a annoncé jeudi la banque centrale. Les marchés attendaient moins\u202f! «\u00a0Non\u00a0», dit-il.';

  it('are kept in the text summaries are made of and in the summary', () => {
    expect(summarizeText(`${text}\n`, { lang: 'fr' })).toBe(text);
    expect(md(`${text}\n`).contentText).toBe(text);
    expect(only('a.txt', `Un titre\n\n${text}\n`).contentText).toBe(text);
    // With other whitespace around it, a no-break space is part of a run that becomes one space.
    expect(md('Le taux \u00a0 passe\u00a0\n à 4,5 %.\n').contentText).toBe('Le taux passe à 4,5 %.');
  });
});

describe('footnotes and figure captions', () => {
  it('reads Markdown footnotes: the marker a bracketed <sup>, the definition an aside, neither in the text', () => {
    const storm = md(
      'Storm Ciarán battered the south coast on Sunday, with gusts of up to 100 mph[^1] cutting power. The Met Office issued a red warning.\n\n' +
        '[^1]: Measured at the *Needles* on\n  the Isle of Wight.\n',
    );
    expect(storm.contentText).toBe(
      'Storm Ciarán battered the south coast on Sunday, with gusts of up to 100 mph cutting power. The Met Office issued a red warning.',
    );
    expect(storm.contentHtml).toContain('100 mph<sup>[1]</sup> cutting');
    expect(storm.contentHtml).toContain('<aside><p><sup>[1]</sup> Measured at the <em>Needles</em> on\nthe Isle of Wight.</p></aside>');
    expect(storm.contentHtml).not.toContain('[^');
  });

  it('keeps a list indented under a footnote in its aside, and the text after it in the body', () => {
    const gusts = 'Gusts hit 100 mph[^1] on Sunday.\n\n';
    const aside = '<aside><p><sup>[1]</sup> Measured at:</p>\n<ul>\n<li>the Needles</li>\n<li>Portland Bill</li>\n</ul></aside>';
    for (const note of [
      '[^1]: Measured at:\n    - the Needles\n    - Portland Bill\n',
      '[^1]: Measured at:\n  - the Needles\n  - Portland Bill\n',
      '[^1]: Measured at:\n\n    - the Needles\n    - Portland Bill\n',
      '[^1]: Measured at:\n\n\t- the Needles\n\t- Portland Bill\n',
    ]) {
      const storm = md(`${gusts}${note}\nPower was cut.\n`);
      expect(storm.contentHtml, note).toContain(aside);
      expect(storm.contentHtml, note).toMatch(/<\/aside>\n<p>Power was cut\.<\/p>/);
      expect(storm.contentHtml, note).not.toContain('<pre>');
      expect(storm.contentText, note).toBe('Gusts hit 100 mph on Sunday.\n\nPower was cut.');
    }
  });

  it('leaves a list that is not indented under a footnote in the body', () => {
    for (const note of ['[^1]: Measured at two stations.\n- the Needles\n- Portland Bill\n', '[^1]: Measured at two stations.\n\n- the Needles\n- Portland Bill\n']) {
      const storm = md(`Gusts hit 100 mph[^1] on Sunday.\n\n${note}`);
      expect(storm.contentHtml, note).toContain('<aside><p><sup>[1]</sup> Measured at two stations.</p></aside>');
      expect(storm.contentHtml, note).toMatch(/<\/aside>\n<ul>\n<li>the Needles<\/li>/);
      expect(storm.contentText, note).toContain('the Needles');
    }
  });

  it('leaves a reference to a footnote that is not defined as the text it is', () => {
    const storm = md('Gusts hit 100 mph[^nope] on Sunday[^1].\n\n[^1]: Measured at the Needles.\n');
    expect(storm.contentHtml).toContain('100 mph[^nope] on Sunday<sup>[1]</sup>.');
    expect(storm.contentText).toBe('Gusts hit 100 mph[^nope] on Sunday.');
    // A definition after its reference, or inside another footnote, still counts.
    const later = md('See the note[^a].\n\n[^a]: As in[^b].\n\n[^b]: The source.\n');
    expect(later.contentHtml).toContain('See the note<sup>[a]</sup>.');
    expect(later.contentHtml).toContain('<aside><p><sup>[a]</sup> As in<sup>[b]</sup>.</p></aside>');
  });

  it('leaves a figure and its caption out of an HTML article\'s text, as image alt text is', () => {
    const court = only(
      'court.html',
      '<!doctype html><html lang="en"><head><title>Court convicts former mayor</title></head><body><article>' +
        '<figure><img src="https://example.org/court.jpg" alt="Hale outside court"><figcaption>The former mayor leaves the courthouse. (Photo: John Doe/AP)</figcaption></figure>' +
        '<p>A federal jury on Friday convicted former mayor Robert Hale of bribery.</p></article></body></html>',
    );
    expect(court.contentText).toBe('A federal jury on Friday convicted former mayor Robert Hale of bribery.');
    expect(court.contentHtml).toContain('<figcaption>The former mayor leaves the courthouse.');
  });
});
