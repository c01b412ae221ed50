export { createGroupCommitter, type GroupCommitter, groupCommitterFor } from './commands/groupCommit.ts';
export { type Config, loadConfig, redactUrl } from './config.ts';
export { createHookHandler, type HookHandler } from './hooks/handler.ts';
export { signHook } from './hooks/signature.ts';
export { type ImportReport, runImport } from './import/importer.ts';
export { type CommandSink, createDispatchSink, createPreviewSink } from './import/sink.ts';
