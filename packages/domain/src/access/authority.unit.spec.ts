import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.ts';
import { type ManagedUnit, requireWithinUnit, withinUnit } from './authority.ts';

const branchManager: ManagedUnit = { kind: 'branch', branchId: 'b1' };
const teamManager: ManagedUnit = { kind: 'team', teamId: 't1' };
const ownPerson = { branchId: 'b1', teamId: 't1' };
const sameBranchOtherTeam = { branchId: 'b1', teamId: 't2' };
const otherBranch = { branchId: 'b2', teamId: 't9' };

function refusal(run: () => void) {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, ...error.details, message: error.message };
    throw error;
  }
  return undefined;
}

describe("authority: a manager's targets, splits and acknowledgements only for their people", () => {
  describe("a manager's targets (SetTarget, adjustments)", () => {
    it("a team manager sets their own person's target", () => {
      expect(withinUnit(teamManager, ownPerson)).toBe(true);
    });
    it("refused: a team manager sets the target of another team's person", () => {
      expect(
        refusal(() => requireWithinUnit(teamManager, sameBranchOtherTeam, 'employee e36', 'subjectId')),
      ).toEqual({
        code: 'ILLEGAL_STATE',
        rule: 'outside_scope',
        unit: 'team',
        subject: 'employee e36',
        field: 'subjectId',
        message: 'employee e36 is outside your team',
      });
    });
    it('a branch manager sets targets anywhere in their branch, refused in another branch', () => {
      expect(withinUnit(branchManager, sameBranchOtherTeam)).toBe(true);
      expect(
        refusal(() => requireWithinUnit(branchManager, otherBranch, 'employee e9', 'subjectId')),
      ).toMatchObject({
        rule: 'outside_scope',
        unit: 'branch',
      });
    });
    it('refused: a target for someone whose unit is unknown (never hired)', () => {
      expect(withinUnit(teamManager, undefined)).toBe(false);
      expect(withinUnit(branchManager, {})).toBe(false);
    });
  });
  describe('splits (SplitTeamTarget)', () => {
    it("a team manager splits their own team's target", () => {
      expect(withinUnit(teamManager, { teamId: 't1' })).toBe(true);
    });
    it("refused: a team manager splits another team's target", () => {
      expect(
        refusal(() => requireWithinUnit(teamManager, { teamId: 't2' }, 'team t2', 'teamId')),
      ).toMatchObject({
        rule: 'outside_scope',
        field: 'teamId',
      });
    });
  });
  describe('alert acknowledgements (AcknowledgeAlert)', () => {
    it('a branch manager acknowledges an alert about a person of their branch', () => {
      expect(withinUnit(branchManager, ownPerson)).toBe(true);
    });
    it("refused: another branch's manager acknowledges it", () => {
      expect(
        refusal(() => requireWithinUnit(branchManager, otherBranch, 'alert a1', 'alertId')),
      ).toMatchObject({
        rule: 'outside_scope',
        message: 'alert a1 is outside your branch',
      });
    });
    it('refused: an alert about no one known', () => {
      expect(refusal(() => requireWithinUnit(teamManager, undefined, 'alert a2', 'alertId'))).toMatchObject({
        rule: 'outside_scope',
      });
    });
  });
});
