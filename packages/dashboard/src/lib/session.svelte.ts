/**
 * Who is signed in: the API token and the persona it was issued for, kept in localStorage so a
 * reload keeps the session. The API enforces what a role may read; `canOpen` only hides what
 * the role cannot use.
 */
export const ROLES = [
  'hr_admin',
  'committee_member',
  'analyst',
  'auditor',
  'branch_manager',
  'team_manager',
  'sales_rep',
] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  userId: string;
  /** The name of record (Chinese); `nameEn` is its romanised form for English pages. */
  name: string;
  nameEn?: string;
  role: Role;
  branchId?: string;
  teamId?: string;
  employeeId?: string;
  /** Set for a user signed in through the identity provider: their session token's id. */
  tokenId?: string;
}

export interface Session {
  token: string;
  viewer: Viewer;
  /** Signed in through the company's identity provider (not a demo persona). */
  identity?: boolean;
}

/** The pages of the dashboard and the roles each is for. */
export const PAGES = {
  overview: ['hr_admin', 'committee_member', 'analyst', 'auditor', 'branch_manager', 'team_manager'],
  myPath: ['sales_rep'],
  /** The mentor workbench: employees who mentor (the nav shows it only to those with mentees). */
  mentor: ['sales_rep', 'team_manager', 'branch_manager', 'committee_member'],
  reviews: ['committee_member', 'hr_admin', 'auditor'],
  calibration: ['hr_admin', 'committee_member', 'auditor'],
  alerts: ['hr_admin', 'committee_member', 'branch_manager', 'team_manager'],
  audit: ['auditor', 'hr_admin', 'committee_member'],
  analytics: ['analyst', 'hr_admin', 'branch_manager', 'team_manager', 'auditor'],
  targets: ['hr_admin', 'branch_manager', 'team_manager'],
  policy: ['hr_admin', 'analyst'],
  import: ['hr_admin'],
  commission: ['hr_admin', 'auditor', 'branch_manager', 'team_manager'],
  access: ['hr_admin', 'auditor'],
  /** The access log: who read whose record, under which grant (auditors and HR). */
  accessLog: ['auditor', 'hr_admin'],
} as const satisfies Record<string, readonly Role[]>;
export type PageKey = keyof typeof PAGES;

export const PAGE_PATHS: Record<PageKey, string> = {
  overview: '/overview',
  myPath: '/my-path',
  mentor: '/mentor',
  reviews: '/reviews',
  calibration: '/calibration',
  alerts: '/alerts',
  audit: '/audit',
  analytics: '/analytics',
  targets: '/targets',
  policy: '/policy',
  import: '/import',
  commission: '/commission',
  access: '/access',
  accessLog: '/access-log',
};

const KEY = 'trackrecord.session';

function read(): Session | null {
  if (typeof localStorage === 'undefined') return null;
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    return typeof parsed?.token === 'string' && ROLES.includes(parsed.viewer?.role) ? parsed : null;
  } catch {
    return null;
  }
}

let current = $state<Session | null>(read());

export const session = {
  get current(): Session | null {
    return current;
  },
  signIn(next: Session): void {
    current = next;
    localStorage.setItem(KEY, JSON.stringify(next));
  },
  signOut(): void {
    current = null;
    localStorage.removeItem(KEY);
  },
};

export function canOpen(page: PageKey, role: Role | undefined): boolean {
  return role !== undefined && (PAGES[page] as readonly Role[]).includes(role);
}

/** Where a role lands after signing in. */
export function homeOf(viewer: Viewer): string {
  if (viewer.role === 'sales_rep') return '/my-path';
  return viewer.role === 'committee_member' ? '/reviews' : '/overview';
}

/** The page a path belongs to, for the role check in the layout. */
export function pageOfPath(pathname: string): PageKey | null {
  for (const [key, path] of Object.entries(PAGE_PATHS) as [PageKey, string][]) {
    if (pathname === path || pathname.startsWith(`${path}/`)) return key;
  }
  return null;
}

/**
 * The protected fields the API's field rules (a published policy, editable by HR) let the viewer
 * read, per person: loaded from `visibleFields` before a person's page asks for them
 * (`loadVisibleFields`). Nothing is shown before they are known.
 */
export type ProtectedField =
  | 'commission'
  | 'riskFactors'
  | 'feedbackComments'
  | 'feedbackAuthors'
  | 'voteComments'
  | 'personalData';
let visible = $state<Record<string, readonly ProtectedField[]>>({});

/** Records what the field rules in force let the viewer read about `employeeId`. */
export function setVisibleFields(employeeId: string, fields: readonly ProtectedField[]): void {
  visible = { ...visible, [employeeId]: fields };
}

export function canRead(field: ProtectedField, viewer: Viewer | undefined, employeeId: string): boolean {
  if (!viewer) return false;
  return visible[employeeId]?.includes(field) ?? false;
}
