import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { completeTask } from './adapters/task-store.ts';

/**
 * POST /tasks/{task}/done (admin), issue 10 item 4: staff did what a task asked (handed a claim over,
 * posted a letter, sent an e-mail by hand): it leaves `GET /tasks`. 404 for an unknown task.
 */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'task');
  const task = await completeTask(id);
  if (!task) throw new HttpError(404, { error: `task ${id} not found` });
  return json(200, { task });
});
