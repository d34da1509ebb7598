// Admin screens: staff accounts (create, change role, deactivate), the audit log, and the
// password change every staff member has.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, type Account, type AuditEntry, type Role } from './api.js';
import { describeAuditAction, describeAuditTarget } from './audit-text.js';
import { errorText, fieldIssue } from './errors.js';
import { useI18n } from './i18n.js';
import type { Language } from '../contract/languages.js';

const roles: Role[] = ['staff', 'supervisor', 'admin'];

function useError() {
  const { t } = useI18n();
  const [error, setError] = useState('');
  /** `field`: a request field whose refusal is shown as its reason alone (a weak password). */
  const run = async (action: () => Promise<void>, field?: string) => {
    setError('');
    try {
      await action();
    } catch (e) {
      setError((field && fieldIssue(e, field)) || errorText(e, t));
    }
  };
  return { error, run };
}

export function Accounts({ myId }: { myId: string }) {
  const { t, tx, language } = useI18n();
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [notice, setNotice] = useState<ReactNode>('');
  const { error, run } = useError();
  const reload = () => run(async () => setAccounts((await api.accounts()).items));
  useEffect(() => void reload(), []);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    await run(async () => {
      const account = await api.createAccount({
        email: String(data.get('email')),
        displayName: String(data.get('displayName')),
        role: String(data.get('role')) as Role,
        password: String(data.get('password')),
        language: language as Language,
      });
      form.reset();
      setNotice(tx('accounts.created', {}, { name: account.displayName }));
      await reload();
    }, 'body.password');
  }

  return (
    <section aria-labelledby="accounts-title" className="admin">
      <h2 id="accounts-title">{t('accounts.title')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status">{notice}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('accounts.name')}</th>
            <th scope="col">{t('accounts.email')}</th>
            <th scope="col">{t('accounts.role')}</th>
            <th scope="col">{t('accounts.state')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              <td>
                <bdi>{a.displayName}</bdi>
              </td>
              <td>
                <bdi>{a.email}</bdi>
              </td>
              <td>
                <select
                  aria-label={t('accounts.roleOf', { name: a.displayName })}
                  value={a.role}
                  disabled={a.id === myId}
                  onChange={(e) =>
                    void run(async () => {
                      await api.updateAccount(a.id, { role: e.target.value as Role });
                      await reload();
                    })
                  }
                >
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {a.active ? t('accounts.active') : t('accounts.inactive')}{' '}
                {a.id !== myId && (
                  <button
                    type="button"
                    onClick={() =>
                      void run(async () => {
                        await api.updateAccount(a.id, { active: !a.active });
                        await reload();
                      })
                    }
                  >
                    {a.active
                      ? tx('accounts.deactivate', {}, { name: a.displayName })
                      : tx('accounts.reactivate', {}, { name: a.displayName })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void create(e)} className="stacked">
        <h3>{t('accounts.create')}</h3>
        <label htmlFor="new-name">{t('accounts.name')}</label>
        <input id="new-name" name="displayName" required maxLength={100} />
        <label htmlFor="new-email">{t('accounts.email')}</label>
        <input id="new-email" name="email" type="email" required autoComplete="off" />
        <label htmlFor="new-role">{t('accounts.role')}</label>
        <select id="new-role" name="role" defaultValue="staff">
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <label htmlFor="new-password">{t('accounts.password')}</label>
        <input id="new-password" name="password" type="password" minLength={10} required autoComplete="new-password" />
        <button type="submit">{t('accounts.create')}</button>
      </form>
    </section>
  );
}

export function Audit() {
  const { t, tx, time } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const { error, run } = useError();
  useEffect(() => {
    // Targets that are staff accounts are shown by name; without the list, by kind only.
    api.accounts().then(
      (page) => setNames(new Map(page.items.map((a) => [a.id, a.displayName]))),
      () => undefined,
    );
  }, []);
  const load = (from?: string) =>
    run(async () => {
      const page = await api.audit(from);
      setEntries((current) => (from ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setLoaded(true);
    });
  useEffect(() => void load(), []);
  return (
    <section aria-labelledby="audit-title" className="admin">
      <h2 id="audit-title">{t('audit.title')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {loaded && entries.length === 0 && <p>{t('audit.empty')}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.target')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.createdAt}>{time(e.createdAt)}</time>
              </td>
              <td>{e.actor ? <bdi>{e.actor.displayName}</bdi> : t('audit.system')}</td>
              <td>{describeAuditAction(e, t)}</td>
              <td>{describeAuditTarget(e, t, tx, names)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor && (
        <button type="button" onClick={() => void load(cursor)}>
          {t('inbox.loadMore')}
        </button>
      )}
    </section>
  );
}

export function PasswordForm() {
  const { t } = useI18n();
  const [done, setDone] = useState('');
  const { error, run } = useError();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    await run(async () => {
      await api.changePassword(String(data.get('current')), String(data.get('next')));
      form.reset();
      setDone(t('password.changed'));
    }, 'body.newPassword');
  }
  return (
    <section aria-labelledby="password-title" className="admin">
      <h2 id="password-title">{t('password.title')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status">{done}</p>
      <form onSubmit={(e) => void submit(e)} className="stacked">
        <label htmlFor="current">{t('password.current')}</label>
        <input id="current" name="current" type="password" required autoComplete="current-password" />
        <label htmlFor="next">{t('password.new')}</label>
        <input id="next" name="next" type="password" minLength={10} required autoComplete="new-password" />
        <button type="submit">{t('password.save')}</button>
      </form>
    </section>
  );
}
