/**
 * INV-4: invoice numbers are consecutive per year, without a duplicate, and without a gap that is not
 * explained. A run reserves them for a page of parents (in one transaction with the page's record) before
 * it writes the page's invoices, so that a page run again gets the same numbers. When a page runs again
 * after its parents changed (a contract arrived for a parent the page had none for, or a parent no longer
 * gets an invoice), its reservation is revised here: every parent the page invoices has a number.
 *
 * A reserved number is never given to another parent: an earlier attempt of the same page may still be
 * writing the invoice that carries it (a retry while the first call runs), and giving it away would put
 * one number on two invoices (found by the numbering property, issue 8 item 8). A parent new to the page
 * takes the next numbers from the counter; a number whose parent no longer gets an invoice stays unused,
 * and the run's summary says which and why (the parent's skipped reason).
 */
export interface NumberRevision {
  /** The page's reservation after the revision: parent → number. */
  assignments: Record<string, number>;
  /** Parents that still need a number: the counter gives them the next ones, in this order. */
  unnumbered: string[];
  /** Numbers reserved for parents who no longer get an invoice: they stay unused, and are reported. */
  unused: { parent: string; number: number }[];
  /** Whether the reservation must be written again. */
  changed: boolean;
}

/**
 * The reservation a page needs now. `planned`: the parents the page invoices, in order; `invoiced`: those of
 * its parents (planned or reserved) whose invoice for the month exists already.
 */
export function reviseNumbers(
  reserved: Readonly<Record<string, number>>,
  planned: readonly string[],
  invoiced: ReadonlySet<string>,
): NumberRevision {
  const plannedSet = new Set(planned);
  const unnumbered = planned.filter((p) => !invoiced.has(p) && reserved[p] === undefined);
  const unused = Object.entries(reserved)
    .filter(([parent]) => !plannedSet.has(parent) && !invoiced.has(parent))
    .sort(([, a], [, b]) => a - b)
    .map(([parent, number]) => ({ parent, number }));
  return { assignments: { ...reserved }, unnumbered, unused, changed: unnumbered.length > 0 };
}
