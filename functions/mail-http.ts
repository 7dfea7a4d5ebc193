import * as z from 'zod';
import { handleLifecycleRequest } from '../src/mail-endpoints/index.js';
import { coldStartMailDeps, type MailFunctionDeps } from './mail-deps.js';
import { failureFields } from './log.js';

/** The parts of a Lambda function URL event (payload format 2.0) the endpoints read. */
const FunctionUrlEventSchema = z.looseObject({
  rawPath: z.string(),
  rawQueryString: z.string().default(''),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.looseObject({ domainName: z.string(), http: z.looseObject({ method: z.string() }) }),
});

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * subscribe / confirm / unsubscribe behind a Lambda function URL. Links in mails point at
 * `FEEDWRIGHT_EMAIL_BASE_URL` (or config email.baseUrl), else at this URL's own host.
 */
export function createMailHttpHandler(getDeps: () => MailFunctionDeps): (event: unknown) => Promise<FunctionUrlResult> {
  return async (event) => {
    const parsed = FunctionUrlEventSchema.safeParse(event);
    if (!parsed.success) return { statusCode: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Bad request\n' };
    const request = parsed.data;
    const deps = getDeps();
    const endpointsUrl = deps.mail.endpointsUrl ?? deps.config.email?.baseUrl ?? `https://${request.requestContext.domainName}/`;
    try {
      const response = await handleLifecycleRequest(
        { ...deps, mail: { ...deps.mail, endpointsUrl } },
        {
          method: request.requestContext.http.method,
          path: request.rawPath,
          query: new URLSearchParams(request.rawQueryString),
          headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
          body: request.body === undefined ? '' : request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body,
        },
      );
      return { statusCode: response.status, headers: response.headers, body: response.body };
    } catch (error) {
      // Logged without the request: its body may hold an address.
      deps.log.error('mail endpoint failed', { path: request.rawPath, error: failureFields(error) });
      return { statusCode: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Something went wrong; please try again later.\n' };
    }
  };
}

export const handler = createMailHttpHandler(coldStartMailDeps);
