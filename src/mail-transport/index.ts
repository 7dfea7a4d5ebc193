export { createMailTransport } from './create-transport.js';
export { MailSendError, type MailTransport } from './mail-transport.js';
export { createSesClient, createSesTransport, type SesTransportOptions } from './ses-transport.js';
export { createSmtpTransport } from './smtp-transport.js';
