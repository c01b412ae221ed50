import { createInMemoryDecider } from '@trackrecord/domain';
import { simulateCommands, simulateFacts, simulationConfig } from '@trackrecord/simulator';

const c = simulationConfig({ seed: 1, employees: 150, weeks: 60 });
let t = performance.now();
let n = 0;
for (const _ of simulateFacts(c)) n++;
console.log('facts', n, ((performance.now() - t) / 1000).toFixed(2));
t = performance.now();
const d = createInMemoryDecider();
let e = 0;
for (const x of simulateCommands(c)) {
  const o = d.decide(x as never);
  if (o.ok) e += o.events.length;
}
console.log('commands+decide', e, ((performance.now() - t) / 1000).toFixed(2));
