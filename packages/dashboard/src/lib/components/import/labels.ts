import type { MessageKey } from '$lib/i18n.svelte.ts';

/** The import's ids as the page names them (each key written whole, so the messages spec sees it). */
export const KIND_LABELS: Record<string, MessageKey> = {
  employees: 'import.kind.employees',
  sales: 'import.kind.sales',
  payments: 'import.kind.payments',
  refunds: 'import.kind.refunds',
  followups: 'import.kind.followups',
  courses: 'import.kind.courses',
  assessments: 'import.kind.assessments',
  mentoring: 'import.kind.mentoring',
  feedback: 'import.kind.feedback',
  targets: 'import.kind.targets',
};

export const CLEANING_LABELS: Record<string, MessageKey> = {
  TRIM: 'import.cleaning.trim',
  FULL_WIDTH: 'import.cleaning.fullWidth',
  AMOUNTS: 'import.cleaning.amounts',
  DATES: 'import.cleaning.dates',
  DUPLICATES: 'import.cleaning.duplicates',
};

export const STATUS_LABELS: Record<string, MessageKey> = {
  running: 'import.status.running',
  interrupted: 'import.status.interrupted',
  imported: 'import.status.imported',
  rejected: 'import.status.rejected',
  refused: 'import.status.refused',
  failed: 'import.status.failed',
  'dry-run': 'import.status.dry-run',
};

export const PHASE_LABELS: Record<string, MessageKey> = {
  reading: 'import.phase.reading',
  deciding: 'import.phase.deciding',
  importing: 'import.phase.importing',
  done: 'import.phase.done',
};

/** A header compared as the importer compares it: without case, blanks, `_`, `-` or a trailing unit. */
export const normalizeHeader = (header: string) =>
  header
    .toLowerCase()
    .replace(/[（(][^）)]*[）)]\s*$/, '')
    .replace(/[\s_-]/g, '');

/** A date and time in the page's language. */
export function formatDateTime(iso: string | null | undefined, locale: 'zh' | 'en'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}
