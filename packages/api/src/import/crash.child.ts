/**
 * The process the import crash test kills: imports the files or folders in argv[4…] into the
 * store at argv[2], writing `argv[3]` commands per append. Prints `written <done> <total>`
 * after each append commits and `done <status> <appended> <duplicates>` at the end.
 */
import { PostgresEventStore } from '@trackrecord/eventstore';
import { runImport } from './importer.ts';
import { createDispatchSink } from './sink.ts';

const [url, chunk, ...inputs] = process.argv.slice(2);
if (!url || !chunk || inputs.length === 0)
  throw new Error('usage: crash.child.ts <database url> <commands per append> <file|folder>…');

const store = new PostgresEventStore({ connectionString: url });
const report = await runImport(inputs, {
  sink: createDispatchSink(store, { chunkSize: Number(chunk) }),
  onProgress: (p) => {
    if (p.phase === 'importing') console.log(`written ${p.done} ${p.total}`);
  },
});
console.log(`done ${report.status} ${report.appended} ${report.duplicates}`);
await store.close();
