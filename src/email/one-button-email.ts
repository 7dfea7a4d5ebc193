import { escapeHtml } from '../markup/index.js';
import { CONFIRMATION_STYLE as S } from './inline-styles.js';

/**
 * The HTML of a short lifecycle mail (confirm, already subscribed): paragraphs of markup the caller has
 * escaped, one button, a small print. Inline styles only: mail clients drop `<style>`.
 */
export function oneButtonEmailHtml(args: { title: string; language?: string | undefined; paragraphsHtml: string[]; button: { label: string; url: string }; smallPrint: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(args.language ?? 'en')}">
<head><meta charset="utf-8"><title>${escapeHtml(args.title)}</title></head>
<body>
<div class="wrap" style="${S.wrap}">
${args.paragraphsHtml.map((p) => `<p>${p}</p>\n`).join('')}<p><a class="button" href="${escapeHtml(args.button.url)}" style="${S.button}">${escapeHtml(args.button.label)}</a></p>
<p class="small" style="${S.small}">${escapeHtml(args.smallPrint)}</p>
</div>
</body>
</html>
`;
}
