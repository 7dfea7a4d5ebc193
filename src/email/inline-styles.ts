// Every element carries its own style attribute: Gmail and Outlook drop <style> blocks. Written here at
// template time instead of inlining a stylesheet when sending, which needed juice (cheerio, parse5,
// iconv-lite: 1.9 MB of the mail handlers' bundles).

const FONT = "font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b;";

/** The digest issue's look, one entry per kind of element. */
export const ISSUE_STYLE = {
  body: 'margin: 0; padding: 0; background: #ffffff;',
  wrap: `${FONT} max-width: 640px; margin: 0 auto; padding: 16px;`,
  h1: 'font-size: 24px; line-height: 1.25; margin: 0 0 8px;',
  h2: 'font-size: 18px; margin: 24px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #dddddd;',
  h3: 'font-size: 17px; line-height: 1.3; margin: 0 0 4px;',
  link: 'color: #0b57d0; text-decoration: none;',
  lead: 'color: #555555; font-size: 14px; margin: 0 0 24px;',
  article: 'margin: 0 0 20px;',
  meta: 'color: #666666; font-size: 13px; margin: 0 0 4px;',
  summary: 'margin: 0;',
  more: 'padding-left: 20px; margin: 0 0 12px;',
  moreItem: 'margin: 0 0 4px;',
  footer: 'color: #777777; font-size: 13px; margin: 32px 0 0; border-top: 1px solid #dddddd; padding-top: 8px;',
  footerLink: 'color: #555555; text-decoration: underline;',
} as const;

/** The double opt-in mail's look. */
export const CONFIRMATION_STYLE = {
  wrap: `${FONT} max-width: 560px; margin: 0 auto; padding: 16px;`,
  button: 'display: inline-block; background: #0b57d0; color: #ffffff; padding: 10px 18px; border-radius: 4px; text-decoration: none;',
  small: 'color: #666666; font-size: 13px;',
} as const;
