import { describe, expect, it } from 'vitest';
import { dependsOnPrevious } from '../../src/summarize/openers.js';
import { splitSentences, summarize } from '../../src/summarize/index.js';

describe('dependsOnPrevious', () => {
  it('flags leading connectives and unresolved pronouns in English', () => {
    for (const s of ['But the plan failed.', 'However, the plan failed.', 'And then it rained.', 'He said it was over.', '"They were wrong," she said.', 'It said profits fell.', 'This means higher bills.']) {
      expect(dependsOnPrevious(s, 'english'), s).toBe(true);
    }
  });

  it('accepts self-contained openers', () => {
    for (const s of ['The plan failed.', 'Butter prices rose.', 'Heathrow closed a runway.', 'This year the plan failed.', 'There were 40 arrests.', 'Italy won.']) {
      expect(dependsOnPrevious(s, 'english'), s).toBe(false);
    }
  });

  it('lets an article open with a demonstrative, but not with a pronoun or connective', () => {
    expect(dependsOnPrevious('This is the moment the bridge fell.', 'english', true)).toBe(false);
    expect(dependsOnPrevious('This is the moment the bridge fell.', 'english', false)).toBe(true);
    expect(dependsOnPrevious("He's been accused of fraud.", 'english', true)).toBe(true);
    expect(dependsOnPrevious('But the plan failed.', 'english', true)).toBe(true);
  });

  it('knows no word list outside English', () => {
    expect(dependsOnPrevious('But the plan failed.', 'neutral')).toBe(false);
  });

  it('flags the common French, German and Spanish openers that refer back, keyed on the language', () => {
    const refersBack: Array<[string, string]> = [
      ['fr', 'Mais le plan a des critiques.'],
      ['fr', 'Cependant, le maire a refusé.'],
      ['fr', 'Il a dit que le projet était prêt.'],
      ['fr', 'Elle a dit non.'],
      ['de', 'Aber der Plan hat Kritiker.'],
      ['de', 'Doch die Stadt lehnte ab.'],
      ['de', 'Er sagte, der Plan sei fertig.'],
      ['es', 'Pero el plan tiene críticos.'],
      ['es', 'Sin embargo, el alcalde se negó.'],
      ['es', 'Él dijo que el plan estaba listo.'],
    ];
    for (const [language, s] of refersBack) expect(dependsOnPrevious(s, 'neutral', false, language), s).toBe(true);
    const selfContained: Array<[string, string]> = [
      ['fr', 'Le conseil a approuvé le plan.'],
      ['fr', 'Il y a trois candidats.'],
      ['fr', 'Maison Blanche : le président parle.'],
      ['de', 'Das Gesetz tritt 2027 in Kraft.'],
      ['de', 'Es gibt drei Kandidaten.'],
      ['de', 'Erdbeben in Italien fordert Opfer.'],
      ['es', 'El concejo aprobó el plan.'],
      ['es', 'Peru gana la Copa.'],
    ];
    for (const [language, s] of selfContained) expect(dependsOnPrevious(s, 'neutral', false, language), s).toBe(false);
  });
});

describe('summary openings', () => {
  const article = [
    'However, the mayor said the new tram line would be finished by the end of the year.',
    'The tram line links the station to the hospital and the university campus in the city.',
    'He said the tram line would carry ten thousand passengers a day once it opened.',
    'City officials expect the tram line to cut car traffic near the hospital and campus.',
  ].join(' ');

  it('does not open with a sentence that refers back when a self-contained one exists', () => {
    for (const budget of [{ sentences: 1 }, { sentences: 2 }, { sentences: 3 }, { words: 20 }, { words: 40 }, {}]) {
      const first = splitSentences(summarize(article, budget))[0] ?? '';
      expect(dependsOnPrevious(first, 'english'), JSON.stringify(budget)).toBe(false);
    }
  });

  it('does not open a French, German or Spanish summary with a sentence that refers back', () => {
    expect(summarize('Mais le plan a des critiques. Le conseil municipal a approuvé mardi un plan de transport de 2 milliards. Les travaux commenceront en 2027.', { lang: 'fr' })).toBe(
      'Le conseil municipal a approuvé mardi un plan de transport de 2 milliards. Les travaux commenceront en 2027.',
    );
    expect(summarize('Aber der Plan hat Kritiker. Der Stadtrat hat am Dienstag einen Verkehrsplan über zwei Milliarden beschlossen. Der Bau beginnt 2027.', { lang: 'de' })).toBe(
      'Der Stadtrat hat am Dienstag einen Verkehrsplan über zwei Milliarden beschlossen. Der Bau beginnt 2027.',
    );
    expect(summarize('Pero el plan tiene críticos. El concejo aprobó el martes un plan de transporte de 2.000 millones. Las obras empiezan en 2027.', { lang: 'es-MX' })).toBe(
      'El concejo aprobó el martes un plan de transporte de 2.000 millones. Las obras empiezan en 2027.',
    );
  });

  it('still summarizes when every sentence refers back', () => {
    const all = 'But it rained. However, it stopped. And then he left.';
    expect(summarize(all, { sentences: 1 })).not.toBe('');
  });
});
