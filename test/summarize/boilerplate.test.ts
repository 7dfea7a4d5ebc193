import { describe, expect, it } from 'vitest';
import { isFurniture, stripLeadingBoilerplate } from '../../src/summarize/boilerplate.js';
import { lead, summarize } from '../../src/summarize/index.js';

describe('stripLeadingBoilerplate', () => {
  it('removes a byline with published and updated stamps', () => {
    const text =
      'By . Jane Example . PUBLISHED: . 09:12 EST, 3 March 2014 . | . UPDATED: . 11:40 EST, 3 March 2014 . A new bridge opened in the town.';
    expect(stripLeadingBoilerplate(text)).toBe('A new bridge opened in the town.');
  });

  it('removes a bare byline and a "Last updated" stamp', () => {
    expect(stripLeadingBoilerplate('By . Sam Writer . The river flooded twice.')).toBe('The river flooded twice.');
    expect(stripLeadingBoilerplate('Last updated at 4:05 PM on 2nd May 2012 . Rain fell all day.')).toBe('Rain fell all day.');
  });

  it('removes datelines with an agency in brackets or a spaced dash', () => {
    expect(stripLeadingBoilerplate('(CNN) -- The vote was close.')).toBe('The vote was close.');
    expect(stripLeadingBoilerplate('(CNN)The vote was close.')).toBe('The vote was close.');
    expect(stripLeadingBoilerplate('LONDON, England (Reuters) -- Prices rose.')).toBe('Prices rose.');
    expect(stripLeadingBoilerplate('Canberra, Australia (CNN) -- Prices rose.')).toBe('Prices rose.');
    expect(stripLeadingBoilerplate('PARIS (AFP) — Prices rose.')).toBe('Prices rose.');
    // A paper's own dateline, no agency (The New York Times style).
    expect(stripLeadingBoilerplate('PARIS — Prices rose.')).toBe('Prices rose.');
    expect(stripLeadingBoilerplate('WASHINGTON — The Senate voted on Friday.')).toBe('The Senate voted on Friday.');
  });

  it('removes datelines with three place names or a date before the agency', () => {
    for (const dateline of ['LONDON, March 3 (Reuters) - ', 'PARIS, Jan. 5, 2026 (AFP) - ', 'Berlin, 5. Januar (dpa) – ', 'Chao Hu, Anhui, China (CNN)']) {
      expect(stripLeadingBoilerplate(`${dateline}Prices rose.`), dateline).toBe('Prices rose.');
    }
    // A date in the first sentence itself is not a dateline.
    expect(stripLeadingBoilerplate('On March 3, 2026 (AP poll) prices rose.')).toBe('On March 3, 2026 (AP poll) prices rose.');
  });

  it('removes datelines of several cities, without an agency, with other languages\' months and scripts', () => {
    for (const [text, rest] of [
      ['LONDON/PARIS, March 3 (Reuters) - Tech stocks slid on Friday.', 'Tech stocks slid on Friday.'],
      ['SAN FRANCISCO/NEW YORK, Jan 5 (Reuters) - Tech stocks slid on Friday.', 'Tech stocks slid on Friday.'],
      ['LONDON/PARIS (Reuters) — Stocks fell.', 'Stocks fell.'],
      ['LONDON/PARIS — Stocks fell.', 'Stocks fell.'],
      ['MOSCOW, March 3 — Russia held its key rate.', 'Russia held its key rate.'],
      ['PARIS, 1er mars (AFP) - Le gouvernement a présenté une réforme.', 'Le gouvernement a présenté une réforme.'],
      ['MADRID, 4 mar (EFE) - El Gobierno aprobó el presupuesto.', 'El Gobierno aprobó el presupuesto.'],
      ['MADRID, 4 de marzo de 2026 - El Gobierno aprobó el presupuesto.', 'El Gobierno aprobó el presupuesto.'],
      ['МОСКВА, 3 марта (Reuters) - Банк России сохранил ставку.', 'Банк России сохранил ставку.'],
      ['МОСКВА, 3 марта (РИА Новости) - Банк России сохранил ставку.', 'Банк России сохранил ставку.'],
      ['دبي (رويترز) - ارتفعت أسعار النفط.', 'ارتفعت أسعار النفط.'],
    ]) {
      expect(stripLeadingBoilerplate(text as string), text).toBe(rest);
    }
  });

  it('needs a place in capitals and a month name for a dateline without an agency', () => {
    for (const text of [
      'Paris, March 3 — the city woke to snow.',
      'NASA said on March 3 - the launch was delayed.',
      'The U.S., March 3 - a date to remember.',
      'US/UK talks, March 3 - agreed in principle.',
      'AC/DC, May 5 was the date of the show.',
      'MAY 3 - the date of the vote.',
      'NATO, 3 members — or more — objected.',
    ]) {
      expect(stripLeadingBoilerplate(text)).toBe(text);
    }
  });

  it("keeps an organisation's acronym before a dash: it is the subject, not a place", () => {
    for (const text of [
      'NATO — The alliance said it would send more ships.',
      'UN — The body voted on Friday.',
      'EU – Ministers met in Brussels.',
      'NASA -- The agency delayed the launch.',
      'WHO — The agency warned of a new strain.',
    ]) {
      expect(stripLeadingBoilerplate(text), text).toBe(text);
    }
    expect(summarize('NATO — The alliance said on Tuesday it would send more ships to the Baltic Sea.')).toBe(
      'NATO — The alliance said on Tuesday it would send more ships to the Baltic Sea.',
    );
  });

  it('leaves ordinary openings alone', () => {
    for (const text of ['By the end of May the plan was dead.', 'Paris is calm. Prices rose.', 'The CNN poll (CNN) found a gap.']) {
      expect(stripLeadingBoilerplate(text)).toBe(text);
    }
  });
});

describe('isFurniture', () => {
  it('flags share prompts and credits but not news', () => {
    expect(isFurniture('Follow us on Twitter for updates.')).toBe(true);
    expect(isFurniture('Photo credit: Jo Snap/Getty Images')).toBe(true);
    expect(isFurniture('Scroll down for video.')).toBe(true);
    expect(isFurniture('The firm will follow the rules on pay.')).toBe(false);
    expect(isFurniture('Police said the photo was taken in May.')).toBe(false);
  });

  it('keeps story sentences that merely start like a notice or a prompt', () => {
    for (const sentence of [
      'Copyright lawyers said the ruling would be appealed.',
      'Copyright Office officials said the rule would change.',
      'Copyright law is complex.',
      'Read more than 200 pages of the report and the pattern is plain.',
      'Related articles in the journal showed the same effect.',
      'Share this moment with your family, the mayor told the crowd.',
      'All rights reserved to the states were left untouched by the ruling.',
    ]) {
      expect(isFurniture(sentence), sentence).toBe(false);
    }
  });

  it('still drops copyright notices, read-more, related and share prompts', () => {
    for (const sentence of [
      'Copyright 2024 Reuters.',
      'Copyright © 2015 Rolling Stone.',
      'Copyright (c) 2011 Wired.com.',
      'Copyright: Jane Doe',
      'Copyright The Associated Press.',
      'Copyright Reuters 2024',
      '©2015 The Hollywood Reporter.',
      'All rights reserved.',
      'Read more: U.N. inspectors heading to Syria .',
      'READ MORE: 5 key issues for next Israeli leader .',
      'Read more',
      'Read more »',
      'Read more from WIRED: .',
      'Read more of her work at www.example.com.',
      'Read more about how to solve the pirate problem here.',
      "Read more 'Dancing With the Stars' news .",
      'Related articles',
      'Related stories:',
      'Related coverage: Storm hits coast',
      'Share this article',
      'Share this story on Facebook',
      'Share this:',
      'Share this',
    ]) {
      expect(isFurniture(sentence), sentence).toBe(true);
    }
  });
});

describe('photo credits', () => {
  it('flags a "Photo by" credit line', () => {
    for (const credit of [
      'Photo by Jane Smith.',
      'Photo by Jane Smith/Reuters',
      'Photo by Jane Smith / Reuters.',
      'Photos by Jane Smith and John Roe for The New York Times.',
      'Photograph by Jane Smith, Getty Images',
      '(Photo by Jane Smith/AFP via Getty Images)',
      'PHOTO BY JANE SMITH',
      'Picture courtesy of NASA.',
      'Image by Ann Lee/EPA-EFE.',
    ]) {
      expect(isFurniture(credit), credit).toBe(true);
    }
  });

  it('keeps sentences about a photo by someone', () => {
    for (const sentence of [
      'Photo by photo, the exhibition traces the war.',
      'Photos by Jane Smith were shown at the trial on Monday.',
      'Picture by picture, the archive was rebuilt.',
    ]) {
      expect(isFurniture(sentence), sentence).toBe(false);
    }
  });

  it('never picks the credit as a summary sentence', () => {
    const text = [
      'Floodwater reached the town hall on Monday as the river burst its banks.',
      'Photo by Jane Smith.',
      'The council opened a shelter in the school.',
    ].join('\n');
    expect(summarize(text, { sentences: 3 })).toBe(
      'Floodwater reached the town hall on Monday as the river burst its banks. The council opened a shelter in the school.',
    );
  });
});

describe('summaries without boilerplate', () => {
  it('never carries the byline, stamps, dateline or a follow prompt', () => {
    const text = [
      'By . Jane Example . PUBLISHED: . 09:12 EST, 3 March 2014 . | . UPDATED: . 11:40 EST, 3 March 2014 .',
      'A new bridge over the river opened in the town on Monday after three years of work.',
      'Follow us on Twitter for the latest news.',
      'The bridge cost the town council twelve million pounds and carries two lanes of traffic.',
    ].join(' ');
    for (const summary of [summarize(text), summarize(text, { sentences: 3 }), lead(text, { sentences: 3 })]) {
      expect(summary.startsWith('A new bridge')).toBe(true);
      expect(summary).not.toMatch(/PUBLISHED|UPDATED|By \.|Follow us/);
    }
  });

  it('keeps a lead that starts like a notice and drops the notice itself', () => {
    const text = [
      'Copyright lawyers said the ruling would reshape the music business for a decade.',
      'The court sided with the label on Tuesday after a two-year fight over sampling.',
      'Copyright 2024 Reuters.',
    ].join('\n');
    const summary = summarize(text, { sentences: 3 });
    expect(summary.startsWith('Copyright lawyers said')).toBe(true);
    expect(summary).not.toContain('Copyright 2024');
  });
});
