import type { ConsoleConfig } from './config.ts';
import { h, replace } from './dom.ts';
import { t } from './i18n.ts';
import { LoginRefused, logIn, type Session, setNewPassword } from './session.ts';
import { errorBox, field, form, heading, notice } from './ui.ts';

/**
 * Sign-in: e-mail and password, to the local runtime (POST /auth/login) or to Cognito (USER_PASSWORD_AUTH,
 * and the new password a user made by an administrator sets on first sign-in).
 */
function refusal(error: unknown): unknown {
  if (!(error instanceof LoginRefused)) return error;
  if (error.reason === 'credentials') return t('login.wrong');
  if (error.reason === 'no-role') return t('login.noRole');
  if (error.reason === 'unreachable') return t('error.unreachable');
  if (error.reason === 'throttled') return t('login.throttled');
  return t('login.failed', { detail: error.message });
}

export function loginPage(
  config: ConsoleConfig,
  reason: 'expired' | undefined,
  done: (s: Session) => void,
): Node {
  const area = h('div', {});
  const signIn = form(
    { label: t('login.form') },
    [
      field(t('login.email'), { name: 'email', type: 'email', required: true, autocomplete: 'username' }),
      field(t('login.password'), {
        name: 'password',
        type: 'password',
        required: true,
        autocomplete: 'current-password',
      }),
      h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
    ],
    async ({ email = '', password = '' }) => {
      try {
        const step = await logIn(config, email, password);
        if ('done' in step) return done(step.done);
        replace(area, newPasswordForm(config, step.newPassword, done));
        area.querySelector('input')?.focus();
      } catch (error) {
        throw refusal(error);
      }
    },
  );
  area.append(signIn);
  return h(
    'div',
    { class: 'login' },
    heading(t('login.title')),
    reason === 'expired' ? h('div', { role: 'alert', class: 'alert warning' }, t('error.expired')) : null,
    area,
  );
}

function newPasswordForm(
  config: ConsoleConfig,
  challenge: { session: string; email: string },
  done: (s: Session) => void,
): Node {
  return h(
    'div',
    {},
    notice(t('login.newPasswordNeeded')),
    form(
      { label: t('login.newPasswordForm') },
      [
        field(t('login.newPassword'), {
          name: 'password',
          type: 'password',
          required: true,
          autocomplete: 'new-password',
        }),
        h('button', { type: 'submit', class: 'primary' }, t('login.setPassword')),
      ],
      async ({ password = '' }) => {
        try {
          done(await setNewPassword(config, challenge, password));
        } catch (error) {
          throw refusal(error);
        }
      },
    ),
  );
}

/** The console could not start (no config.json): said plainly, in a page that still has its landmarks. */
export function startFailure(message: string): Node {
  return h('div', {}, heading(t('start.failed')), errorBox(message));
}
