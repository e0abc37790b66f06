import type { Policy } from '../policy.ts';
import { type Email, emailTo, type Texts } from './common.ts';
import { type ComplaintFacts, complainant, nextStepsLines } from './complaint-common.ts';

type Values = ComplaintFacts & { bodies: Policy['complaints'] };

/** KLA-5, KLA-6: four weeks without an answer: the parent is told that day of the next steps. */
const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Uw klacht (${v.id}): de mogelijkheden die u heeft`,
    lines: [
      `Uw klacht van ${say.date(v.submittedOn)} heeft na vier weken nog geen antwoord. Wij werken eraan en antwoorden uiterlijk ${say.date(v.deadlines.answerBy)}.`,
      'U hoeft daar niet op te wachten:',
      ...nextStepsLines('nl', say, v.bodies, v.deadlines.externalBy),
    ],
  }),
  en: (v, say) => ({
    subject: `Your complaint (${v.id}): the options you have`,
    lines: [
      `Your complaint of ${say.date(v.submittedOn)} has not been answered after four weeks. We are working on it and will answer by ${say.date(v.deadlines.answerBy)}.`,
      'You need not wait for that:',
      ...nextStepsLines('en', say, v.bodies, v.deadlines.externalBy),
    ],
  }),
};

export function complaintNextStepsEmail(facts: ComplaintFacts, policy: Pick<Policy, 'complaints'>): Email {
  return emailTo(
    complainant(facts),
    { kind: 'complaint-next-steps', ref: facts.id },
    TEXT,
    { ...facts, bodies: policy.complaints },
    { team: policy.complaints.team },
  );
}
