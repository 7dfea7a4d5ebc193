import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

export type Env = Record<string, string | undefined>;

const DEFAULT_REGION = 'us-east-1';

/**
 * The S3 client every adapter gets injected, built from the SDK's client class (passed in, so that this
 * module does not load the SDK: see `loadS3Client`). Credentials come from the SDK's default chain.
 *
 * The SDK already honours `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` from `process.env`; they are read
 * here from `env` as well so an explicit env (tests, `invoke`) wins, and because an S3-compatible
 * server (MinIO, s3rver, LocalStack) needs path-style addressing, which the SDK does not switch on itself.
 */
export function buildS3Client(Client: typeof S3Client, env: Env = process.env, overrides: S3ClientConfig = {}): S3Client {
  const endpoint = nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
  return new Client({
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    // Same precedence as the SDK's chain (env keys first), but from the env given; otherwise the chain decides.
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, sessionToken } } : {}),
    region: region ?? regionFromSdkChain(Client),
    // Default flexible checksums corrupt streamed bodies on some S3-compatible servers (aws-chunked framing
    // stored in the object); S3 itself only needs them where an operation requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    retryMode: 'standard',
    maxAttempts: 5,
    ...overrides,
  });
}

/** The SDK's own region chain (env, shared config file, IMDS), falling back to us-east-1 instead of throwing. */
function regionFromSdkChain(Client: typeof S3Client): () => Promise<string> {
  let probe: S3Client | undefined;
  return async () => {
    probe ??= new Client({});
    try {
      return await probe.config.region();
    } catch {
      return DEFAULT_REGION;
    }
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The client, with the SDK loaded only now: a run (or a Lambda cold start) that never touches an s3://
 * location never pays the SDK's ~130 ms module load.
 */
export async function loadS3Client(env: Env = process.env, overrides: S3ClientConfig = {}): Promise<S3Client> {
  const sdk = await import('@aws-sdk/client-s3');
  return buildS3Client(sdk.S3Client, env, overrides);
}
