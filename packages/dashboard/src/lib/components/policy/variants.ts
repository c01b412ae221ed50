const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * The id a branch's first variant of a headquarters default is published under: the default's
 * id and the branch (`<defaultId>-<branch>`), which `policyLabel` reads as the default's name.
 * `kind` stands in for an id with no letters or digits.
 */
export const variantIdOf = (defaultId: string, branchId: string, kind: string): string =>
  `${slug(defaultId) || kind}-${slug(branchId) || 'branch'}`;

/** The policy kinds a branch may have a variant of, by the policies list's kind. */
export const VARIANT_KIND_OF = {
  scoringPolicy: 'scoring',
  ladder: 'ladder',
  targetPolicy: 'target',
} as const;

/** The message naming a variant's kind, by the policy history's kind. */
export const VARIANT_KIND_LABEL = {
  scoring: 'policyKind.scoringPolicy',
  ladder: 'policyKind.ladder',
  target: 'policyKind.targetPolicy',
  commission: 'policyKind.commissionPlan',
} as const;
