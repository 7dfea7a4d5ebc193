// The SES and SMTP implementations are not exported here: createMailTransport imports them when the
// first message goes out, and a static re-export would load nodemailer or the SES client with the index.
export { createMailTransport } from './create-transport.js';
export { MailSendError, type MailTransport } from './mail-transport.js';
