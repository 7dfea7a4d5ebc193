import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, escapeXmlText, renderXmlDocument, xmlElement, xmlFragment, xmlTextElement } from '../../src/markup/index.js';
import { xmllint } from '../support/feed-parsers.js';
import { consumerAvailable, missingConsumersAllowed } from '../support/consumers.js';

describe('escapeXmlText / escapeXmlAttribute', () => {
  it('escapes markup, keeps ]]> unbreakable and drops what XML cannot carry', () => {
    expect(escapeXmlText('a < b & c ]]> d\u0001\uFFFE')).toBe('a &lt; b &amp; c ]]&gt; d');
    expect(escapeXmlText('cr\r\nlf')).toBe('cr&#13;\nlf');
  });

  it('escapes quotes, < and whitespace a parser would normalize in attributes', () => {
    expect(escapeXmlAttribute(`List<T> "q" 'a'\t\n\r&`)).toBe(`List&lt;T&gt; &quot;q&quot; 'a'&#9;&#10;&#13;&amp;`);
  });
});

describe('renderXmlDocument', () => {
  const doc = renderXmlDocument(
    xmlElement('root', { a: 'x"<y>', skipped: undefined }, [xmlTextElement('t', '  spaced <text>  '), xmlElement('empty'), undefined, xmlElement('wrap', {}, [xmlTextElement('inner', 'i')])]),
  );

  it('writes a declaration, leaves out undefined attributes and children, and indents only element-only content', () => {
    expect(doc).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<root a="x&quot;&lt;y&gt;">\n  <t>  spaced &lt;text&gt;  </t>\n  <empty/>\n  <wrap>\n    <inner>i</inner>\n  </wrap>\n</root>\n',
    );
  });

  it('round-trips text and attributes exactly through an independent parser', () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', trimValues: false, processEntities: true }).parse(doc) as { root: { '@a': string; t: string } };
    expect(parsed.root['@a']).toBe('x"<y>');
    expect(parsed.root.t).toBe('  spaced <text>  ');
  });

  it.skipIf(!consumerAvailable('xmllint') && missingConsumersAllowed())('is well-formed for libxml2', () => {
    expect(xmllint(doc)).toBeNull();
  });

  it('refuses names that are not XML names (they come from our code, never from input)', () => {
    expect(() => xmlElement('bad name')).toThrow(TypeError);
    expect(() => xmlElement('ok', { 'x"y': 'v' })).toThrow(TypeError);
  });
});

describe('xmlFragment', () => {
  const item = () => xmlElement('item', { id: 'a"<' }, [xmlTextElement('title', 'A & <B>\nline two'), xmlElement('empty')]);

  it('splices into a document exactly as the element itself would serialize', () => {
    const direct = renderXmlDocument(xmlElement('rss', {}, [xmlElement('channel', {}, [item(), item()])]));
    const fragment = xmlFragment(item(), '    ');
    const spliced = renderXmlDocument(xmlElement('rss', {}, [xmlElement('channel', {}, [fragment, fragment])]));
    expect(spliced).toBe(direct);
  });

  it('refuses another depth or a place inside text, instead of writing misindented or raw markup', () => {
    const fragment = xmlFragment(item(), '  ');
    expect(() => renderXmlDocument(xmlElement('rss', {}, [xmlElement('channel', {}, [fragment])]))).toThrow(TypeError);
    expect(() => renderXmlDocument(xmlElement('p', {}, ['text', fragment]))).toThrow(TypeError);
  });
});
