import {
  createRetentionObserver,
  DEFAULT_RETENTION_HORIZON_DAYS,
  DEFAULT_TRAINING_EVERY_WEEKS,
  DomainError,
  parseEvent,
  policyStream,
  type RetentionModel,
  trainFromObserver,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { factEvents } from '../audit/history.ts';
import type { Language } from '../i18n/refusals.ts';

/**
 * The product's training of the retention model: the fact events up to a position of `$all`
 * folded into weekly observations (domain `retentionTraining.ts`), trained with a time-based
 * hold-out and published with the product's own metrics (`PublishTrainedRetentionModel`).
 * Everything the caller gives is checked before the store is read.
 */

export interface TrainingRequest {
  /** Train as of this position of `$all` (default: the head). */
  readonly position?: bigint;
  /** Business date outcomes are counted up to (default: the latest business date at the position). */
  readonly cutOff?: string;
  readonly horizonDays?: number;
  readonly seed?: number;
  readonly modelId?: string;
}

export const TRAINING_LIMITS = { horizonDays: { min: 7, max: 365 }, seed: { max: 2_147_483_647 } } as const;
export const DEFAULT_MODEL_ID = 'retention-model';

/** Why a training request is refused, in both languages. */
export const TRAINING_REFUSALS = {
  position: {
    en: 'position: must be a position of the event store from 1 to its head ({head})',
    zh: '事件位置：必须在 1 到事件库当前末尾位置（{head}）之间',
  },
  cutOff: { en: 'cut-off: must be a date YYYY-MM-DD', zh: '截止日期：必须是 YYYY-MM-DD 格式的日期' },
  cutOffAfterHistory: {
    en: 'cut-off: {cutOff} lies after the history at that position, which ends on {clock}',
    zh: '截止日期：{cutOff} 晚于该位置的历史（历史截至 {clock}）',
  },
  horizonDays: {
    en: 'horizon (days): must be a whole number from {min} to {max}',
    zh: '预测期（天）：必须是 {min} 到 {max} 之间的整数',
  },
  seed: { en: 'seed: must be a whole number from 0 to {max}', zh: '随机种子：必须是 0 到 {max} 之间的整数' },
  modelId: {
    en: 'model id: lower-case letters, digits and dashes, 2 to 64 characters',
    zh: '模型编号：小写字母、数字和连字符，2 到 64 个字符',
  },
  noHistory: { en: 'there is no history to train on yet', zh: '还没有可用于训练的历史数据' },
  trainingHistory: {
    en: 'not enough history to train: {rows} observation(s) whose {horizon}-day outcome is known by the cut-off; the earlier (training) and the later (held-out) part both need some — choose a later cut-off or a shorter horizon',
    zh: '历史数据不足，无法训练：截止日期前 {horizon} 天结果已知的观测只有 {rows} 条；训练部分（较早）和留出部分（较晚）都需要数据——请选择更晚的截止日期或更短的预测期',
  },
  trainingLabels: {
    en: 'cannot train: in the training part nobody (or everybody) left within the horizon — choose a later cut-off or a longer horizon',
    zh: '无法训练：训练部分中在预测期内无人（或全部）离职——请选择更晚的截止日期或更长的预测期',
  },
} as const satisfies Record<string, Record<Language, string>>;

export class TrainingRefused extends Error {
  override readonly name = 'TrainingRefused';
  constructor(
    readonly messages: Record<Language, string>,
    readonly field: string,
  ) {
    super(messages.en);
  }
}

const fill = (
  m: Record<Language, string>,
  params: Record<string, string | number>,
): Record<Language, string> => {
  const f = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
  return { en: f(m.en), zh: f(m.zh) };
};
const refuse = (
  key: keyof typeof TRAINING_REFUSALS,
  field: string,
  params: Record<string, string | number> = {},
) => new TrainingRefused(fill(TRAINING_REFUSALS[key], params), field);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MODEL_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

/** Checks a request against the store's head; throws `TrainingRefused` naming the field. */
export function checkTrainingRequest(request: TrainingRequest, head: bigint): void {
  const { position, cutOff, horizonDays, seed, modelId } = request;
  if (position !== undefined && (position < 1n || position > head))
    throw refuse('position', 'position', { head: head.toString() });
  if (cutOff !== undefined && (!DATE.test(cutOff) || Number.isNaN(Date.parse(`${cutOff}T00:00:00Z`))))
    throw refuse('cutOff', 'cutOff');
  const { min, max } = TRAINING_LIMITS.horizonDays;
  if (horizonDays !== undefined && (!Number.isInteger(horizonDays) || horizonDays < min || horizonDays > max))
    throw refuse('horizonDays', 'horizonDays', { min, max });
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > TRAINING_LIMITS.seed.max))
    throw refuse('seed', 'seed', { max: TRAINING_LIMITS.seed.max });
  if (modelId !== undefined && !MODEL_ID.test(modelId)) throw refuse('modelId', 'modelId');
}

/** The next version of a retention model: one more than the latest published (1 for a new id). */
export async function nextModelVersion(store: EventStore, modelId: string): Promise<number> {
  let latest = 0;
  for (const r of await store.readStream(policyStream(modelId))) {
    const e = parseEvent(r.type, r.schemaVersion, r.data) as {
      type: string;
      data: { model?: { version: number } };
    };
    if (e.type === 'RetentionModelPublished' && e.data.model) latest = Math.max(latest, e.data.model.version);
  }
  return latest + 1;
}

export interface Trained {
  readonly model: RetentionModel & { metrics: NonNullable<RetentionModel['metrics']> };
  /** Fact events folded. */
  readonly events: number;
  readonly seconds: number;
}

/**
 * Trains as of a position: checks the request, folds the fact events up to it, trains and
 * measures. Throws `TrainingRefused` (in both languages) when the request or the history does
 * not allow it; nothing is appended here.
 */
export async function trainFromStore(
  store: EventStore,
  request: TrainingRequest,
  onProgress?: (events: number) => void,
): Promise<Trained> {
  const started = performance.now();
  const head = await store.headPosition();
  checkTrainingRequest(request, head);
  const position = request.position ?? head;
  if (position === 0n) throw refuse('noHistory', 'position');
  const modelId = request.modelId ?? DEFAULT_MODEL_ID;
  const seed = request.seed ?? 1;
  const horizonDays = request.horizonDays ?? DEFAULT_RETENTION_HORIZON_DAYS;
  const observer = createRetentionObserver({ seed, everyWeeks: DEFAULT_TRAINING_EVERY_WEEKS });
  let events = 0;
  for await (const page of factEvents(store, { upTo: position })) {
    for (const e of page) observer.apply(e);
    events += page.length;
    onProgress?.(events);
  }
  const version = await nextModelVersion(store, modelId);
  const clock = observer.clock();
  if (clock === null) throw refuse('noHistory', 'position');
  try {
    const model = trainFromObserver(observer, {
      id: modelId,
      version,
      horizonDays,
      seed,
      ...(request.cutOff !== undefined ? { cutOff: request.cutOff } : {}),
    });
    // The training record names the position asked for (events after the last fact event up
    // to it changed nothing the model reads).
    const training = model.training ? { ...model.training, position: position.toString() } : null;
    return {
      model: { ...model, training, metrics: model.metrics as NonNullable<RetentionModel['metrics']> },
      events,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const rule = (error.details as { rule?: string } | undefined)?.rule;
    if (rule === 'cutOffAfterHistory')
      throw refuse('cutOffAfterHistory', 'cutOff', { cutOff: request.cutOff ?? '', clock });
    if (rule === 'trainingHistory')
      throw refuse('trainingHistory', 'cutOff', {
        rows: (error.details as { rows?: number }).rows ?? 0,
        horizon: horizonDays,
      });
    if (rule === 'trainingLabels') throw refuse('trainingLabels', 'horizonDays');
    throw error;
  }
}
