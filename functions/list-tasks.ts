import { httpHandler, json } from './adapters/http.ts';
import { openTasks } from './adapters/task-store.ts';

/**
 * GET /tasks (admin): what the system could not do and staff must look at (an e-mail not sent, a debtor
 * left out of a direct debit, a record given up on), oldest first, each with its reason.
 */
export const handler = httpHandler(async () => json(200, { tasks: await openTasks() }));
