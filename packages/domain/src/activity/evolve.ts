import type { ActivityEvent } from './events.ts';
import type { ActivityState } from './state.ts';

export function evolveActivity(state: ActivityState, event: ActivityEvent): ActivityState {
  switch (event.type) {
    case 'OpportunityCreated':
      return { ...state, opportunityIds: new Set([...state.opportunityIds, event.data.opportunityId]) };
    case 'ExpenseRecorded':
      return { ...state, expenseIds: new Set([...state.expenseIds, event.data.expenseId]) };
    // Counted by the read models; nothing the decider checks depends on them.
    case 'DemoGiven':
    case 'CustomerFollowUpLogged':
    case 'CustomerRetained':
    case 'CustomerChurned':
    case 'CustomerFeedbackGiven':
    case 'CollaborationCredited':
    case 'Feedback360Given':
    case 'AttendanceRecorded':
    case 'SatisfactionPulseAnswered':
    case 'InterventionRecorded':
    case 'SkillAssessed':
      return state;
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
