export { createTokenService } from './auth/tokens.ts';
export { dispatch } from './commands/bus.ts';
export { type Config, loadConfig, redactUrl } from './config.ts';
export { createApiServer } from './server.ts';
export { createWebHandler, dashboardBuild, ensureDashboardBuilt, type WebHandler } from './web.ts';
