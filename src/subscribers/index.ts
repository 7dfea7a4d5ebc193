export { InvalidAddressError, mailboxProblem, normalizeAddress, subscriberId } from './address.js';
export { SUBSCRIBER_STATUSES, SUPPRESSED, type Subscriber, SubscriberSchema, type SubscriberStatus } from './subscriber.js';
export { createStoreSubscriberStore, SUBSCRIBERS_PREFIX, SubscriberRecordError, type SubscriberStore, subscriberKey } from './subscriber-store.js';
export { CONFIRM_TOKEN_SECONDS, signToken, type TokenAction, type TokenClaims, TokenError, verifyToken } from './tokens.js';
