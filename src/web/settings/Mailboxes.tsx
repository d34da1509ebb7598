// Settings → Email (admins): the library's mailboxes with how their mail fetching is doing, a
// form to add or change one (texts per language, IMAP and SMTP, write-only passwords), "test
// connection" that says in plain words what failed, and deleting with a confirmation.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Pencil, Plug, Plus, Save, Trash2 } from 'lucide-react';
import { ApiError } from '../api.js';
import { errorText, fieldIssue } from '../errors.js';
import { useI18n, type I18n } from '../i18n.js';
import { Badge, Button, Checkbox, ConfirmDialog, Form, FormError, Select, Switch, TextArea, TextField } from '../ui/index.js';
import { languages, type Localized } from '../../contract/languages.js';
import type { ConnectionCode, ConnectionTestResult, MailSecurityKind } from '../../contract/mailboxes.js';
import { mailboxApi, type Mailbox } from './mailbox-api.js';
import {
  createBodyOf,
  outcomesOf,
  settingsOfDraft,
  testBodyOf,
  toMailboxDraft,
  updateBodyOf,
  type MailboxDraft,
  type ServerDraft,
  type SideOutcome,
} from './mailbox-draft.js';

type T = I18n['t'];

/** Every code a test or the poller can store with a sentence of its own (the type keeps it complete). */
const sentenceFor: Record<ConnectionCode, true> = {
  dns_not_found: true,
  dns_failed: true,
  connection_refused: true,
  unreachable: true,
  timeout: true,
  tls_failed: true,
  tls_certificate: true,
  starttls_unsupported: true,
  login_failed: true,
  password_missing: true,
  folder_not_found: true,
  protocol_error: true,
  unknown: true,
};
const isConnectionCode = (code: string): code is ConnectionCode => Object.hasOwn(sentenceFor, code);

function reasonOf(t: T, code: ConnectionCode, values: { host: string; port: number; folder: string }): string {
  return t(`mailboxes.code.${code}`, values);
}

/** "Incoming mail (IMAP): works." / "…: Signing in failed: check the user name and password." */
function outcomeSentence(t: T, outcome: SideOutcome): string {
  const side = t(outcome.side === 'imap' ? 'mailboxes.imap' : 'mailboxes.smtp');
  if (outcome.ok || !outcome.code) return t('mailboxes.testOk', { side });
  return t('mailboxes.testFailed', { side, reason: reasonOf(t, outcome.code, outcome.values) });
}

function TestOutcome({
  id,
  outcomes,
  testing,
  nothing,
}: {
  id: string;
  outcomes: SideOutcome[] | null;
  testing: boolean;
  nothing?: boolean;
}) {
  const { t } = useI18n();
  // The region is always there, so that a screen reader announces what appears in it.
  return (
    <div id={id} className="mailbox-test" role="status" aria-live="polite">
      {testing && <p>{t('mailboxes.testing')}</p>}
      {!testing && nothing && <p>{t('mailboxes.testNothing')}</p>}
      {!testing && outcomes && outcomes.length > 0 && (
        <ul aria-label={t('mailboxes.testResultTitle')}>
          {outcomes.map((o) => (
            <li key={o.side} className={o.ok ? 'test-ok' : 'test-failed'}>
              {outcomeSentence(t, o)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function StatusBadge({ mailbox }: { mailbox: Mailbox }) {
  const { t, time } = useI18n();
  if (!mailbox.active) return <Badge>{t('mailboxes.inactive')}</Badge>;
  if (!mailbox.imap) return <Badge>{t('mailboxes.badge.noImap')}</Badge>;
  if (mailbox.lastError) {
    const values = { host: mailbox.imap.host, port: mailbox.imap.port, folder: mailbox.imap.folder };
    const reason = isConnectionCode(mailbox.lastError) ? reasonOf(t, mailbox.lastError, values) : t('mailboxes.code.other');
    return (
      <span className="mailbox-status">
        <Badge tone="danger">{t('mailboxes.badge.error')}</Badge>{' '}
        {mailbox.lastErrorAt ? t('mailboxes.badge.errorSince', { reason, time: time(mailbox.lastErrorAt) }) : reason}
      </span>
    );
  }
  if (mailbox.lastSuccessAt) {
    return (
      <span className="mailbox-status">
        <Badge tone="success">{t('mailboxes.badge.ok')}</Badge> {t('mailboxes.badge.okSince', { time: time(mailbox.lastSuccessAt) })}
      </span>
    );
  }
  return <Badge>{t('mailboxes.badge.never')}</Badge>;
}

function MailboxItem({ mailbox, onEdit, onDeleted }: { mailbox: Mailbox; onEdit: () => void; onDeleted: () => Promise<void> }) {
  const { t } = useI18n();
  const [testing, setTesting] = useState(false);
  const [outcomes, setOutcomes] = useState<SideOutcome[] | null>(null);
  const [testError, setTestError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const address = mailbox.address;
  const resultId = `mailbox-test-${mailbox.id}`;

  async function test() {
    setTesting(true);
    setTestError('');
    try {
      const result = await mailboxApi.testSaved(mailbox.id);
      setOutcomes(outcomesOf(result, mailbox));
    } catch (e) {
      setTestError(errorText(e, t));
    } finally {
      setTesting(false);
    }
  }

  return (
    <li className="mailbox-item">
      <div className="mailbox-summary">
        <h4>
          <bdi>{address}</bdi>
        </h4>
        <StatusBadge mailbox={mailbox} />
      </div>
      <div className="mailbox-actions">
        <Button variant="secondary" icon={Pencil} onPress={onEdit} aria-label={t('mailboxes.editNamed', { address })}>
          {t('mailboxes.edit')}
        </Button>
        <Button
          variant="secondary"
          icon={Plug}
          onPress={() => void test()}
          isDisabled={testing || (!mailbox.imap && !mailbox.smtp)}
          aria-label={t('mailboxes.testNamed', { address })}
          aria-describedby={resultId}
        >
          {t('mailboxes.test')}
        </Button>
        <Button variant="quiet" icon={Trash2} onPress={() => setConfirming(true)} aria-label={t('mailboxes.deleteNamed', { address })}>
          {t('mailboxes.delete')}
        </Button>
      </div>
      <TestOutcome id={resultId} outcomes={outcomes} testing={testing} />
      <FormError>{testError}</FormError>
      <ConfirmDialog
        isOpen={confirming}
        onOpenChange={setConfirming}
        title={t('mailboxes.deleteTitle', { address })}
        confirmLabel={t('mailboxes.delete')}
        confirmIcon={Trash2}
        variant="danger"
        onConfirm={async () => {
          await mailboxApi.remove(mailbox.id);
          await onDeleted();
        }}
      >
        <p>{t('mailboxes.deleteBody')}</p>
      </ConfirmDialog>
    </li>
  );
}

export function MailboxesSection() {
  const { t } = useI18n();
  const [mailboxes, setMailboxes] = useState<Mailbox[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const [notice, setNotice] = useState('');
  // Back from the form, focus lands on the list's heading instead of being lost with the form.
  const listHeading = useRef<HTMLHeadingElement>(null);
  const returning = useRef(false);
  useEffect(() => {
    if (editing === null && returning.current) listHeading.current?.focus();
    returning.current = editing !== null;
  }, [editing]);

  const load = useCallback(async () => {
    try {
      setMailboxes(await mailboxApi.list());
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, []);
  useEffect(() => void load(), [load]);

  if (editing !== null) {
    return (
      <MailboxForm
        key={editing === 'new' ? 'new' : editing.id}
        mailbox={editing === 'new' ? null : editing}
        onDone={async (message) => {
          setEditing(null);
          setNotice(message);
          await load();
        }}
      />
    );
  }
  return (
    <div className="mailboxes">
      <h3 ref={listHeading} tabIndex={-1}>
        {t('mailboxes.title')}
      </h3>
      <p className="hint">{t('mailboxes.intro')}</p>
      <p role="status" className="save-status">
        {notice}
      </p>
      {loadError !== null && (
        <p role="alert" className="error">
          {errorText(loadError, t)}
        </p>
      )}
      {mailboxes === null && loadError === null && <p>{t('common.loading')}</p>}
      {mailboxes?.length === 0 && <p>{t('mailboxes.empty')}</p>}
      {mailboxes && mailboxes.length > 0 && (
        <ul className="mailbox-list">
          {mailboxes.map((m) => (
            <MailboxItem
              key={m.id}
              mailbox={m}
              onEdit={() => {
                setNotice('');
                setEditing(m);
              }}
              onDeleted={async () => {
                setNotice(t('mailboxes.deleted', { address: m.address }));
                await load();
              }}
            />
          ))}
        </ul>
      )}
      <Button
        icon={Plus}
        onPress={() => {
          setNotice('');
          setEditing('new');
        }}
      >
        {t('mailboxes.add')}
      </Button>
    </div>
  );
}

function LanguageFields({
  id,
  legend,
  hint,
  value,
  onChange,
  issue,
  multiline,
  maxLength,
}: {
  id: string;
  legend: string;
  hint?: string;
  value: Localized;
  onChange: (value: Localized) => void;
  issue: (path: string) => string | undefined;
  multiline?: boolean;
  maxLength: number;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="localized">
      <legend>{legend}</legend>
      {hint && <p className="hint">{hint}</p>}
      {languages.map((l) => {
        const props = {
          label: t(`lang.${l}`),
          value: value[l],
          onChange: (text: string) => onChange({ ...value, [l]: text }),
          errorMessage: issue(`body.${id}.${l}`),
          maxLength,
          lang: l,
          name: `${id}-${l}`,
        };
        return multiline ? <TextArea key={l} {...props} rows={3} /> : <TextField key={l} {...props} />;
      })}
    </fieldset>
  );
}

const securityKeys = { tls: 'mailboxes.securityTls', starttls: 'mailboxes.securityStarttls', none: 'mailboxes.securityNone' } as const;

function ServerFields({
  side,
  value,
  onChange,
  passwordSet,
  issue,
}: {
  side: 'imap' | 'smtp';
  value: ServerDraft & { folder?: string };
  onChange: (change: Partial<ServerDraft & { folder: string }>) => void;
  passwordSet: boolean;
  issue: (path: string) => string | undefined;
}) {
  const { t } = useI18n();
  const at = (field: string) => issue(`body.${side}.${field}`) ?? (field === '' ? issue(`body.${side}`) : undefined);
  return (
    <fieldset className="mailbox-server">
      <legend>{t(side === 'imap' ? 'mailboxes.imap' : 'mailboxes.smtp')}</legend>
      <Switch isSelected={value.enabled} onChange={(enabled) => onChange({ enabled })}>
        {t(side === 'imap' ? 'mailboxes.imapEnabled' : 'mailboxes.smtpEnabled')}
      </Switch>
      {value.enabled && (
        <>
          <div className="mailbox-server-row">
            <TextField
              className="host"
              label={t('mailboxes.host')}
              description={t('mailboxes.hostHint')}
              name={`${side}-host`}
              value={value.host}
              onChange={(host) => onChange({ host })}
              errorMessage={at('host')}
              isRequired
              autoComplete="off"
              spellCheck="false"
            />
            <TextField
              className="port"
              label={t('mailboxes.port')}
              name={`${side}-port`}
              inputMode="numeric"
              value={value.port}
              onChange={(port) => onChange({ port })}
              errorMessage={at('port')}
              isRequired
            />
          </div>
          <Select<MailSecurityKind>
            label={t('mailboxes.security')}
            options={(['tls', 'starttls', 'none'] as const).map((id) => ({ id, label: t(securityKeys[id]) }))}
            value={value.security}
            onChange={(security) => onChange({ security })}
            errorMessage={at('security')}
          />
          <TextField
            label={t('mailboxes.user')}
            description={side === 'smtp' ? t('mailboxes.smtpUserHint') : undefined}
            name={`${side}-user`}
            value={value.user}
            onChange={(user) => onChange({ user })}
            errorMessage={at('user')}
            isRequired={side === 'imap'}
            autoComplete="off"
          />
          <TextField
            label={t('mailboxes.password')}
            description={t(passwordSet && !value.clearPassword ? 'mailboxes.passwordSet' : 'mailboxes.passwordNotSet')}
            name={`${side}-password`}
            type="password"
            autoComplete="new-password"
            value={value.password}
            onChange={(password) => onChange({ password, ...(password ? { clearPassword: false } : {}) })}
            errorMessage={issue(`body.${side}Password`)}
          />
          {passwordSet && (
            <Checkbox isSelected={value.clearPassword} onChange={(clearPassword) => onChange({ clearPassword, password: '' })}>
              {t('mailboxes.passwordClear')}
            </Checkbox>
          )}
          {side === 'imap' && (
            <TextField
              label={t('mailboxes.folder')}
              description={t('mailboxes.folderHint')}
              name="imap-folder"
              value={value.folder ?? 'INBOX'}
              onChange={(folder) => onChange({ folder })}
              errorMessage={at('folder')}
            />
          )}
        </>
      )}
    </fieldset>
  );
}

function MailboxForm({ mailbox, onDone }: { mailbox: Mailbox | null; onDone: (message: string) => Promise<void> }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<MailboxDraft>(() => toMailboxDraft(mailbox));
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [outcomes, setOutcomes] = useState<SideOutcome[] | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const issue = (path: string) => fieldIssue(saveError, path) ?? fieldIssue(testError, path);
  const conflict = saveError instanceof ApiError && saveError.code === 'conflict';
  // Also a refusal of fields shown under them: the summary says what to fix when one is out of sight.
  const unplaced = saveError !== null;
  const set = (change: Partial<MailboxDraft>) => setDraft((d) => ({ ...d, ...change }));
  const title = mailbox ? t('mailboxes.editTitle', { address: mailbox.address }) : t('mailboxes.newTitle');
  const nothingToTest = !draft.imap.enabled && !draft.smtp.enabled;

  async function save() {
    setSaving(true);
    try {
      if (mailbox) await mailboxApi.update(mailbox.id, updateBodyOf(draft), mailbox.version);
      else await mailboxApi.create(createBodyOf(draft));
      setSaveError(null);
      await onDone(t('mailboxes.saved'));
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  }

  async function test() {
    if (nothingToTest) {
      setOutcomes([]);
      return;
    }
    setTesting(true);
    setTestError(null);
    setOutcomes(null);
    try {
      const result: ConnectionTestResult = await mailboxApi.testUnsaved(testBodyOf(draft, mailbox?.id));
      const settings = settingsOfDraft(draft);
      setOutcomes(outcomesOf(result, settings));
    } catch (e) {
      setTestError(e);
    } finally {
      setTesting(false);
    }
  }

  return (
    <Form
      className="mailbox-form"
      aria-labelledby="mailbox-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="mailbox-form-title" ref={heading} tabIndex={-1}>
        <bdi>{title}</bdi>
      </h3>
      <fieldset>
        <legend>{t('mailboxes.address')}</legend>
        <TextField
          label={t('mailboxes.address')}
          hideLabel
          name="address"
          type="email"
          autoComplete="off"
          value={draft.address}
          onChange={(address) => set({ address })}
          errorMessage={issue('body.address')}
          isRequired
          maxLength={254}
        />
        <Switch isSelected={draft.active} onChange={(active) => set({ active })}>
          {t('mailboxes.active')}
        </Switch>
        <p className="hint">{t('mailboxes.activeHint')}</p>
      </fieldset>
      <LanguageFields
        id="displayName"
        legend={t('mailboxes.displayName')}
        hint={t('mailboxes.displayNameHint')}
        value={draft.displayName}
        onChange={(displayName) => set({ displayName })}
        issue={issue}
        maxLength={100}
      />
      <LanguageFields
        id="signature"
        legend={t('mailboxes.signature')}
        hint={t('mailboxes.signatureHint')}
        value={draft.signature}
        onChange={(signature) => set({ signature })}
        issue={issue}
        multiline
        maxLength={2000}
      />
      <fieldset>
        <legend>{t('mailboxes.receiptText')}</legend>
        <Switch isSelected={draft.receiptEnabled} onChange={(receiptEnabled) => set({ receiptEnabled })}>
          {t('mailboxes.receiptEnabled')}
        </Switch>
        <p className="hint">{t('mailboxes.receiptHint')}</p>
        <FormError>{issue('body.receiptText')}</FormError>
        {languages.map((l) => (
          <TextArea
            key={l}
            label={t(`lang.${l}`)}
            lang={l}
            name={`receiptText-${l}`}
            rows={3}
            maxLength={4000}
            value={draft.receiptText[l]}
            onChange={(text) => set({ receiptText: { ...draft.receiptText, [l]: text } })}
            errorMessage={issue(`body.receiptText.${l}`)}
          />
        ))}
      </fieldset>
      <ServerFields
        side="imap"
        value={draft.imap}
        passwordSet={mailbox?.imapPasswordSet ?? false}
        onChange={(change) => setDraft((d) => ({ ...d, imap: { ...d.imap, ...change } }))}
        issue={issue}
      />
      <ServerFields
        side="smtp"
        value={draft.smtp}
        passwordSet={mailbox?.smtpPasswordSet ?? false}
        onChange={(change) => setDraft((d) => ({ ...d, smtp: { ...d.smtp, ...change } }))}
        issue={issue}
      />
      <div className="mailbox-test-bar">
        <Button variant="secondary" icon={Plug} onPress={() => void test()} isDisabled={testing} aria-describedby="mailbox-form-test">
          {t('mailboxes.test')}
        </Button>
        <TestOutcome id="mailbox-form-test" outcomes={outcomes} testing={testing} nothing={nothingToTest && outcomes !== null} />
        {testError !== null && !(testError instanceof ApiError && testError.code === 'validation_failed') && (
          <FormError>{errorText(testError, t)}</FormError>
        )}
      </div>
      <div className="save-bar">
        {unplaced && (
          <div role="alert" className="error">
            <p>{errorText(saveError, t)}</p>
            {conflict && (
              <Button variant="secondary" onPress={() => void onDone('')}>
                {t('mailboxes.reload')}
              </Button>
            )}
          </div>
        )}
        <Button type="submit" icon={Save} isDisabled={saving}>
          {saving ? t('mailboxes.saving') : t('mailboxes.save')}
        </Button>
        <Button variant="secondary" onPress={() => void onDone('')}>
          {t('mailboxes.cancel')}
        </Button>
      </div>
    </Form>
  );
}
