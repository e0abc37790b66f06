import { mayReachLocation } from '#shared/staff/roles.ts';
import { callerOf } from './adapters/caller.ts';
import { httpHandler, json } from './adapters/http.ts';
import { openTasks } from './adapters/task-store.ts';

/**
 * GET /tasks (staff): what the system could not do and staff must look at (an e-mail not sent, a debtor
 * left out of a direct debit, a record given up on), and the procedures' next steps, oldest first, each
 * with its reason. A location manager sees the tasks of their own location only (issue 13): a complaint
 * to answer, care to suspend or resume; never finance's.
 */
export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const tasks = await openTasks();
  return json(200, {
    tasks:
      caller.role === 'location-manager'
        ? tasks.filter((t) => t.location !== undefined && mayReachLocation(caller, t.location))
        : tasks,
  });
});
