// The customers screen (#/customers, supervisors and admins): search by name or email, open a
// customer to see their conversations in every channel, and erase them (right to erasure)
// after a confirmation that says what will be deleted.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Trash2 } from 'lucide-react';
import { api, type Conversation } from '../api.js';
import { errorText } from '../errors.js';
import { useI18n } from '../i18n.js';
import type { CustomerSummaryView } from '../../contract/customers.js';
import type { CustomerView } from '../../contract/conversations.js';
import { Button, ConfirmDialog } from '../ui/index.js';
import '../settings/settings.css';

type Summary = CustomerSummaryView;

/** What erasing deletes, said in full inside the confirmation. */
function ErasureSummary({ customer, count }: { customer: Summary; count: number }) {
  const { t, tx } = useI18n();
  return (
    <>
      <p>{t('customers.eraseWhat')}</p>
      <ul>
        <li>{tx('customers.eraseRecord', {}, { name: customer.name ?? '–', email: customer.email ?? '–' })}</li>
        <li>{t('customers.eraseConversations', { count })}</li>
      </ul>
      <p>
        <strong>{t('customers.eraseFinal')}</strong>
      </p>
    </>
  );
}

function CustomerDetail({ summary, onErased }: { summary: Summary; onErased: () => void }) {
  const { t, tx, time } = useI18n();
  const [record, setRecord] = useState<CustomerView | null>(null);
  const [more, setMore] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    api.customer(summary.id).then((r) => {
      setRecord(r);
      setCursor(r.nextCursor);
    }, setError);
  }, [summary.id]);
  async function loadMore() {
    if (!cursor) return;
    try {
      const page = await api.conversations(`?customer=${summary.id}&cursor=${encodeURIComponent(cursor)}`);
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    }
  }
  const who = summary.name ?? summary.email ?? t('customer.anonymous');
  const conversations = record ? [...record.conversations, ...more] : [];
  return (
    <section className="detail" aria-labelledby="customer-title">
      <h3 id="customer-title" tabIndex={-1}>
        <bdi>{who}</bdi>
      </h3>
      <dl>
        <dt>{t('customers.email')}</dt>
        <dd>
          <bdi>{summary.email ?? '–'}</bdi>
        </dd>
        <dt>{t('customers.since')}</dt>
        <dd>{time(summary.createdAt)}</dd>
      </dl>
      <h4>{t('customers.timeline')}</h4>
      {error !== null && (
        <p role="alert" className="error">
          {errorText(error, t)}
        </p>
      )}
      {!record && error === null && <p role="status">{t('common.loading')}</p>}
      {record && conversations.length === 0 && <p>{t('customers.noConversations')}</p>}
      <ol className="timeline-list">
        {conversations.map((c) => (
          <li key={c.id}>
            <a href={`#/c/${c.id}`}>
              {t('customers.conversationLink', { channel: t(`channel.${c.channel}`), status: t(`status.${c.status}`) })}
            </a>{' '}
            <span className="meta">{time(c.lastMessageAt)}</span>
            {c.lastMessagePreview && (
              <p className="preview" dir="auto">
                {c.lastMessagePreview}
              </p>
            )}
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" className="secondary" onClick={() => void loadMore()}>
          {t('customers.moreConversations')}
        </button>
      )}
      <p>
        <Button variant="danger" icon={Trash2} onPress={() => setConfirming(true)}>
          {t('customers.erase')}
        </Button>
      </p>
      <ConfirmDialog
        isOpen={confirming}
        onOpenChange={setConfirming}
        title={tx('customers.eraseTitle', {}, { name: who })}
        confirmLabel={t('customers.eraseConfirm')}
        confirmIcon={Trash2}
        variant="danger"
        onConfirm={async () => {
          await api.eraseCustomer(summary.id);
          onErased();
        }}
      >
        <ErasureSummary customer={summary} count={summary.conversationCount} />
      </ConfirmDialog>
    </section>
  );
}

export function Customers() {
  const { t, tx, time } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Summary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Summary | null>(null);
  const [notice, setNotice] = useState<React.ReactNode>('');

  const search = useCallback(async (q: string, from?: string | null) => {
    try {
      const page = await api.searchCustomers(q, from);
      setResults((r) => (from && r ? [...r, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => void search(''), [search]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSelected(null);
    setNotice('');
    void search(query.trim());
  }

  return (
    <section aria-labelledby="customers-title" className="admin customers">
      <h2 id="customers-title">{t('customers.title')}</h2>
      <form role="search" onSubmit={submit} className="row">
        <label htmlFor="customer-search">{t('customers.search')}</label>{' '}
        <input id="customer-search" type="search" value={query} maxLength={200} onChange={(e) => setQuery(e.target.value)} />{' '}
        <button type="submit">{t('customers.searchButton')}</button>
      </form>
      <p role="status">{notice}</p>
      {error !== null && (
        <p role="alert" className="error">
          {errorText(error, t)}
        </p>
      )}
      {results && results.length === 0 && <p>{t('customers.none')}</p>}
      {results && results.length > 0 && (
        <div className="table-scroll">
          <table className="results">
            <caption className="visually-hidden">{t('customers.results')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('customers.name')}</th>
                <th scope="col">{t('customers.email')}</th>
                <th scope="col">{t('customers.conversations')}</th>
                <th scope="col">{t('customers.lastActivity')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((c) => (
                <tr key={c.id}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-current={selected?.id === c.id ? 'true' : undefined}
                      onClick={() => {
                        setSelected(c);
                        setNotice('');
                        setTimeout(() => document.getElementById('customer-title')?.focus(), 0);
                      }}
                    >
                      <bdi>{c.name ?? t('customer.anonymous')}</bdi>
                    </button>
                  </td>
                  <td>
                    <bdi>{c.email ?? '–'}</bdi>
                  </td>
                  <td>{c.conversationCount}</td>
                  <td>{c.lastActivityAt ? time(c.lastActivityAt) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void search(query.trim(), cursor)}>
          {t('customers.moreResults')}
        </button>
      )}
      {selected && (
        <CustomerDetail
          key={selected.id}
          summary={selected}
          onErased={() => {
            const who = selected.name ?? selected.email ?? t('customer.anonymous');
            setResults((r) => r?.filter((c) => c.id !== selected.id) ?? null);
            setSelected(null);
            setNotice(tx('customers.erased', {}, { name: who }));
            document.getElementById('customer-search')?.focus();
          }}
        />
      )}
    </section>
  );
}
