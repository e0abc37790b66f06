import { Logger } from '@aws-lambda-powertools/logger';

/** Structured logs. Never log names, e-mail addresses, IBANs or request bodies: ids only. */
export const logger = new Logger({ serviceName: 'opvang' });
