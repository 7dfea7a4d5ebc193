// The issue #13 corpus: real BBC texts reused as N Markdown articles with front matter that both Feedwright
// and Hugo read (unique titles, hourly dates, the 5 BBC categories, 40 tags). Written into a temp folder,
// never into the repository.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface BbcText {
  category: string;
  title: string;
  body: string;
}

const TAG_COUNT = 40;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Every readable BBC text (the one file with invalid UTF-8 is left out: it would be rejected, not built). */
export async function readBbcTexts(articlesDir: string): Promise<BbcText[]> {
  const texts: BbcText[] = [];
  for (const category of (await readdir(articlesDir)).sort()) {
    for (const name of (await readdir(join(articlesDir, category))).sort()) {
      let text: string;
      try {
        text = strictUtf8.decode(await readFile(join(articlesDir, category, name)));
      } catch {
        continue;
      }
      const [title = '', ...rest] = text.replace(/\r\n/g, '\n').split('\n');
      const body = rest.join('\n').trim();
      if (title.trim() && body) texts.push({ category, title: title.trim(), body });
    }
  }
  return texts;
}

// Article i is dated i hours after this, so 100,000 articles still end in the past (Feedwright rejects
// dates more than a year ahead, and Hugo leaves future posts out): both programs must publish every one.
const FIRST_DATE = Date.UTC(2014, 0, 1);

/** Article `i` of the corpus: BBC text `i mod n`, its title made unique, dated one hour after article `i - 1`. */
export function newsArticle(texts: BbcText[], i: number): string {
  const text = texts[i % texts.length] as BbcText;
  const date = new Date(FIRST_DATE + i * 3_600_000).toISOString();
  const tags = [i % TAG_COUNT, (i * 7 + 3) % TAG_COUNT, (i * 13 + 5) % TAG_COUNT].map((t) => `topic-${String(t + 1).padStart(2, '0')}`);
  const unique = [...new Set(tags)];
  return `---\ntitle: ${JSON.stringify(`${text.title} (${i + 1})`)}\ndate: ${date}\ncategories: [${text.category}]\ntags: [${unique.join(', ')}]\n---\n\n${text.body}\n`;
}

/** Writes `count` articles as `dir/story-NNNNNN.md`. */
export async function writeNewsCorpus(texts: BbcText[], dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - i) }, (_, k) => writeFile(join(dir, `story-${String(i + k).padStart(6, '0')}.md`), newsArticle(texts, i + k))),
    );
  }
}

/** Hugo 0.111 feeds-only site config (TOOLCHAIN.md): RSS for home, sections, taxonomies and terms, no pages. */
export const HUGO_FEEDS_ONLY_CONFIG = `baseURL = "https://feedwright.example/"
title = "Bench"
disableKinds = ["sitemap", "robotsTXT", "404"]
[outputs]
home = ["RSS"]
section = ["RSS"]
taxonomy = ["RSS"]
term = ["RSS"]
page = []
[services.rss]
limit = 50
`;
