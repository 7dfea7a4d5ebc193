import { describe, expect, it } from 'vitest';
import { loadArticles, type Article } from '../../src/articles/index.js';
import { summarize } from '../../src/summarize/index.js';
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
      'Here is the list: first step is easy; second step is harder; third step is the hardest',
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
});
