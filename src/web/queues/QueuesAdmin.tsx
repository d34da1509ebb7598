// Admin: the library's queues (names per language, targets per channel, members, the
// default, deletion), and the routing rules that send new conversations to them.
import { useEffect, useState, type FormEvent } from 'react';
import { api, type Account } from '../api.js';
import { errorText } from '../errors.js';
import { Plus, Save, Trash2 } from 'lucide-react';
import { Badge, Button, ConfirmDialog } from '../ui/index.js';
import { useI18n } from '../i18n.js';
import { channelKinds, type ChannelKind } from '../../contract/kinds.js';
import { languages, type Language } from '../../contract/languages.js';
import type { QueueName } from '../../contract/queues.js';
import { queueApi, type RuleInput, type Targets } from './queue-api.js';
import { queueName, type Queue } from './queue-text.js';
import { reloadQueues, useQueues } from './use-queues.js';

function useRun() {
  const { t } = useI18n();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const run = async (action: () => Promise<string>) => {
    setError('');
    setNotice('');
    try {
      setNotice(await action());
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return { error, notice, run };
}

export function QueuesAdmin() {
  const { t, language } = useI18n();
  const queues = useQueues();
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  useEffect(() => {
    void reloadQueues();
    api.accounts().then(
      (page) => setAccounts(page.items),
      () => undefined,
    );
  }, []);
  const active = queues.filter((q) => !q.deletedAt);
  const selected = queues.find((q) => q.id === editing) ?? null;
  return (
    <section aria-labelledby="queues-title" className="admin queues-admin">
      <h2 id="queues-title">{t('queues.admin.title')}</h2>
      <table>
        <caption className="visually-hidden">{t('queues.admin.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('queues.admin.name')}</th>
            <th scope="col">{t('queues.admin.members')}</th>
            <th scope="col">{t('queues.admin.chatTargets')}</th>
            <th scope="col">{t('queues.admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {active.map((q) => (
            <tr key={q.id}>
              <th scope="row">
                {queueName(q.name, language)} {q.isDefault && <Badge tone="info">{t('queues.admin.default')}</Badge>}
              </th>
              <td>{q.members.map((m) => m.displayName).join(', ') || '–'}</td>
              <td>
                {q.targets.chat
                  ? t('queues.admin.targetSummary', {
                      first: q.targets.chat.firstResponseMinutes ?? '–',
                      resolution: q.targets.chat.resolutionMinutes ?? '–',
                    })
                  : '–'}
              </td>
              <td>
                <Button
                  variant="secondary"
                  onPress={() => setEditing(q.id)}
                  aria-label={t('queues.admin.editNamed', { name: queueName(q.name, language) })}
                >
                  {t('queues.admin.edit')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button icon={Plus} onPress={() => setEditing('new')}>
        {t('queues.admin.new')}
      </Button>
      {editing !== null && (
        <QueueForm key={editing} queue={selected} accounts={accounts.filter((a) => a.active)} onDone={() => setEditing(null)} />
      )}
      <RoutingRules queues={active} />
    </section>
  );
}

function QueueForm({ queue, accounts, onDone }: { queue: Queue | null; accounts: Account[]; onDone: () => void }) {
  const { t, language } = useI18n();
  const { error, notice, run } = useRun();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const title = queue ? t('queues.admin.editTitle', { name: queueName(queue.name, language) }) : t('queues.admin.newTitle');

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name: QueueName = {};
    for (const lang of languages) {
      const value = String(data.get(`name-${lang}`) ?? '').trim();
      if (value) name[lang] = value;
    }
    const targets: Targets = {};
    for (const channel of channelKinds) {
      const first = String(data.get(`first-${channel}`) ?? '');
      const resolution = String(data.get(`resolution-${channel}`) ?? '');
      if (first || resolution) {
        targets[channel] = {
          firstResponseMinutes: first ? Number(first) : null,
          resolutionMinutes: resolution ? Number(resolution) : null,
        };
      }
    }
    const members = data.getAll('member').map(String);
    await run(async () => {
      const saved = queue ? await queueApi.updateQueue(queue.id, { name, targets }) : await queueApi.createQueue({ name, targets });
      await queueApi.setMembers(saved.id, members);
      await reloadQueues();
      onDone();
      return '';
    });
  }

  return (
    <form className="stacked queue-form" onSubmit={(e) => void save(e)} aria-labelledby="queue-form-title">
      <h3 id="queue-form-title">{title}</h3>
      <fieldset>
        <legend>{t('queues.admin.nameLegend')}</legend>
        {languages.map((lang) => (
          <label key={lang}>
            {t(`lang.${lang}`)}
            <input name={`name-${lang}`} lang={lang} maxLength={100} defaultValue={queue?.name[lang] ?? ''} />
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('queues.admin.targetsLegend')}</legend>
        <p className="hint">{t('queues.admin.targetsHint')}</p>
        <table className="targets">
          <thead>
            <tr>
              <th scope="col">{t('inbox.channel')}</th>
              <th scope="col">{t('queues.admin.firstResponse')}</th>
              <th scope="col">{t('queues.admin.resolution')}</th>
            </tr>
          </thead>
          <tbody>
            {channelKinds.map((channel: ChannelKind) => (
              <tr key={channel}>
                <th scope="row" id={`target-${channel}`}>
                  {t(`channel.${channel}`)}
                </th>
                <td>
                  <input
                    name={`first-${channel}`}
                    type="number"
                    min={1}
                    max={43200}
                    aria-label={t('queues.admin.firstResponseFor', { channel: t(`channel.${channel}`) })}
                    defaultValue={queue?.targets[channel]?.firstResponseMinutes ?? ''}
                  />
                </td>
                <td>
                  <input
                    name={`resolution-${channel}`}
                    type="number"
                    min={1}
                    max={43200}
                    aria-label={t('queues.admin.resolutionFor', { channel: t(`channel.${channel}`) })}
                    defaultValue={queue?.targets[channel]?.resolutionMinutes ?? ''}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset>
        <legend>{t('queues.admin.members')}</legend>
        {accounts.map((a) => (
          <label key={a.id} className="checkbox">
            <input type="checkbox" name="member" value={a.id} defaultChecked={queue?.memberIds.includes(a.id) ?? false} />
            <bdi>{a.displayName}</bdi>
          </label>
        ))}
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status">{notice}</p>
      <div className="actions">
        <Button type="submit" icon={Save}>
          {t('queues.admin.save')}
        </Button>
        <Button variant="secondary" onPress={onDone}>
          {t('common.cancel')}
        </Button>
        {queue && !queue.isDefault && (
          <Button
            variant="secondary"
            onPress={() =>
              void run(async () => {
                await queueApi.updateQueue(queue.id, { isDefault: true });
                await reloadQueues();
                return t('queues.admin.madeDefault');
              })
            }
          >
            {t('queues.admin.makeDefault')}
          </Button>
        )}
        {queue && !queue.isDefault && (
          <Button variant="secondary" onPress={() => setConfirmDelete(true)}>
            {t('queues.admin.delete')}
          </Button>
        )}
      </div>
      {queue && (
        <ConfirmDialog
          isOpen={confirmDelete}
          onOpenChange={setConfirmDelete}
          title={t('queues.admin.delete')}
          confirmLabel={t('queues.admin.deleteConfirm')}
          confirmIcon={Trash2}
          variant="danger"
          onConfirm={async () => {
            await queueApi.deleteQueue(queue.id);
            await reloadQueues();
            onDone();
          }}
        >
          {t('queues.admin.deleteQuestion', { name: queueName(queue.name, language) })}
        </ConfirmDialog>
      )}
    </form>
  );
}

function RoutingRules({ queues }: { queues: Queue[] }) {
  const { t, language } = useI18n();
  const { error, notice, run } = useRun();
  const [rules, setRules] = useState<RuleInput[]>([]);
  useEffect(() => {
    queueApi.rules().then(
      (page) =>
        setRules(page.items.map(({ channel, language: lang, entryPoint, queueId }) => ({ channel, language: lang, entryPoint, queueId }))),
      () => undefined,
    );
  }, []);
  const change = (index: number, changes: Partial<RuleInput>) =>
    setRules((list) => list.map((r, i) => (i === index ? { ...r, ...changes } : r)));
  const move = (index: number, by: number) =>
    setRules((list) => {
      const next = [...list];
      const [rule] = next.splice(index, 1);
      if (rule) next.splice(index + by, 0, rule);
      return next;
    });

  return (
    <section aria-labelledby="rules-title" className="routing-rules">
      <h3 id="rules-title">{t('queues.rules.title')}</h3>
      <p className="hint">{t('queues.rules.hint')}</p>
      {rules.length === 0 ? (
        <p>{t('queues.rules.none')}</p>
      ) : (
        <ol>
          {rules.map((rule, index) => (
            <li key={index} aria-label={t('queues.rules.rule', { number: index + 1 })}>
              <label>
                {t('inbox.channel')}
                <select
                  value={rule.channel ?? ''}
                  onChange={(e) => change(index, { channel: (e.target.value || null) as ChannelKind | null })}
                >
                  <option value="">{t('inbox.any')}</option>
                  {channelKinds.map((c) => (
                    <option key={c} value={c}>
                      {t(`channel.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('inbox.language')}
                <select
                  value={rule.language ?? ''}
                  onChange={(e) => change(index, { language: (e.target.value || null) as Language | null })}
                >
                  <option value="">{t('inbox.any')}</option>
                  {languages.map((l) => (
                    <option key={l} value={l}>
                      {t(`lang.${l}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('queues.rules.entryPoint')}
                <input
                  value={rule.entryPoint ?? ''}
                  maxLength={64}
                  placeholder={t('inbox.any')}
                  onChange={(e) => change(index, { entryPoint: e.target.value.trim() || null })}
                />
              </label>
              <label>
                {t('queues.rules.queue')}
                <select value={rule.queueId} onChange={(e) => change(index, { queueId: e.target.value })}>
                  {queues.map((q) => (
                    <option key={q.id} value={q.id}>
                      {queueName(q.name, language)}
                    </option>
                  ))}
                </select>
              </label>
              <span className="actions">
                <Button variant="secondary" isDisabled={index === 0} onPress={() => move(index, -1)}>
                  {t('queues.rules.up')}
                </Button>
                <Button variant="secondary" isDisabled={index === rules.length - 1} onPress={() => move(index, 1)}>
                  {t('queues.rules.down')}
                </Button>
                <Button variant="secondary" onPress={() => setRules((list) => list.filter((_, i) => i !== index))}>
                  {t('queues.rules.remove')}
                </Button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status">{notice}</p>
      <div className="actions">
        <Button
          variant="secondary"
          isDisabled={queues.length === 0}
          onPress={() => setRules((list) => [...list, { channel: null, language: null, entryPoint: null, queueId: queues[0]?.id ?? '' }])}
        >
          {t('queues.rules.add')}
        </Button>
        <Button
          onPress={() =>
            void run(async () => {
              await queueApi.setRules(rules);
              return t('queues.rules.saved');
            })
          }
        >
          {t('queues.rules.save')}
        </Button>
      </div>
    </section>
  );
}
