export { composeMime, mailOptions } from './compose-mime.js';
export type { EmailHeader, EmailMessage } from './email-message.js';
export { fitIssueEmail } from './fit-budget.js';
export { listHeaders } from './list-headers.js';
export { renderAlreadySubscribedEmail } from './render-already-subscribed-email.js';
export { renderConfirmationEmail } from './render-confirmation-email.js';
export { type IssueEmailLayout, omittedCount, type Personalization, type RenderedEmail, renderIssueEmail, subjectOf } from './render-issue-email.js';
