import { apiFile } from './api.ts';
import { h, replace } from './dom.ts';
import { formatDate, t } from './i18n.ts';
import { hashOf, type PageContext } from './router.ts';
import { errorBox, field, form, heading, notice, table } from './ui.ts';

/**
 * Finance, issue 10 item 3: the day's letters (DUN-3 second reminders, DUN-8 notices) as one PDF to print
 * (GET /letters?date=). A day without letters answers JSON, with the letters still waiting for a postal
 * address; the content type tells the two apart.
 */
export function todayIso(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

let lastUrl: string | undefined;

export function lettersPage(ctx: PageContext): Node {
  const day = ctx.query.get('date') ?? todayIso();
  const result = h('div', { class: 'result' });
  const fetchLetters = async () => {
    replace(result, h('p', { class: 'loading' }, t('loading')));
    const file = await apiFile(`/letters?${new URLSearchParams({ date: day })}`);
    if (file.type === 'application/pdf') {
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = URL.createObjectURL(file.blob);
      const name = file.filename ?? `brieven-${day}.pdf`;
      replace(
        result,
        notice(t('letters.ready', { date: formatDate(day), size: Math.ceil(file.blob.size / 1024) })),
        h(
          'p',
          { class: 'actions' },
          h(
            'a',
            { href: lastUrl, target: '_blank', rel: 'noopener', class: 'button primary' },
            t('letters.open'),
          ),
          h('a', { href: lastUrl, download: name, class: 'button' }, t('letters.download', { name })),
        ),
      );
      return;
    }
    const answer = JSON.parse(await file.blob.text()) as {
      letters: unknown[];
      withoutAddress?: { id: string; parentId: string; invoice: string }[];
    };
    replace(
      result,
      notice(t('letters.none', { date: formatDate(day) })),
      answer.withoutAddress?.length
        ? table(
            t('letters.withoutAddress'),
            [
              {
                header: t('col.parent'),
                cell: (l) => h('a', { href: `#/parents/${encodeURIComponent(l.parentId)}` }, l.parentId),
              },
              { header: t('col.invoice'), cell: (l) => l.invoice },
              { header: t('col.letter'), cell: (l) => l.id },
            ],
            answer.withoutAddress,
          )
        : null,
    );
  };
  const page = h(
    'div',
    {},
    heading(t('page.letters')),
    h('p', {}, t('letters.intro')),
    form(
      { label: t('letters.pick'), class: 'inline' },
      [
        field(t('col.date'), { name: 'date', type: 'date', value: day, required: true }),
        h('button', { type: 'submit', class: 'primary' }, t('letters.fetch')),
      ],
      async (values) => {
        if (values.date && values.date !== day) ctx.go(hashOf('/letters', { date: values.date, fetch: '1' }));
        else await fetchLetters().catch((error) => replace(result, errorBox(error)));
      },
    ),
    result,
  );
  if (ctx.query.get('fetch')) void fetchLetters().catch((error) => replace(result, errorBox(error)));
  return page;
}
