/** One newcomer's mentorship, folded from `mentorship-<menteeId>`. */
export interface MentorshipState {
  /** The current mentor, null before the first assignment. */
  readonly mentorId: string | null;
  /** Everyone who has mentored this newcomer, the current mentor included. */
  readonly pastMentors: ReadonlySet<string>;
}

export const initialMentorshipState: MentorshipState = { mentorId: null, pastMentors: new Set() };
