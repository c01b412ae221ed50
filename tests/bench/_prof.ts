import { applyFactsEvent, emptyFactsState, FACTS_EVENT_TYPES, parseEvent, eventDefinition } from '@trackrecord/domain';
import { PostgresEventStore, type RecordedEvent } from '@trackrecord/eventstore';
const store = new PostgresEventStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/bench_audit' });
let t = performance.now();
const all: RecordedEvent[] = [];
for (let after = 0n; ; ) {
  const page = await store.readAll({ after, maxCount: 10_000 });
  all.push(...page.events);
  if (page.isEnd || page.events.length === 0) break;
  after = page.nextAfter;
}
console.log('read', all.length, Math.round(performance.now() - t)); t = performance.now();
const types = new Set<string>(FACTS_EVENT_TYPES);
const facts = all.filter((r) => types.has(r.type));
const parsed = facts.map((r) => ({ position: r.position, event: parseEvent(r.type, r.schemaVersion, r.data) }));
console.log('parse', facts.length, Math.round(performance.now() - t)); t = performance.now();
const up = facts.map((r) => ({ position: r.position, event: { type: r.type, data: eventDefinition(r.type).upcast(r.schemaVersion, r.data) } }));
console.log('upcast only', Math.round(performance.now() - t)); t = performance.now();
const s = emptyFactsState();
for (const e of parsed) applyFactsEvent(s, e);
console.log('fold', Math.round(performance.now() - t)); t = performance.now();
const c = structuredClone(s);
console.log('clone', Math.round(performance.now() - t), Object.keys(c.sales).length);
await store.close();
void up;
