import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, type DomainErrorCode, domainCommandSchemas } from '@trackrecord/domain';
import { type EventStore, EventStoreError } from '@trackrecord/eventstore';
import { isTransient } from '@trackrecord/projections';
import { z } from 'zod';
import { dispatch } from '../commands/bus.ts';
import { yuanToFen } from '../import/values.ts';
import { HOOK_EVENTS, HOOK_SOURCES, type HookSource, isHookSource } from './payloads.ts';
import { type HookSecrets, hookSecretVariable } from './secrets.ts';
import { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyHook } from './signature.ts';

/** Largest body a hook accepts. */
export const MAX_HOOK_BODY = 1024 * 1024;

export interface HookOptions {
  readonly store: EventStore;
  readonly secrets: HookSecrets;
  readonly toleranceSeconds?: number;
  /** The clock, in Unix seconds (tests move it). */
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/** Handles `POST /hooks/<source>`; answers every request itself. */
export type HookHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

const EnvelopeSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s) && s.isWellFormed(), {
      message: 'must not contain control characters or unpaired surrogates',
    }),
  type: z.string().min(1, 'must not be empty'),
  occurredAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'must be an ISO 8601 date-time with a zone (2025-03-20T10:15:00+08:00) or a date',
  }),
  data: z.record(z.string(), z.unknown(), { error: 'must be an object' }),
});

/** HTTP status of a domain refusal: malformed or naming the unknown → 422, the state forbids it → 409. */
const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  VALIDATION: 422,
  NOT_FOUND: 422,
  ILLEGAL_STATE: 409,
  CONFLICT: 409,
};

class HookError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_HOOK_BODY)
      throw new HookError(413, 'BODY_TOO_LARGE', `the body is over ${MAX_HOOK_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Hook event id → command id: the same event posted twice is the same command. */
export function hookCommandId(source: HookSource, eventId: string): string {
  const plain = `hook:${source}:${eventId}`;
  return plain.length <= 100
    ? plain
    : `hook:${source}:sha256:${createHash('sha256').update(eventId).digest('hex').slice(0, 48)}`;
}

/**
 * The webhooks of the source systems. A request is authenticated (signature and timestamp)
 * before its body is even parsed, then mapped to one domain command and dispatched through
 * the same bus as the API: one command, one append, so never a partial write.
 */
export function createHookHandler(options: HookOptions): HookHandler {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  return async (req, res, pathname) => {
    try {
      const source = pathname.replace(/^\/hooks\/?/, '').replace(/\/$/, '');
      if (!isHookSource(source)) {
        throw new HookError(
          404,
          'UNKNOWN_SOURCE',
          `no hook "${source}"; hooks: ${HOOK_SOURCES.map((s) => `/hooks/${s}`).join(', ')}`,
        );
      }
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        throw new HookError(405, 'METHOD_NOT_ALLOWED', `use POST /hooks/${source}`);
      }
      const secret = options.secrets[source];
      if (!secret) {
        throw new HookError(
          503,
          'HOOK_DISABLED',
          `the ${source} hook is off: set ${hookSecretVariable(source)}`,
        );
      }
      const body = await readBody(req);
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const check = verifyHook(
        secret,
        { signature: header(SIGNATURE_HEADER), timestamp: header(TIMESTAMP_HEADER) },
        body,
        now(),
        tolerance,
      );
      if (!check.ok) throw new HookError(401, 'BAD_SIGNATURE', check.reason);
      await handleEvent(options.store, source, body, res);
    } catch (error) {
      if (error instanceof HookError) {
        return send(res, error.status, {
          error: { code: error.code, message: error.message, ...error.details },
        });
      }
      // A hook's commandId is its event id's: a commandId used for another command is an event
      // id reused for another event, whichever stream it went to.
      const reused =
        (error instanceof EventStoreError && error.code === 'IDEMPOTENCY_CONFLICT') ||
        (error instanceof DomainError && error.details.rule === 'command_id_reused');
      if (reused) {
        return send(res, 409, {
          error: { code: 'EVENT_ID_REUSED', message: 'this event id was already used for a different event' },
        });
      }
      if (error instanceof DomainError) {
        return send(res, DOMAIN_STATUS[error.code], {
          error: { code: error.code, message: error.message, details: error.details },
        });
      }
      // 4xx for what can never succeed, 5xx only for what a retry can fix.
      if (error instanceof EventStoreError && !isTransient(error)) {
        const problems = Array.isArray(error.details.problems) ? (error.details.problems as string[]) : [];
        return send(res, 422, {
          error: {
            code: 'UNSTORABLE',
            message: `the event cannot be stored (${(problems[0] ?? error.code).replace(/^events\[\d+\]\./, '')}); sending it again will not help`,
          },
        });
      }
      options.log?.(`hook ${pathname} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (isTransient(error)) {
        res.setHeader('retry-after', '5');
        return send(res, 503, {
          error: { code: 'UNAVAILABLE', message: 'the event could not be stored now; retry later' },
        });
      }
      return send(res, 500, {
        error: { code: 'INTERNAL', message: 'the event could not be stored; retry later' },
      });
    }
  };
}

async function handleEvent(store: EventStore, source: HookSource, body: Buffer, res: ServerResponse) {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HookError(
      400,
      'INVALID_JSON',
      `the body is not JSON: ${error instanceof Error ? error.message : ''}`,
    );
  }
  const envelope = EnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const problems = envelope.error.issues.map((i) => ({
      field: i.path.join('.') || '(body)',
      message: i.message,
    }));
    throw new HookError(422, 'INVALID_PAYLOAD', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
      problems,
    });
  }
  const { id, type, occurredAt, data } = envelope.data;
  const known = HOOK_EVENTS[source];
  const spec = Object.hasOwn(known, type) ? known[type] : undefined;
  if (!spec) {
    throw new HookError(
      422,
      'UNKNOWN_EVENT_TYPE',
      `${source} sends no event "${type}"; known: ${Object.keys(HOOK_EVENTS[source]).join(', ')}`,
    );
  }
  const problems: { field: string; message: string }[] = [];
  const commandData: Record<string, unknown> = {};
  for (const declared of spec.fields) {
    const field = declared.replace(/\?$/, '');
    if (data[field] === undefined) continue;
    if (spec.yuan?.includes(field)) {
      const fen = yuanToFen(data[field] as never);
      if (fen.ok) commandData[field] = fen.value;
      else problems.push({ field: `data.${field}`, message: fen.reason });
    } else commandData[field] = data[field];
  }
  commandData[spec.timeField] = occurredAt;
  const parsed = domainCommandSchemas[spec.command].safeParse(commandData);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (problems.some((p) => p.field === `data.${field}`)) continue;
      problems.push({
        field: field === spec.timeField ? 'occurredAt' : `data.${issue.path.join('.')}`,
        message: issue.message,
      });
    }
  }
  if (problems.length > 0) {
    throw new HookError(
      422,
      'INVALID_PAYLOAD',
      `${type}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      {
        problems,
      },
    );
  }
  const commandId = hookCommandId(source, id);
  const at = new Date(occurredAt);
  const envelopeOut = { commandId, at, actor: `system:${source}`, source };
  // The data has passed its schema above; the pipeline checks the plausibility rules and the metadata.
  const handled = await dispatch(store, { type: spec.command, data: parsed.data }, envelopeOut, {
    dataValidated: true,
  });
  send(res, 200, {
    ok: true,
    eventId: id,
    command: spec.command,
    commandId,
    duplicate: handled.duplicate,
    positions: handled.result?.positions.map(String) ?? [],
  });
}
