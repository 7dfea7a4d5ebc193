/**
 * A deliberately small IAM policy evaluator for assertions on the packaged CloudFormation template: it
 * answers "would this policy allow this request?" for S3-style requests, so tests state permissions as
 * behaviour (can publish write site/feed.xml? can anyone write input/?) instead of comparing statement lists.
 *
 * It errs towards "allowed": an Allow whose condition it cannot evaluate counts as granting, and a Deny it
 * cannot evaluate counts as not denying, so a "nobody may…" assertion can only fail wrongly, never pass wrongly.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Statement: PolicyStatement | PolicyStatement[];
}

export interface Request {
  action: string;
  resource: string;
  /** Condition keys of the request, e.g. `s3:prefix`, `aws:SecureTransport`; an absent key is simply missing. */
  context?: Record<string, string>;
}

export type Decision = 'allow' | 'deny' | 'implicit-deny';

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM wildcard match: `*` any run of characters (slashes and colons included), `?` exactly one. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'si' : 's').test(value);
}

function matchesAction(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) return !asArray(statement.NotAction).some((a) => wildcardMatch(a, action, true));
  return asArray(statement.Action).some((a) => wildcardMatch(a, action, true));
}

/** Non-string resources (Fn::GetAtt, Fn::Sub, …) cannot name an S3 object here, so they never match one. */
function matchesResource(statement: PolicyStatement, resource: string): boolean {
  const strings = (value: unknown) => asArray(value).filter((r): r is string => typeof r === 'string');
  if (statement.NotResource !== undefined) return !strings(statement.NotResource).some((r) => wildcardMatch(r, resource));
  return strings(statement.Resource).some((r) => wildcardMatch(r, resource));
}

type ConditionResult = boolean | 'unknown';

function evaluateOperator(operator: string, key: string, expected: unknown, context: Record<string, string>): ConditionResult {
  const actual = context[key];
  const values = asArray(expected).map(String);
  switch (operator) {
    case 'StringEquals':
      return actual !== undefined && values.includes(actual);
    case 'StringNotEquals':
      return actual === undefined || !values.includes(actual);
    case 'StringLike':
      return actual !== undefined && values.some((v) => wildcardMatch(v, actual));
    case 'StringNotLike':
      return actual === undefined || !values.some((v) => wildcardMatch(v, actual));
    case 'Bool':
      return actual !== undefined && values.some((v) => v.toLowerCase() === actual.toLowerCase());
    default:
      return 'unknown';
  }
}

function evaluateConditions(statement: PolicyStatement, context: Record<string, string>): ConditionResult {
  let result: ConditionResult = true;
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const one = evaluateOperator(operator, key, expected, context);
      if (one === false) return false;
      if (one === 'unknown') result = 'unknown';
    }
  }
  return result;
}

/** The IAM decision for one request against the statements of one or more policies (explicit Deny wins). */
export function decide(statements: PolicyStatement[], request: Request): Decision {
  const context = request.context ?? {};
  let allowed = false;
  for (const statement of statements) {
    if (!matchesAction(statement, request.action) || !matchesResource(statement, request.resource)) continue;
    const conditions = evaluateConditions(statement, context);
    if (statement.Effect === 'Deny' && conditions === true) return 'deny';
    if (statement.Effect === 'Allow' && conditions !== false) allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

export const allows = (statements: PolicyStatement[], request: Request): boolean => decide(statements, request) === 'allow';
