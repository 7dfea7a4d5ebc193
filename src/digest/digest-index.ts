import type { Config } from '../config/config.js';
import { type RenderedObject, splitArchive } from '../feeds/index.js';
import { digestIndexKey, digestPrefix } from './digest-paths.js';
import type { IssueRecord } from './digest-state.js';
import { renderDigestIndexHtml } from './render-html.js';

/** Older issues of a digest's index: `digests/<id>/page/<n>.html`, numbered from the oldest. */
export function digestIndexPageKey(digestId: string, page: number): string {
  return `${digestPrefix(digestId)}page/${page}.html`;
}

/**
 * The digest's index pages: `index.html` lists the issues its current feed holds, older ones sit on
 * stable numbered pages (same split as the feed archives), each linking the next older and newer page.
 */
export function digestIndexObjects(config: Config, digestId: string, title: string, recordsNewestFirst: IssueRecord[]): RenderedObject[] {
  const { current, pages } = splitArchive(recordsNewestFirst, config.feed.size, config.feed.archivePageSize);
  const listing = (records: IssueRecord[]) => records.map((r) => ({ date: r.date, articleCount: r.count }));
  const objects: RenderedObject[] = [];
  for (let page = pages.length; page >= 1; page--) {
    objects.push({
      key: digestIndexPageKey(digestId, page),
      body: renderDigestIndexHtml({
        title: `${title} (page ${page})`,
        language: config.site.language,
        // Relative to `page/`, where these pages live.
        feedUrls: { rss: '../feed.xml', atom: '../atom.xml', json: '../feed.json' },
        issues: listing(pages[page - 1] ?? []),
        issueHrefPrefix: '../',
        ...(page > 1 ? { olderHref: `${page - 1}.html` } : {}),
        newerHref: page < pages.length ? `${page + 1}.html` : '../index.html',
      }),
    });
  }
  objects.push({
    key: digestIndexKey(digestId),
    body: renderDigestIndexHtml({
      title,
      language: config.site.language,
      feedUrls: { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' },
      issues: listing(current),
      ...(pages.length > 0 ? { olderHref: `page/${pages.length}.html` } : {}),
    }),
  });
  return objects;
}
