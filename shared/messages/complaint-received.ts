import type { Policy } from '../policy.ts';
import { type Email, emailTo, type Texts } from './common.ts';
import { CATEGORY, type ComplaintFacts, complainant } from './complaint-common.ts';

/** KLA-2: the written acknowledgement, the same day: the reference, who answers and by when (KLA-4). */
export interface ReceivedFacts extends ComplaintFacts {
  /** The complaint as the form gave it: quoted back as plain text. */
  text: string;
}

const TEXT: Texts<ReceivedFacts> = {
  nl: (v, say) => ({
    subject: `Wij hebben uw klacht ontvangen (${v.id})`,
    lines: [
      `Op ${say.date(v.submittedOn)} ontvingen wij uw klacht over ${CATEGORY.nl[v.category]} bij ${v.location}. Uw kenmerk is ${v.id}.`,
      `Wij behandelen uw klacht zorgvuldig en geven u zo snel mogelijk een schriftelijk en gemotiveerd antwoord, uiterlijk ${say.date(v.deadlines.answerBy)}.`,
      '',
      'Uw klacht:',
      ...v.text.split(/\r?\n/).map((line) => `> ${line}`),
    ],
  }),
  en: (v, say) => ({
    subject: `We have received your complaint (${v.id})`,
    lines: [
      `On ${say.date(v.submittedOn)} we received your complaint about ${CATEGORY.en[v.category]} at ${v.location}. Your reference is ${v.id}.`,
      `We will handle it with care and answer you in writing, with our reasons, as soon as possible and by ${say.date(v.deadlines.answerBy)} at the latest.`,
      '',
      'Your complaint:',
      ...v.text.split(/\r?\n/).map((line) => `> ${line}`),
    ],
  }),
};

export function complaintReceivedEmail(facts: ReceivedFacts, policy: Pick<Policy, 'complaints'>): Email {
  return emailTo(complainant(facts), { kind: 'complaint-received', ref: facts.id }, TEXT, facts, {
    team: policy.complaints.team,
  });
}
