import { escapeHtml } from '../markup/index.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// Tokens ride in URLs: no referrer may carry them elsewhere, no cache or crawler may keep the pages.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

const STYLE =
  'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:560px;margin:48px auto;padding:0 16px';
const BUTTON = 'font-size:16px;padding:10px 18px;border:0;border-radius:4px;background:#0b57d0;color:#ffffff;cursor:pointer';

/** A small page; `body` is HTML built by the functions below from escaped parts only. */
function page(status: number, title: string, body: string): HttpResponse {
  return {
    status,
    headers: PAGE_HEADERS,
    body: `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body><main style="${STYLE}">
<h1 style="font-size:22px">${escapeHtml(title)}</h1>
${body}
</main></body>
</html>
`,
  };
}

export function messagePage(status: number, title: string, text: string): HttpResponse {
  return page(status, title, `<p>${escapeHtml(text)}</p>`);
}

/** A one-button page whose form POSTs `fields` to `action` (a relative URL). */
export function buttonPage(args: { title: string; text: string; action: string; button: string; fields: Record<string, string> }): HttpResponse {
  const hidden = Object.entries(args.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    200,
    args.title,
    `<p>${escapeHtml(args.text)}</p>
<form method="post" action="${escapeHtml(args.action)}">${hidden}<button type="submit" style="${BUTTON}">${escapeHtml(args.button)}</button></form>`,
  );
}

export function subscribeFormPage(args: { digests: { id: string; title: string }[]; action: string }): HttpResponse {
  const options = args.digests.map((d) => `<option value="${escapeHtml(d.id)}">${escapeHtml(d.title)}</option>`).join('');
  return page(
    200,
    'Subscribe by e-mail',
    `<form method="post" action="${escapeHtml(args.action)}">
<p><label>Digest <select name="digest">${options}</select></label></p>
<p><label>E-mail address <input type="email" name="email" required autocomplete="email"></label></p>
<p><button type="submit" style="${BUTTON}">Subscribe</button></p>
</form>`,
  );
}
