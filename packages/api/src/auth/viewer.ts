import type { ReadScope } from '@trackrecord/projections';
import { z } from 'zod';

/** The roles of Track Record: who uses the platform, each with what they may read and do. */
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

export const ROLE_LABELS: Record<Role, { en: string; zh: string }> = {
  hr_admin: { en: 'HR administrator', zh: '人力资源管理员' },
  committee_member: { en: 'Review committee member', zh: '评审委员会成员' },
  analyst: { en: 'Analyst', zh: '数据分析师' },
  auditor: { en: 'Auditor', zh: '审计员' },
  branch_manager: { en: 'Branch manager', zh: '分公司经理' },
  team_manager: { en: 'Team manager', zh: '团队经理' },
  sales_rep: { en: 'Sales representative', zh: '销售代表' },
};

/**
 * Who is asking. Branch and team managers carry the unit they manage, a sales rep the
 * employee they are; the claims are checked whenever a token is read.
 */
export const viewerSchema = z
  .object({
    userId: z.string().min(1),
    name: z.string().min(1),
    /** The name in English (romanised) for pages in English, when known. */
    nameEn: z.string().min(1).optional(),
    role: z.enum(ROLES),
    branchId: z.string().min(1).optional(),
    teamId: z.string().min(1).optional(),
    employeeId: z.string().min(1).optional(),
    /**
     * Set for a user signed in through the identity provider: the id of the token they present
     * (a dashboard session or an API token), which can be revoked. The claims of such a token
     * are never trusted: role and scope are read from the grants in force at every request.
     */
    tokenId: z.string().min(1).optional(),
    tokenKind: z.enum(['session', 'api']).optional(),
    /**
     * The grant in force the role comes from (set with tokenId, never from a token's claims):
     * the position of its `RoleGranted` event and the day it took effect. The access log
     * names it for every protected read.
     */
    grantPosition: z.string().regex(/^\d+$/).optional(),
    grantedAt: z.string().min(1).optional(),
  })
  .superRefine((viewer, ctx) => {
    // Claims end up in events' metadata (the actor): no control characters or broken UTF-16.
    for (const [key, value] of Object.entries(viewer)) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
      if (typeof value === 'string' && (/[\u0000-\u001f\u007f]/.test(value) || !value.isWellFormed())) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'must not contain control characters or unpaired surrogates',
        });
      }
    }
    const need = (field: 'branchId' | 'teamId' | 'employeeId') => {
      if (!viewer[field])
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${viewer.role} needs ${field}` });
    };
    if (viewer.role === 'branch_manager') need('branchId');
    if (viewer.role === 'team_manager') need('teamId');
    if (viewer.role === 'sales_rep') need('employeeId');
  });
export type Viewer = z.infer<typeof viewerSchema>;

/**
 * Which people a viewer may see ({@link ReadScope}, the read models' own scope type), applied
 * where data is loaded (dataloaders, aggregates), never only in the UI: headquarters roles see
 * everyone, a branch manager one branch, a team manager one team, a rep only themself.
 */
export function dataScope(viewer: Viewer): ReadScope {
  switch (viewer.role) {
    case 'hr_admin':
    case 'committee_member':
    case 'analyst':
    case 'auditor':
      return { kind: 'all' };
    case 'branch_manager':
      return { kind: 'branch', branchId: required(viewer.branchId, 'branchId') };
    case 'team_manager':
      return { kind: 'team', teamId: required(viewer.teamId, 'teamId') };
    case 'sales_rep':
      return { kind: 'self', employeeId: required(viewer.employeeId, 'employeeId') };
    default: {
      const unreachable: never = viewer.role;
      throw new Error(`unknown role ${String(unreachable)}`);
    }
  }
}

function required(value: string | undefined, field: string): string {
  if (!value) throw new Error(`viewer is missing ${field}`);
  return value;
}
