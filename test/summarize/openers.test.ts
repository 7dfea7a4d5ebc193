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

  it('takes impersonal French il and expletive German es for self-contained, a referring il or es not', () => {
    const impersonal: Array<[string, string]> = [
      ['fr', 'Il est possible que le plan échoue.'],
      ['fr', 'Il est temps de voter.'],
      ['fr', 'Il est prévu que les travaux commencent en mai.'],
      ['fr', "Il n'est pas question de reculer."],
      ['fr', 'Il était une fois un village.'],
      ['fr', 'Il semble que le plan fonctionne.'],
      ['fr', 'Il reste trois jours avant le vote.'],
      ['fr', 'Il existe plusieurs options.'],
      ['fr', "Il n'y a plus de places."],
      ['fr', 'Il y aura des élections en mai.'],
      ['fr', 'Il ne faut pas céder.'],
      ['fr', 'Il manque des enseignants.'],
      ['fr', 'Il suffit de peu.'],
      ['de', 'Es geht um viel Geld.'],
      ['de', 'Es handelt sich um einen Test.'],
      ['de', 'Es kam zu Ausschreitungen.'],
      ['de', 'Es ist unklar, ob der Plan funktioniert.'],
      ['de', 'Es gab keine Verletzten.'],
      ['de', 'Es wurden 20 Menschen verletzt.'],
      ['de', 'Es wird erwartet, dass die Preise steigen.'],
      ['de', 'Es fehlen Lehrer.'],
      ['de', 'Es bleibt abzuwarten, was passiert.'],
    ];
    for (const [language, s] of impersonal) expect(dependsOnPrevious(s, 'neutral', false, language), s).toBe(false);
    const referring: Array<[string, string]> = [
      ['fr', 'Il est parti hier.'],
      ['fr', 'Il est accusé de fraude.'],
      ['fr', 'Il fait face à des critiques.'],
      ['fr', 'Elle est possible selon lui.'],
      ['fr', "Il n'a pas répondu."],
      ['fr', "Elle s'est rendue à Paris."],
      ['de', 'Es tritt am 1. Januar in Kraft.'],
      ['de', 'Es wird 2027 eröffnet.'],
      ['de', 'Er ist unklar.'],
    ];
    for (const [language, s] of referring) expect(dependsOnPrevious(s, 'neutral', false, language), s).toBe(true);
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

  it('opens a French or German summary with an impersonal il or es lead', () => {
    expect(
      summarize('Il est temps de réformer la loi électorale, a estimé mardi le gouvernement. Le projet sera présenté au Parlement en mars. Les partis ont critiqué le calendrier.', {
        lang: 'fr',
        sentences: 1,
      }),
    ).toBe('Il est temps de réformer la loi électorale, a estimé mardi le gouvernement.');
    expect(
      summarize('Es ist unklar, ob das Gesetz vor der Wahl in Kraft treten kann. Die Regierung will den Entwurf im März vorlegen. Die Opposition kritisiert den Zeitplan.', {
        lang: 'de',
        sentences: 1,
      }),
    ).toBe('Es ist unklar, ob das Gesetz vor der Wahl in Kraft treten kann.');
  });

  it('still summarizes when every sentence refers back', () => {
    const all = 'But it rained. However, it stopped. And then he left.';
    expect(summarize(all, { sentences: 1 })).not.toBe('');
  });
});
