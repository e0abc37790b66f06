import {
  type ComplaintFormMapping,
  TALLY_DEFAULT_MAPPING,
  TYPEFORM_DEFAULT_MAPPING,
} from './form-mapping.ts';
import type { IntakeResult } from './intake.ts';
import {
  GENERIC_DEFAULT_MAPPING,
  GENERIC_SIGNATURE_HEADER,
  genericSignatureHeaders,
  genericToIntake,
  verifyGenericSignature,
} from './providers/generic.ts';
import {
  TALLY_SIGNATURE_HEADER,
  tallySignatureHeaders,
  tallyToIntake,
  verifyTallySignature,
} from './providers/tally.ts';
import {
  TYPEFORM_SIGNATURE_HEADER,
  typeformSignatureHeaders,
  typeformToIntake,
  verifyTypeformSignature,
} from './providers/typeform.ts';
import type { RawBody, SignatureCheck } from './webhook-signatures.ts';

/**
 * Issue 11 item 1: the form providers `POST /webhooks/complaints/{provider}` takes, each verified the
 * way it signs and mapped onto the complaint by the form's mapping (docs/complaint-webhooks.md).
 */
export const COMPLAINT_PROVIDERS = ['typeform', 'tally', 'generic'] as const;
export type ComplaintProviderName = (typeof COMPLAINT_PROVIDERS)[number];

export function isComplaintProvider(name: string | undefined): name is ComplaintProviderName {
  return (COMPLAINT_PROVIDERS as readonly (string | undefined)[]).includes(name);
}

export interface ComplaintProvider {
  name: ComplaintProviderName;
  /** The header the provider's signature comes in. */
  signatureHeader: string;
  /** Whether `rawBody` (exactly as received) was signed with `secret`; `now` matters to `generic` only. */
  verify(
    rawBody: RawBody,
    headers: Record<string, string | undefined>,
    secret: string,
    now: Date,
  ): SignatureCheck;
  /** The complaint in the provider's parsed body, or each problem named by our field and its question. */
  toIntake(body: unknown, mapping?: ComplaintFormMapping): IntakeResult;
  /** The headers the provider would send with `rawBody`: for the simulator, the bench and the tests. */
  sign(rawBody: RawBody, secret: string, now: Date): Record<string, string>;
  /** The mapping used when the form has none configured. */
  defaultMapping: ComplaintFormMapping | typeof GENERIC_DEFAULT_MAPPING;
}

export const complaintProviders: Record<ComplaintProviderName, ComplaintProvider> = {
  typeform: {
    name: 'typeform',
    signatureHeader: TYPEFORM_SIGNATURE_HEADER,
    verify: verifyTypeformSignature,
    toIntake: typeformToIntake,
    sign: (rawBody, secret) => typeformSignatureHeaders(rawBody, secret),
    defaultMapping: TYPEFORM_DEFAULT_MAPPING,
  },
  tally: {
    name: 'tally',
    signatureHeader: TALLY_SIGNATURE_HEADER,
    verify: verifyTallySignature,
    toIntake: tallyToIntake,
    sign: (rawBody, secret) => tallySignatureHeaders(rawBody, secret),
    defaultMapping: TALLY_DEFAULT_MAPPING,
  },
  generic: {
    name: 'generic',
    signatureHeader: GENERIC_SIGNATURE_HEADER,
    verify: verifyGenericSignature,
    toIntake: genericToIntake,
    sign: genericSignatureHeaders,
    defaultMapping: GENERIC_DEFAULT_MAPPING,
  },
};
