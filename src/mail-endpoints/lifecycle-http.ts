import { digestChannelTitle, DigestNotFoundError } from '../digest/index.js';
import { checkToken, type LifecycleDeps, confirmSubscription, requestSubscription, unsubscribe } from '../mailing/lifecycle.js';
import { InvalidAddressError, type SubscriberStatus, TokenError } from '../subscribers/index.js';
import { buttonPage, type HttpResponse, messagePage, subscribeFormPage } from './pages.js';

/** A request as any front end sees it: a Lambda function URL, API Gateway, or node:http locally. */
export interface HttpRequest {
  method: string;
  /** The path after the endpoints' base, e.g. `unsubscribe`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: string;
}

export type { HttpResponse };

const MAX_BODY = 16 * 1024;

function formOf(request: HttpRequest): URLSearchParams {
  const type = request.headers['content-type'] ?? '';
  if (request.body.length > MAX_BODY) return new URLSearchParams();
  if (type.includes('application/json')) {
    try {
      const value: unknown = JSON.parse(request.body);
      if (typeof value !== 'object' || value === null) return new URLSearchParams();
      return new URLSearchParams(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return new URLSearchParams();
    }
  }
  // RFC 8058 one-click POSTs are form-encoded (or multipart, whose `List-Unsubscribe=One-Click` we do not need to read).
  return new URLSearchParams(request.body);
}

function tokenOf(request: HttpRequest, form: URLSearchParams): string {
  return form.get('token') ?? request.query.get('token') ?? '';
}

const INVALID_LINK = () => messagePage(400, 'This link does not work', 'The link is not valid or has expired. If you still want to subscribe, please sign up again.');

/** What the confirm button answers, by the status the subscriber has after it: never "subscribed" when no mail will come. */
function confirmedPage(status: SubscriberStatus): HttpResponse {
  switch (status) {
    case 'pending':
    case 'confirmed':
      return messagePage(200, 'Subscribed', 'Thank you: the next issue will arrive by e-mail. Every issue has a link to unsubscribe.');
    case 'unsubscribed':
      // The link was mailed before the unsubscribe; honouring it would undo the later, clearer choice.
      return messagePage(
        409,
        'This link no longer works',
        'You unsubscribed after this link was sent, so it does not subscribe you again and no issues will be sent. To receive them again, please sign up again.',
      );
    case 'bounced':
    case 'complained':
      return messagePage(
        409,
        'Not subscribed',
        'Mail to this address was refused before (it bounced or was reported as spam), so no issues are sent to it. Please contact the publisher if that was a mistake.',
      );
  }
}

/**
 * The subscribe / confirm / unsubscribe endpoints. Confirming and unsubscribing change state only on POST:
 * mail scanners and link previews follow GET links. The subscribe answer is the same for every address.
 */
export async function handleLifecycleRequest(deps: LifecycleDeps, request: HttpRequest): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  const path = request.path.replace(/^\/+|\/+$/g, '');
  const form = method === 'POST' ? formOf(request) : new URLSearchParams();
  try {
    switch (`${method} ${path}`) {
      case 'GET subscribe':
      case 'GET ':
        return subscribeFormPage({
          digests: deps.config.digests.map((d) => ({ id: d.id, title: digestChannelTitle(deps.config, d) })),
          action: 'subscribe',
        });
      case 'POST subscribe': {
        const digestId = form.get('digest') ?? request.query.get('digest') ?? '';
        await requestSubscription(deps, { digestId, address: form.get('email') ?? '', source: 'double-opt-in (subscribe form)' });
        return messagePage(200, 'Check your inbox', 'If this address can receive mail, a message with a confirmation link is on its way. Nothing is sent until you confirm.');
      }
      case 'GET confirm':
        // Checked now so a bad link says so at once; nothing changes until the button is pressed.
        checkToken(deps, tokenOf(request, form), 'confirm');
        return buttonPage({
          title: 'Confirm your subscription',
          text: 'Press the button to start receiving this digest by e-mail.',
          action: 'confirm',
          button: 'Confirm subscription',
          fields: { token: tokenOf(request, form) },
        });
      case 'POST confirm':
        return confirmedPage((await confirmSubscription(deps, tokenOf(request, form))).status);
      case 'GET unsubscribe':
        return buttonPage({
          title: 'Unsubscribe',
          text: 'Press the button to stop receiving this digest by e-mail.',
          action: `unsubscribe?token=${encodeURIComponent(tokenOf(request, form))}`,
          button: 'Unsubscribe',
          fields: {},
        });
      case 'POST unsubscribe':
        await unsubscribe(deps, tokenOf(request, form));
        return messagePage(200, 'Unsubscribed', 'You will not receive this digest by e-mail any more.');
      default:
        return messagePage(method === 'GET' || method === 'POST' ? 404 : 405, 'Not found', 'There is nothing here.');
    }
  } catch (error) {
    if (error instanceof TokenError) return INVALID_LINK();
    if (error instanceof InvalidAddressError) return messagePage(400, 'Not an e-mail address', 'Please check the address and try again.');
    if (error instanceof DigestNotFoundError) return messagePage(404, 'No such digest', 'There is no digest by that name.');
    throw error;
  }
}
