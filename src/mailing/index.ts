export { checkToken, CONFIRMATION_INTERVAL_MS, confirmSubscription, type LifecycleDeps, requestSubscription, suppressAddress, unsubscribe } from './lifecycle.js';
export { issueMessage } from './issue-message.js';
export { confirmUrl, ENDPOINT_PATHS, unsubscribeUrl } from './links.js';
export { MailNotConfiguredError, type MailSettings, resolveMailSettings } from './mail-settings.js';
export { type AddResult, addSubscribers, type InvalidEntry, InvalidAddressesError, NotSubscribedError, type OperatorDeps, removeSubscribers, type Vouched } from './operator.js';
export { CsvError, parseSubscriberCsv } from './parse-csv.js';
export { type SendRecord, sendRecordKey, sendRecordPrefix } from './send-record.js';
export { clearSendQueued, markSendQueued, queuedSendDates } from './send-queue.js';
export { IssueNotFoundError, latestIssueDate, type MailDeps, planIssueLayout, readPublishedIssue, sendDigestIssue, type SendOptions, type SendReport } from './send-digest-issue.js';
