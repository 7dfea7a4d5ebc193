import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { type Env, buildS3Client } from './s3-client.js';

/**
 * `loadS3Client` for callers that want the client at once (tests, benches) and load the SDK anyway.
 * Not exported from the storage index: importing it loads the SDK at module load.
 */
export function createS3Client(env: Env = process.env, overrides: S3ClientConfig = {}): S3Client {
  return buildS3Client(S3Client, env, overrides);
}
