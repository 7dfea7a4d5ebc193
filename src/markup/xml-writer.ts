import { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';

/**
 * A small XML tree that can only be serialized well-formed: names are fixed by our code (checked), every
 * attribute value and text node is escaped where it lands, and no CDATA is ever written (so no `]]>`
 * splitting is needed). Absent (`undefined`) attributes and children are left out, never written as text.
 */
export interface XmlElement {
  name: string;
  attributes: [string, string][];
  children: XmlChild[];
}
export type XmlChild = XmlElement | string | XmlFragment;

const FRAGMENT = Symbol('xml-fragment');

/**
 * An element already serialized by this writer at a given indentation, to be spliced into documents.
 * Only `xmlFragment` makes one (the symbol is private to this module), so a fragment is exactly as
 * well-formed and escaped as the element it was made from: no outside text can enter this way.
 */
export interface XmlFragment {
  readonly [FRAGMENT]: true;
  readonly indent: string;
  readonly text: string;
}

/**
 * Serializes `element` once, as it appears at `indent` among other elements; documents reuse the text.
 * Using it at another depth, or inside an element with text, is a programming error (the element itself
 * is not kept, so that cached fragments stay small).
 */
export function xmlFragment(element: XmlElement, indent: string): XmlFragment {
  const out: string[] = [];
  serialize(element, indent, out);
  return Object.freeze({ [FRAGMENT]: true as const, indent, text: out.join('\n') });
}

function isFragment(child: XmlChild): child is XmlFragment {
  return typeof child === 'object' && FRAGMENT in child;
}

const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

/** Builds an element; attributes keep the given order (stable bytes), `undefined` ones are dropped. */
export function xmlElement(name: string, attributes: Record<string, string | undefined> = {}, children: (XmlChild | undefined)[] = []): XmlElement {
  if (!XML_NAME.test(name)) throw new TypeError(`not an XML name: ${name}`);
  const kept: [string, string][] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (!XML_NAME.test(key)) throw new TypeError(`not an XML attribute name: ${key}`);
    if (value !== undefined) kept.push([key, value]);
  }
  return { name, attributes: kept, children: children.filter((c): c is XmlChild => c !== undefined) };
}

/** An element holding only text: `<name>text</name>`. */
export function xmlTextElement(name: string, text: string, attributes: Record<string, string | undefined> = {}): XmlElement {
  return xmlElement(name, attributes, [text]);
}

function serialize(node: XmlElement, indent: string, out: string[]): void {
  const attributes = node.attributes.map(([key, value]) => ` ${key}="${escapeXmlAttribute(value)}"`).join('');
  if (node.children.length === 0) {
    out.push(`${indent}<${node.name}${attributes}/>`);
    return;
  }
  // Elements with text are written on one line: indentation inside them would become part of the text.
  if (node.children.some((c) => typeof c === 'string')) {
    const inner = node.children
      .map((c) => {
        if (typeof c === 'string') return escapeXmlText(c);
        if (isFragment(c)) throw new TypeError(`an XML fragment cannot sit inside <${node.name}>, which holds text`);
        return inline(c);
      })
      .join('');
    out.push(`${indent}<${node.name}${attributes}>${inner}</${node.name}>`);
    return;
  }
  out.push(`${indent}<${node.name}${attributes}>`);
  const inner = `${indent}  `;
  for (const child of node.children as (XmlElement | XmlFragment)[]) {
    if (!isFragment(child)) serialize(child, inner, out);
    else if (child.indent === inner) out.push(child.text);
    else throw new TypeError(`an XML fragment made for indentation ${JSON.stringify(child.indent)} was placed at ${JSON.stringify(inner)}`);
  }
  out.push(`${indent}</${node.name}>`);
}

function inline(node: XmlElement): string {
  const out: string[] = [];
  serialize(node, '', out);
  return out.join('');
}

/**
 * The whole document: UTF-8 declaration, an optional `xml-stylesheet` instruction (XSLT at `stylesheet`),
 * two-space indentation, a final newline.
 */
export function renderXmlDocument(root: XmlElement, options: { stylesheet?: string } = {}): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  if (options.stylesheet !== undefined) {
    // A processing instruction ends at the first `?>`: escaping `>` like an attribute value rules that out.
    out.push(`<?xml-stylesheet type="text/xsl" href="${escapeXmlAttribute(options.stylesheet)}"?>`);
  }
  serialize(root, '', out);
  return `${out.join('\n')}\n`;
}
