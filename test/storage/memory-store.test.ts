import { createMemoryStore } from '../../src/storage/index.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', { create: async () => createMemoryStore() });
