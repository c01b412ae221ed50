export { type Config, loadConfig, redactUrl } from './config.ts';
