import type { Policy } from '../policy.ts';
import { type Email, emailTo, type Texts } from './common.ts';
import { type ComplaintFacts, complainant, nextStepsLines } from './complaint-common.ts';

/** KLA-4: the written answer, with its reasons and a concrete term for any measures. */
export interface AnswerFacts extends ComplaintFacts {
  answer: string;
  reasons: string;
  measures?: string;
  measuresBy?: string;
}

type Values = AnswerFacts & { bodies: Policy['complaints'] };

const quoted = (text: string) => text.split(/\r?\n/);

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Ons antwoord op uw klacht (${v.id})`,
    lines: [
      `Hierbij ons antwoord op uw klacht van ${say.date(v.submittedOn)} (kenmerk ${v.id}).`,
      '',
      ...quoted(v.answer),
      '',
      'Onze overwegingen:',
      ...quoted(v.reasons),
      ...(v.measures
        ? [
            '',
            `Wat wij doen${v.measuresBy ? `, uiterlijk ${say.date(v.measuresBy)}` : ''}:`,
            ...quoted(v.measures),
          ]
        : []),
      '',
      'Bent u het niet eens met dit antwoord, dan kunt u verder:',
      ...nextStepsLines('nl', say, v.bodies, v.deadlines.externalBy),
    ],
  }),
  en: (v, say) => ({
    subject: `Our answer to your complaint (${v.id})`,
    lines: [
      `This is our answer to your complaint of ${say.date(v.submittedOn)} (reference ${v.id}).`,
      '',
      ...quoted(v.answer),
      '',
      'Our reasons:',
      ...quoted(v.reasons),
      ...(v.measures
        ? [
            '',
            `What we will do${v.measuresBy ? `, by ${say.date(v.measuresBy)}` : ''}:`,
            ...quoted(v.measures),
          ]
        : []),
      '',
      'If you do not agree with this answer, you can take it further:',
      ...nextStepsLines('en', say, v.bodies, v.deadlines.externalBy),
    ],
  }),
};

export function complaintAnswerEmail(facts: AnswerFacts, policy: Pick<Policy, 'complaints'>): Email {
  return emailTo(
    complainant(facts),
    { kind: 'complaint-answer', ref: facts.id },
    TEXT,
    { ...facts, bodies: policy.complaints },
    { team: policy.complaints.team },
  );
}
