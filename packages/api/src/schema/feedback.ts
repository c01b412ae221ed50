import { type Feedback360Row, feedbackForPeople, MAX_FEEDBACK } from '@trackrecord/projections';
import { mayRead } from '../auth/scopes.ts';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { SignedInContext } from '../context.ts';
import { pageSize } from './arguments.ts';
import { PersonRef } from './people.ts';

// 360 feedback (OA) from the feedback read model, batched: every person of a response shares
// one statement per `first`.

const Feedback360 = builder.objectRef<Feedback360Row>('Feedback360').implement({
  description: '360-degree feedback about a person from their manager, a peer or a customer, 1–5.',
  fields: (t) => ({
    at: t.exposeString('at', { description: 'When it was given (ISO business time).' }),
    from: t.exposeString('from_kind', { description: 'manager, peer or customer' }),
    fromId: t.string({
      nullable: true,
      description:
        'Who gave it, when known (anonymous customer surveys have none); null when the field rules in force do not let the viewer read feedback authors.',
      authScopes: (f) => mayRead('feedbackAuthors', f.employee_id),
      unauthorizedResolver: () => null,
      resolve: (f) => f.from_id,
    }),
    rating: t.exposeInt('rating', { description: '1–5' }),
    comment: t.string({
      nullable: true,
      description:
        'The comment; null when none was given or the viewer may not read feedback comments (by the field rules in force; by default HR, the committee, auditors and the person).',
      authScopes: (f) => mayRead('feedbackComments', f.employee_id),
      unauthorizedResolver: () => null,
      resolve: (f) => f.comment,
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position (`$all`) of its Feedback360Given event.',
      resolve: (f) => BigInt(f.position),
    }),
  }),
});

builder.objectField(PersonRef, 'feedback360', (t) =>
  t.withAuth({ signedIn: true }).loadableList({
    type: Feedback360,
    description: `360 feedback about this person, newest first (at most ${MAX_FEEDBACK}).`,
    args: { first: t.arg.int({ defaultValue: 50, description: `How many, 1–${MAX_FEEDBACK}.` }) },
    byPath: true,
    load: async (ids: readonly string[], ctx: SignedInContext, args) => {
      const first = pageSize(args.first ?? 50, MAX_FEEDBACK);
      const rows = await feedbackForPeople(ctx.db, dataScope(ctx.viewer), ids, first);
      const by = new Map<string, Feedback360Row[]>();
      for (const row of rows) by.set(row.employee_id, [...(by.get(row.employee_id) ?? []), row]);
      return ids.map((id) => by.get(id) ?? []);
    },
    resolve: (person) => person.employee_id,
  }),
);
