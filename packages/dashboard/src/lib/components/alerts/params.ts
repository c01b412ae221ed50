/** The inbox's state in the URL, so a view can be shared and "previous page" works. */
export const INBOX_PAGE_SIZE = 25;
export const ALERT_KINDS = [
  'target_behind',
  'target_peer_gap',
  'eligibility_reached',
  'risk_high',
  'mentor_overdue',
  'mentor_rated_low',
  'course_overdue',
] as const;

/** Managers act on their own alerts: "mine" is their default (`?mine=0` shows the whole scope). */
export const minesByDefault = (role: string | undefined) =>
  role === 'team_manager' || role === 'branch_manager';

export function inboxParams(params: URLSearchParams, role: string | undefined) {
  const mineParam = params.get('mine');
  const mine = mineParam === null ? minesByDefault(role) : mineParam === '1';
  const kind = params.get('kind') ?? '';
  const after = params.get('after') || null;
  const back = after ? (params.get('back') ?? '').split('.').filter(Boolean) : [];
  return {
    state: params.get('state') ?? '',
    kind: (ALERT_KINDS as readonly string[]).includes(kind) ? kind : '',
    mine,
    after,
    back,
    first: INBOX_PAGE_SIZE,
  };
}

/** Where an alert's evidence is: the score month on the person page, the target, the mentoring week. */
export function evidenceHref(alert: {
  employeeId: string;
  at: string;
  evidence: { kind?: string; ref?: string | null } | null;
  person: { teamId: string } | null;
}): string | null {
  const person = `/people/${encodeURIComponent(alert.employeeId)}`;
  const month = alert.at.slice(0, 7);
  const e = alert.evidence;
  if (!e?.kind) return null;
  switch (e.kind) {
    case 'target': {
      const period = /^\d{4}-\d{2}$/.test(e.ref ?? '') ? (e.ref as string) : month;
      const team = alert.person ? `&team=${encodeURIComponent(alert.person.teamId)}` : '';
      return `/targets?period=${period}${team}&person=${encodeURIComponent(alert.employeeId)}`;
    }
    case 'eligibility': {
      // Judged on the last month that had ended when it was raised: the month before.
      const [y, m] = month.split('-').map(Number) as [number, number];
      const scored = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      return `${person}?month=${scored}#eligibility`;
    }
    case 'retention_risk':
      return `${person}?month=${month}#risk`;
    case 'mentorship': {
      const week = /^\d{4}-\d{2}-\d{2}/.test(e.ref ?? '') ? (e.ref as string).slice(0, 7) : month;
      return `${person}?month=${week}#mentoring`;
    }
    case 'review':
      return `${person}#vote`;
    case 'training':
      return `${person}#training`;
    default:
      return person;
  }
}
