import { builder } from '../builder.ts';
import type { Language } from '../i18n/refusals.ts';
import { TrainingRefused, trainFromStore } from '../retention/training.ts';
import { type CommandResult, CommandResultRef, runCommand } from './mutations.ts';

/**
 * HR trains the retention model from the event store (`retention/training.ts`): the product
 * measures it on a time-based hold-out and publishes it with those figures.
 */

const FIELD_NAMES: Record<string, Record<Language, string>> = {
  position: { en: 'position', zh: '事件位置' },
  cutOff: { en: 'cut-off', zh: '截止日期' },
  horizonDays: { en: 'horizon (days)', zh: '预测期（天）' },
  seed: { en: 'seed', zh: '随机种子' },
  modelId: { en: 'model id', zh: '模型编号' },
};

const TrainRetentionModelInput = builder.inputType('TrainRetentionModelInput', {
  description: 'What to train the retention model on; every field may be left out.',
  fields: (t) => ({
    position: t.field({
      type: 'Position',
      description: 'Train as of this global position of `$all` (default: the head, everything recorded).',
    }),
    cutOff: t.string({
      description:
        'Business date (YYYY-MM-DD) outcomes are counted up to (default: the latest business date at the position); only observations whose outcome window closed by it are used.',
    }),
    horizonDays: t.int({
      description:
        'A person counts as leaving when they leave voluntarily within this many days (7–365, default 90).',
    }),
    seed: t.int({
      description:
        "Seed of each person's observation weeks (default 1): the same position and seed give the same coefficients.",
    }),
    modelId: t.string({
      description: 'The model’s policy id (default retention-model); the next version is published.',
    }),
  }),
});

builder.mutationField('trainRetentionModel', (t) =>
  t.withAuth({ roles: ['hr_admin'] }).field({
    type: CommandResultRef,
    description:
      'Train the retention model from the event store as of a position: features from the events as the domain defines them, label = left voluntarily within the horizon, a time-based hold-out (trained on the observations whose outcome window closed earlier, measured on the later ones), threshold chosen on the training part; publish it with the measured AUC, precision and recall at the threshold, calibration and expected calibration error, overall and per branch, and the position and cut-off it was trained at (command PublishTrainedRetentionModel). HR only.',
    args: {
      input: t.arg({ type: TrainRetentionModelInput, required: false, description: 'What to train on.' }),
      commandId: t.arg.string({
        description: 'Idempotency key of the publication (sending it again publishes nothing more).',
      }),
    },
    resolve: async (_root, args, ctx): Promise<CommandResult> => {
      const language = ctx.language ?? 'en';
      const input = args.input ?? {};
      try {
        const trained = await trainFromStore(ctx.store, {
          ...(input.position != null ? { position: input.position as bigint } : {}),
          ...(input.cutOff != null ? { cutOff: input.cutOff } : {}),
          ...(input.horizonDays != null ? { horizonDays: input.horizonDays } : {}),
          ...(input.seed != null ? { seed: input.seed } : {}),
          ...(input.modelId != null ? { modelId: input.modelId } : {}),
        });
        return runCommand(ctx, 'PublishTrainedRetentionModel', { model: trained.model }, args.commandId);
      } catch (error) {
        if (!(error instanceof TrainingRefused)) throw error;
        const message = error.messages[language];
        const field = FIELD_NAMES[error.field]?.[language] ?? error.field;
        const path = ['input', error.field];
        return {
          kind: 'validation',
          message,
          problems: [{ path, message, rule: 'training', field }],
          rule: 'training',
          field,
          path,
        };
      }
    },
  }),
);
