import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadContext, SourceFile } from '../../src/articles/index.js';

const encoder = new TextEncoder();

export function source(path: string, text: string): SourceFile {
  return { path, bytes: encoder.encode(text) };
}

export function fixture(name: string, as = name): SourceFile {
  const url = new URL(`../fixtures/articles/${name}`, import.meta.url);
  return { path: as, bytes: new Uint8Array(readFileSync(fileURLToPath(url))) };
}

export function seed(name: string): SourceFile {
  const url = new URL(`../../seeds/${name}`, import.meta.url);
  return { path: name, bytes: new Uint8Array(readFileSync(fileURLToPath(url))) };
}

export const NOW = new Date('2026-05-01T12:00:00.000Z');

export function makeContext(overrides: Partial<LoadContext> = {}): LoadContext {
  return {
    siteUrl: 'https://feedwright.example/',
    language: 'en',
    maxBytes: 5 * 1024 * 1024,
    now: NOW,
    known: {},
    ...overrides,
  };
}
