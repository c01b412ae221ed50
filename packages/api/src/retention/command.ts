import { parseArgs } from 'node:util';
import type { EventStore } from '@trackrecord/eventstore';
import { v7 } from 'uuid';
import { dispatchBatch } from '../commands/batch.ts';
import { TrainingRefused, trainFromStore } from './training.ts';

export const MODEL_USAGE = `  pnpm cli model train [--position N] [--cut-off YYYY-MM-DD] [--horizon-days 90] [--seed 1] [--model-id retention-model]
                             train the retention model from the event store as of a position (default: everything), with a
                             time-based hold-out, and publish it with the measured AUC, precision, recall and calibration`;

const whole = (flag: string, value: string | boolean | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new TrainingRefused({ en: `--${flag}: must be a whole number`, zh: `--${flag}：必须是整数` }, flag);
  return n;
};

/** `pnpm cli model train …`: trains, publishes, prints the figures; the exit code says how it went. */
export async function modelCommand(
  argv: readonly string[],
  openStore: () => Promise<EventStore>,
  log: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      position: { type: 'string' },
      'cut-off': { type: 'string' },
      'horizon-days': { type: 'string' },
      seed: { type: 'string' },
      'model-id': { type: 'string' },
    },
  });
  if (positionals[0] !== 'train') {
    console.error(`usage:\n${MODEL_USAGE}`);
    return 2;
  }
  const store = await openStore();
  try {
    const position = whole('position', values.position);
    const horizonDays = whole('horizon-days', values['horizon-days']);
    const seed = whole('seed', values.seed);
    log('training the retention model from the event store …');
    const trained = await trainFromStore(
      store,
      {
        ...(position !== undefined ? { position: BigInt(position) } : {}),
        ...(values['cut-off'] !== undefined ? { cutOff: values['cut-off'] } : {}),
        ...(horizonDays !== undefined ? { horizonDays } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(values['model-id'] !== undefined ? { modelId: values['model-id'] } : {}),
      },
      (events) => {
        if (events % 100_000 < 10_000) log(`  ${events.toLocaleString('en-US')} events folded`);
      },
    );
    const { model } = trained;
    const m = model.metrics;
    const outcome = await dispatchBatch(store, [
      {
        command: { type: 'PublishTrainedRetentionModel', data: { model } },
        envelope: { commandId: v7(), at: new Date(), actor: 'system:cli', source: 'cli' },
      },
    ]);
    const result = outcome.results[0];
    if (!result?.ok) {
      console.error(`not published: ${result ? result.error.message : 'no result'}`);
      return 1;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    log(
      `published ${model.id} v${model.version}, trained as of position ${model.training?.position} (cut-off ${model.training?.cutOff}, horizon ${model.training?.horizonDays} days, seed ${model.training?.seed}) in ${trained.seconds.toFixed(1)} s`,
    );
    log(
      `  ${m.trainRows} training and ${m.testRows} held-out observations (held out: outcome windows closing from ${model.training?.splitOn})`,
    );
    log(
      `  held-out AUC ${m.auc.toFixed(3)}, ECE ${(m.ece ?? 0).toFixed(3)}; at the threshold ${model.threshold.toFixed(3)}: precision ${pct(m.precisionAtThreshold)}, recall ${pct(m.recallAtThreshold)}`,
    );
    for (const b of m.byBranch ?? [])
      log(
        `  ${b.branchId}: ${b.rows} observations, AUC ${b.auc === null ? 'n/a' : b.auc.toFixed(3)}, ECE ${b.ece.toFixed(3)}, precision ${pct(b.precisionAtThreshold)}, recall ${pct(b.recallAtThreshold)}`,
      );
    return 0;
  } catch (error) {
    if (!(error instanceof TrainingRefused)) throw error;
    console.error(error.messages.en);
    return 2;
  } finally {
    await store.close();
  }
}
