import { mayReachLocation } from '#shared/staff/roles.ts';
import { callerOf } from './adapters/caller.ts';
import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { completeTask, getTask } from './adapters/task-store.ts';

/**
 * POST /tasks/{task}/done (staff), issue 10 item 4: staff did what a task asked (handed a claim over,
 * posted a letter, sent an e-mail by hand): it leaves `GET /tasks`. 404 for an unknown task; 403 for a
 * location manager and a task that is not of their location (issue 13).
 */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'task');
  const caller = callerOf(event);
  if (caller.role === 'location-manager') {
    const task = await getTask(id);
    if (!task) throw new HttpError(404, { error: `task ${id} not found` });
    if (task.location === undefined || !mayReachLocation(caller, task.location))
      throw new HttpError(403, {
        error: 'forbidden',
        issues: [{ field: 'task', problem: `task ${id} is not one of your location's` }],
      });
  }
  const task = await completeTask(id);
  if (!task) throw new HttpError(404, { error: `task ${id} not found` });
  return json(200, { task });
});
