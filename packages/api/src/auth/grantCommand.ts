import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DomainError, ROLE_SCOPE, USER_ROLES, type UserRole, userStream } from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { dispatch } from '../commands/bus.ts';
import { now } from '../runtime/clock.ts';

export const GRANT_USAGE = `  pnpm cli grant <subject> <role> [--name "显示名"] [--employee <id>] [--unit <branch or team id>]
                             an operator links a company sign-in (the identity provider's subject) and grants it a role:
                             the way to the first HR administrator (e.g. pnpm cli grant 8f2c… hr_admin --name 王芳).
                             The same LinkUser / GrantRole events HR sends from the Access page (actor system:operator)`;

/**
 * `pnpm cli grant`: bootstraps access without a signed-in HR administrator (there is none on a
 * new installation with company sign-in). Links the subject when `--name` is given or it is
 * not linked yet, then grants the role with the scope the role has (a manager's `--unit`).
 * Goes through the command pipeline, so the domain's rules (a role needing a unit, a rep's
 * role needing an employee) refuse a bad grant before anything is written. Exit code 1 on a
 * refusal, 2 on bad arguments.
 */
export async function grantCommand(
  argv: string[],
  openStore: () => Promise<EventStore>,
  log: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      employee: { type: 'string' },
      unit: { type: 'string' },
    },
    allowPositionals: true,
  });
  const [subject, role] = positionals;
  if (!subject || !role || !(USER_ROLES as readonly string[]).includes(role)) {
    log(`usage:\n${GRANT_USAGE}\nroles: ${USER_ROLES.join(', ')}`);
    return 2;
  }
  const store = await openStore();
  const envelope = () => ({
    commandId: randomUUID(),
    at: now(),
    actor: 'system:operator',
    source: 'operator',
  });
  try {
    const linked = (await store.readStream(userStream(subject))).some((e) => e.type === 'UserLinked');
    if (values.name !== undefined || !linked) {
      if (!values.name) {
        log(`${subject} is not linked yet: give the name shown for them with --name`);
        return 2;
      }
      await dispatch(
        store,
        {
          type: 'LinkUser',
          data: { subject, displayName: values.name, employeeId: values.employee ?? null },
        },
        envelope(),
      );
      log(`linked ${subject} as ${values.name}${values.employee ? ` (employee ${values.employee})` : ''}`);
    }
    const scope = ROLE_SCOPE[role as UserRole];
    const granted = await dispatch(
      store,
      {
        type: 'GrantRole',
        data: { subject, role, scope, ...(values.unit ? { unitId: values.unit } : {}) },
      },
      envelope(),
    );
    log(
      `granted ${role} (${scope}${values.unit ? ` ${values.unit}` : ''}) to ${subject} at position ${granted.result?.lastPosition ?? '—'}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      log(`refused: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}
