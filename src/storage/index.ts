export { objectMetaFor, STATE_OBJECT_META, STATE_PREFIX, type ObjectMetaOptions } from './content-type.js';
export { createLocalStore, type LocalStoreOptions } from './local-store.js';
export { assertSeparateLocations, createStore, defaultStateLocation, parseLocation, type CreateStoreOptions, type Location } from './location.js';
export { resolveSiteLocations, type ConfiguredLocations, type LocationChoices, type SiteLocations } from './site-locations.js';
export { createMemoryStore, type MemoryStore } from './memory-store.js';
export { invalidKeyReason, validateKey, validatePrefix } from './object-key.js';
export { loadS3Client, type Env } from './s3-client.js';
export { createS3Store, type S3ClientRef, type S3StoreOptions } from './s3-store.js';
export { InputLocationError, keyLocation, LocationError, StorageError, type ObjectMeta, type ScanResult, type Store, type WriteCondition } from './store.js';
