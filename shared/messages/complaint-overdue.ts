import type { Policy } from '../policy.ts';
import { type Email, emailTo, type Texts } from './common.ts';
import { type ComplaintFacts, complainant, nextStepsLines } from './complaint-common.ts';

type Values = ComplaintFacts & { bodies: Policy['complaints'] };

/** KLA-7, KLA-6: six weeks without an answer: escalated to management; the parent may go straight on. */
const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Uw klacht (${v.id}) is niet binnen zes weken beantwoord`,
    lines: [
      `Wij hadden uw klacht van ${say.date(v.submittedOn)} uiterlijk ${say.date(v.deadlines.answerBy)} moeten beantwoorden. Dat is niet gelukt; onze excuses. Uw klacht ligt nu bij de directie.`,
      `U mag zich nu rechtstreeks wenden tot ${v.bodies.geschillencommissie.name}, zonder ons antwoord af te wachten.`,
      ...nextStepsLines('nl', say, v.bodies, v.deadlines.externalBy),
    ],
  }),
  en: (v, say) => ({
    subject: `Your complaint (${v.id}) was not answered within six weeks`,
    lines: [
      `We should have answered your complaint of ${say.date(v.submittedOn)} by ${say.date(v.deadlines.answerBy)}. We did not; our apologies. Your complaint is now with our management.`,
      `You may now go directly to ${v.bodies.geschillencommissie.name}, without waiting for our answer.`,
      ...nextStepsLines('en', say, v.bodies, v.deadlines.externalBy),
    ],
  }),
};

export function complaintOverdueEmail(facts: ComplaintFacts, policy: Pick<Policy, 'complaints'>): Email {
  return emailTo(
    complainant(facts),
    { kind: 'complaint-overdue', ref: facts.id },
    TEXT,
    { ...facts, bodies: policy.complaints },
    { team: policy.complaints.team },
  );
}
