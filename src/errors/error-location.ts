// Where typed errors say what they were working on (see StorageError, InputError, ConfigError, ...).
const LOCATION_FIELDS = ['location', 'path', 'source', 'bucket', 'key', 'digestId', 'field'] as const;

/**
 * The fields of an error that name the offending path, key or field, for a log line or a `--json`
 * failure: only those the error carries.
 */
export function errorLocation(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of LOCATION_FIELDS) {
    const value = (error as Error & Partial<Record<(typeof LOCATION_FIELDS)[number], unknown>>)[field];
    if (value !== undefined && typeof value !== 'function') fields[field] = value;
  }
  return fields;
}
