// Admin screens: staff accounts (create, change role, deactivate), the audit log, and the
// password change every staff member has. What an action did is said in a toast that the next
// action replaces; a role change and a deactivation are confirmed first, and a refusal is
// shown in the dialog that asked.
import { useEffect, useState, type FormEvent } from 'react';
import { KeyRound, UserMinus, UserPlus, UserCheck } from 'lucide-react';
import { api, type Account, type AuditEntry, type Role } from './api.js';
import { describeAuditAction, describeAuditTarget } from './audit-text.js';
import { errorText } from './errors.js';
import { useI18n } from './i18n.js';
import type { Language } from '../contract/languages.js';
import { Badge, Button, ConfirmDialog, Form, FormError, Select, TextField, useFormSubmit, useToast } from './ui/index.js';

const roles: Role[] = ['staff', 'supervisor', 'admin'];

function useError() {
  const { t } = useI18n();
  const [error, setError] = useState('');
  const run = async (action: () => Promise<void>) => {
    setError('');
    try {
      await action();
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return { error, run };
}

type Pending = { kind: 'role'; account: Account; role: Role } | { kind: 'deactivate'; account: Account } | null;

export function Accounts({ myId }: { myId: string }) {
  const { t, tx, language } = useI18n();
  const toast = useToast();
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [pending, setPending] = useState<Pending>(null);
  const [newRole, setNewRole] = useState<Role>('staff');
  const { error, run } = useError();
  const form = useFormSubmit();
  const reload = () => run(async () => setAccounts((await api.accounts()).items));
  useEffect(() => void reload(), []);
  const roleOptions = roles.map((r) => ({ id: r, label: t(`role.${r}`) }));

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    await form.run(
      async () => {
        const account = await api.createAccount({
          email: String(data.get('email')),
          displayName: String(data.get('displayName')),
          role: newRole,
          password: String(data.get('password')),
          language: language as Language,
        });
        element.reset();
        setNewRole('staff');
        toast.success(tx('accounts.created', {}, { name: account.displayName }));
        await reload();
      },
      { 'body.password': 'password', 'body.email': 'email', 'body.displayName': 'displayName' },
    );
  }

  async function reactivate(account: Account) {
    toast.clear();
    try {
      await api.updateAccount(account.id, { active: true });
      toast.success(tx('shell.accounts.reactivated', {}, { name: account.displayName }));
    } catch (e) {
      toast.error(errorText(e, t));
    }
    await reload();
  }

  return (
    <section aria-labelledby="accounts-title" className="admin">
      <h2 id="accounts-title">{t('accounts.title')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {/* Scrolls sideways on a phone; focusable so the keyboard can scroll it too. */}
      <div className="table-scroll" role="region" aria-labelledby="accounts-title" tabIndex={0}>
        <table className="data-table">
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
                  {a.id === myId && <span className="meta-inline"> {t('shell.accounts.you')}</span>}
                </td>
                <td>
                  <bdi>{a.email}</bdi>
                </td>
                <td>
                  <Select
                    className="role-select"
                    label={t('accounts.roleOf', { name: a.displayName })}
                    hideLabel
                    value={a.role}
                    isDisabled={a.id === myId}
                    options={roleOptions}
                    onChange={(role) => {
                      toast.clear();
                      if (role !== a.role) setPending({ kind: 'role', account: a, role });
                    }}
                  />
                </td>
                <td>
                  <div className="cell-actions">
                    <Badge tone={a.active ? 'success' : 'neutral'}>{a.active ? t('accounts.active') : t('accounts.inactive')}</Badge>
                    {a.id !== myId &&
                      (a.active ? (
                        <Button
                          variant="secondary"
                          icon={UserMinus}
                          onPress={() => {
                            toast.clear();
                            setPending({ kind: 'deactivate', account: a });
                          }}
                        >
                          {tx('accounts.deactivate', {}, { name: a.displayName })}
                        </Button>
                      ) : (
                        <Button variant="secondary" icon={UserCheck} onPress={() => void reactivate(a)}>
                          {tx('accounts.reactivate', {}, { name: a.displayName })}
                        </Button>
                      ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <ConfirmDialog
        isOpen={pending?.kind === 'role'}
        onOpenChange={(open) => !open && setPending(null)}
        title={pending ? tx('shell.accounts.roleTitle', {}, { name: pending.account.displayName }) : ''}
        confirmLabel={t('shell.accounts.roleConfirm')}
        onConfirm={async () => {
          if (pending?.kind !== 'role') return;
          await api.updateAccount(pending.account.id, { role: pending.role });
          toast.success(tx('shell.accounts.roleChanged', { role: t(`role.${pending.role}`) }, { name: pending.account.displayName }));
          await reload();
        }}
      >
        {pending?.kind === 'role' && (
          <p>{t('shell.accounts.roleBody', { from: t(`role.${pending.account.role}`), to: t(`role.${pending.role}`) })}</p>
        )}
      </ConfirmDialog>

      <ConfirmDialog
        isOpen={pending?.kind === 'deactivate'}
        onOpenChange={(open) => !open && setPending(null)}
        title={pending ? tx('shell.accounts.deactivateTitle', {}, { name: pending.account.displayName }) : ''}
        confirmLabel={t('shell.accounts.deactivateConfirm')}
        confirmIcon={UserMinus}
        variant="danger"
        onConfirm={async () => {
          if (pending?.kind !== 'deactivate') return;
          await api.updateAccount(pending.account.id, { active: false });
          toast.success(tx('shell.accounts.deactivated', {}, { name: pending.account.displayName }));
          await reload();
        }}
      >
        {pending?.kind === 'deactivate' && <p>{tx('shell.accounts.deactivateBody', {}, { name: pending.account.displayName })}</p>}
      </ConfirmDialog>

      <Form onSubmit={(e) => void create(e)} aria-labelledby="create-title" className="panel">
        <h3 id="create-title">{t('accounts.create')}</h3>
        <TextField label={t('accounts.name')} name="displayName" isRequired maxLength={100} errorMessage={form.fieldErrors.displayName} />
        <TextField
          label={t('accounts.email')}
          name="email"
          type="email"
          isRequired
          autoComplete="off"
          errorMessage={form.fieldErrors.email}
        />
        <Select label={t('accounts.role')} options={roleOptions} value={newRole} onChange={setNewRole} />
        <TextField
          label={t('accounts.password')}
          name="password"
          type="password"
          minLength={10}
          isRequired
          autoComplete="new-password"
          errorMessage={form.fieldErrors.password}
        />
        <FormError>{form.formError}</FormError>
        <Button type="submit" icon={UserPlus}>
          {t('accounts.create')}
        </Button>
      </Form>
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
      <div className="table-scroll" role="region" aria-labelledby="audit-title" tabIndex={0}>
        <table className="data-table">
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
      </div>
      {cursor && (
        <Button variant="secondary" onPress={() => void load(cursor)}>
          {t('inbox.loadMore')}
        </Button>
      )}
    </section>
  );
}

export function PasswordForm() {
  const { t } = useI18n();
  const toast = useToast();
  const form = useFormSubmit();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    toast.clear();
    await form.run(
      async () => {
        await api.changePassword(String(data.get('current')), String(data.get('next')));
        element.reset();
        toast.success(t('password.changed'));
      },
      { 'body.newPassword': 'next' },
    );
  }
  return (
    <section aria-labelledby="password-title" className="admin">
      <h2 id="password-title">{t('password.title')}</h2>
      <Form onSubmit={(e) => void submit(e)} aria-labelledby="password-title" className="panel">
        <TextField label={t('password.current')} name="current" type="password" isRequired autoComplete="current-password" />
        <TextField
          label={t('password.new')}
          name="next"
          type="password"
          minLength={10}
          isRequired
          autoComplete="new-password"
          errorMessage={form.fieldErrors.next}
        />
        <FormError>{form.formError}</FormError>
        <Button type="submit" icon={KeyRound}>
          {t('password.save')}
        </Button>
      </Form>
    </section>
  );
}
