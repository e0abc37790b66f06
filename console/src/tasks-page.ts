import { apiGet, apiPost } from './api.ts';
import { h, replace } from './dom.ts';
import { t } from './i18n.ts';
import { pagedTable, pagesOf } from './paged-table.ts';
import { button, date, errorBox, heading, notice } from './ui.ts';

/**
 * Staff tasks (GET /tasks): what the system could not do and people must (an e-mail not sent, a letter
 * without an address, a debtor left out of a batch), and the procedures' own next steps (answer a
 * complaint, KLA-3; an escalation, KLA-7). Done with POST /tasks/{task}/done. The API answers the open
 * tasks whole (those the role may see); they are shown 25 at a time.
 */
interface Task {
  id: string;
  what: string;
  subject: string;
  error: string;
  on: string;
  parentId?: string;
  month?: string;
  kind?: 'work';
}

export async function tasksPage(): Promise<Node> {
  const page = h('div', {}, heading(t('page.tasks')), h('p', {}, t('tasks.intro')));
  let tasks: Task[];
  try {
    tasks = (await apiGet<{ tasks: Task[] }>('/tasks')).tasks;
  } catch (error) {
    page.append(errorBox(error));
    return page;
  }
  page.append(
    pagedTable<Task>({
      caption: t('tasks.caption', { count: tasks.length }),
      columns: [
        { header: t('col.date'), cell: (task) => date(task.on) },
        {
          header: t('col.what'),
          cell: (task) => (task.kind === 'work' ? t('tasks.work', { what: task.what }) : task.what),
        },
        { header: t('col.task'), cell: (task) => task.error },
        {
          header: t('col.parent'),
          cell: (task) =>
            task.parentId
              ? h('a', { href: `#/parents/${encodeURIComponent(task.parentId)}` }, task.parentId)
              : '—',
        },
        { header: t('col.actions'), cell: (task) => doneButton(task) },
      ],
      load: pagesOf(tasks, 25),
    }),
  );
  return page;
}

function doneButton(task: Task): Node {
  const cell = h('div', {});
  const done = button(t('tasks.done'), {
    'aria-label': t('tasks.doneLabel', { task: task.error.slice(0, 80) }),
    onclick: async () => {
      done.disabled = true;
      try {
        await apiPost(`/tasks/${encodeURIComponent(task.id)}/done`);
        replace(cell, notice(t('tasks.marked')));
      } catch (error) {
        done.disabled = false;
        cell.append(errorBox(error));
      }
    },
  });
  cell.append(done);
  return cell;
}
