/**
 * The single table's key design. pk/sk address an item; gsi1 groups a parent's offers and contracts.
 * Access patterns: an offer or contract by id; a parent's contracts (gsi1: PARENT#id, CONTRACT#…);
 * an e-mail by kind and subject (its idempotency record).
 */
export const keys = {
  parent: (id: string) => ({ pk: `PARENT#${id}`, sk: 'PARENT' }),
  offer: (id: string) => ({ pk: `OFFER#${id}`, sk: 'OFFER' }),
  contract: (id: string) => ({ pk: `CONTRACT#${id}`, sk: 'CONTRACT' }),
  email: (kind: string, ref: string) => ({ pk: `EMAIL#${kind}#${ref}`, sk: 'EMAIL' }),
  byParent: (parentId: string, kind: 'OFFER' | 'CONTRACT', id: string) => ({
    gsi1pk: `PARENT#${parentId}`,
    gsi1sk: `${kind}#${id}`,
  }),
};

/** Deterministic workflow execution names: starting one twice is "already done" (ExecutionAlreadyExists). */
export const executionNames = {
  offer: (offerId: string) => `offer-${offerId}`,
};
