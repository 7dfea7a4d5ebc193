import type { DigestIssue } from '../digest/index.js';
import type { IssueEmailLayout } from './render-issue-email.js';

/**
 * The richest layout whose encoded message stays within `maxBytes`, in issue order: every article at least
 * as title + link with as many of the first ones in full as fit, or, when even the links do not fit, as many
 * links as fit and a count of the rest. `measure` returns the encoded size of the message a layout
 * gives (the real MIME, so quoted-printable growth is counted). Sizes grow with each article moved from link to
 * full, so the cut is found by binary search: ~log2(n) renders instead of n.
 */
export async function fitIssueEmail(
  issue: DigestIssue,
  maxBytes: number,
  measure: (layout: IssueEmailLayout) => Promise<number>,
): Promise<{ layout: IssueEmailLayout; bytes: number }> {
  const total = issue.articleCount;
  const everything = { full: total, linked: 0 };
  const bytes = await measure(everything);
  if (bytes <= maxBytes) return { layout: everything, bytes };
  const largest = async (lo: number, hi: number, layoutFor: (n: number) => IssueEmailLayout): Promise<number> => {
    // Invariant: lo fits (or is the floor), hi does not.
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await measure(layoutFor(mid))) <= maxBytes) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  // Every article at least as a link when that fits, with as many of the first ones in full as room allows;
  // otherwise as many links as fit and a count of the rest.
  const allLinked = (n: number) => ({ full: n, linked: total - n });
  const layout =
    (await measure(allLinked(0))) <= maxBytes
      ? allLinked(await largest(0, total, allLinked))
      : { full: 0, linked: await largest(0, total, (n) => ({ full: 0, linked: n })) };
  return { layout, bytes: await measure(layout) };
}
