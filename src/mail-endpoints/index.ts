export { handleLifecycleRequest, type HttpRequest, type HttpResponse } from './lifecycle-http.js';
export { createLifecycleServer } from './serve.js';
export { handleSesEvent, type SesEventDeps, type SesEventResult } from './ses-events.js';
export { readSesFeedback, type SesFeedback } from './ses-notification.js';
export { createCertificateFetcher, type FetchCertificate, isSnsCertificateUrl, SnsSignatureError, snsStringToSign, verifySnsMessage } from './sns-message.js';
