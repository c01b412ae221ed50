import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { DecisionsDb, PromotionReview } from './table.ts';

const EVENT_TYPES = ['PromotionNominated', 'ReviewOpened', 'VoteCast', 'PromotionDecided'] as const;

type Review = Omit<PromotionReview, 'policy_versions'> & { policy_versions: string | null };

/** Audit history of promotion reviews, one row per review plus its votes. */
export const decisionsProjection: Projection<DecisionsDb, (typeof EVENT_TYPES)[number]> = {
  name: 'decisions',
  version: '3',
  tables: ['promotion_reviews', 'promotion_votes'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<DecisionsDb>, events) {
    const parsed = events;
    const ids = [...new Set(parsed.map((p) => (p.event.data as { reviewId: string }).reviewId))];
    const reviews = new Map<string, Review>();
    if (ids.length > 0) {
      const rows = await db
        .selectFrom('promotion_reviews')
        .selectAll()
        .where('review_id', 'in', ids)
        .execute();
      for (const r of rows) {
        reviews.set(r.review_id, {
          ...r,
          policy_versions: r.policy_versions ? JSON.stringify(r.policy_versions) : null,
        });
      }
    }
    const votes: Record<string, unknown>[] = [];
    const need = (reviewId: string, type: string): Review => {
      const review = reviews.get(reviewId);
      // The deciders append nothing to a review before its nomination: a gap here is a bug.
      if (!review) throw new Error(`decisions: ${type} for review ${reviewId} without a nomination`);
      return review;
    };
    for (const { position, event } of parsed) {
      const p = pos(position);
      switch (event.type) {
        case 'PromotionNominated': {
          const d = event.data;
          reviews.set(d.reviewId, {
            review_id: d.reviewId,
            employee_id: d.employeeId,
            from_level: d.fromLevel,
            to_level: d.toLevel,
            track: d.track,
            score: d.score,
            reason: d.reason,
            nominated_by: d.nominatedBy,
            nominated_at: d.at,
            nominated_position: p,
            status: 'nominated',
            committee: [],
            quorum: null,
            opened_at: null,
            opened_position: null,
            approvals: 0,
            rejections: 0,
            abstentions: 0,
            outcome: null,
            rationale: null,
            evidence_position: null,
            policy_versions: null,
            evidence_score: null,
            evidence_month: null,
            evidence_eligible: null,
            override_code: null,
            override_text: null,
            override_against: null,
            decided_by: null,
            decided_at: null,
            decided_position: null,
            updated_position: p,
          });
          break;
        }
        case 'ReviewOpened': {
          const r = need(event.data.reviewId, event.type);
          r.status = 'open';
          r.committee = [...event.data.committee];
          r.quorum = event.data.quorum;
          r.opened_at = event.data.at;
          r.opened_position = p;
          r.updated_position = p;
          break;
        }
        case 'VoteCast': {
          const d = event.data;
          const r = need(d.reviewId, event.type);
          if (d.vote === 'approve') r.approvals++;
          else if (d.vote === 'reject') r.rejections++;
          else r.abstentions++;
          r.updated_position = p;
          votes.push({
            review_id: d.reviewId,
            member_id: d.memberId,
            vote: d.vote,
            comment: d.comment ?? null,
            at: d.at,
            position: p,
          });
          break;
        }
        case 'PromotionDecided': {
          const d = event.data;
          const r = need(d.reviewId, event.type);
          r.status = 'decided';
          r.outcome = d.outcome;
          r.rationale = d.rationale;
          r.evidence_position = d.evidencePosition;
          r.policy_versions = JSON.stringify(d.policyVersions);
          r.evidence_score = d.evidence.score;
          r.evidence_month = d.evidence.scoreMonth;
          r.evidence_eligible = d.evidence.eligible;
          r.override_code = d.override?.code ?? null;
          r.override_text = d.override?.text ?? null;
          r.override_against = d.override ? [...d.override.against] : null;
          r.decided_by = d.decidedBy;
          r.decided_at = d.at;
          r.decided_position = p;
          r.updated_position = p;
          break;
        }
        default:
          break;
      }
    }
    await upsert(db, 'promotion_reviews', [...reviews.values()], ['review_id']);
    await upsert(db, 'promotion_votes', votes, ['review_id', 'member_id']);
  },
};
