export { ConfigSchema, ConfigError, DigestConfigSchema, parseConfig, type Config, type ConfigInput, type DigestConfig } from './config.js';
