// The "Saved replies" screen: the library's replies (admins and supervisors keep them) and
// one's own, with a form that adds or changes one. The server checks placeholders and
// shortcuts; its messages show beside the field they are about.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { languages, type Language } from '../contract/languages.js';
import { placeholderNames } from '../contract/placeholders.js';
import type { PartialLocalized } from '../contract/tags.js';
import type { Me } from './api.js';
import { errorText, fieldIssue } from './errors.js';
import { useI18n } from './i18n.js';
import { repliesApi, type SavedReply } from './answers/saved-replies-api.js';

interface Draft {
  id: string | null;
  scope: 'library' | 'personal';
  title: string;
  shortcut: string;
  body: Record<Language, string>;
  keywords: string;
}

const emptyDraft = (scope: Draft['scope']): Draft => ({
  id: null,
  scope,
  title: '',
  shortcut: '',
  body: { fi: '', sv: '', en: '' },
  keywords: '',
});

export function SavedReplies({ me }: { me: Me }) {
  const { t } = useI18n();
  const keepsLibrary = me.account.role === 'admin' || me.account.role === 'supervisor';
  const [replies, setReplies] = useState<SavedReply[]>([]);
  const [draft, setDraft] = useState<Draft>(emptyDraft('personal'));
  const [failure, setFailure] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setReplies((await repliesApi.list()).items);
    } catch (e) {
      setFailure(e);
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setStatus('');
    const body = Object.fromEntries(languages.filter((l) => draft.body[l].trim()).map((l) => [l, draft.body[l]])) as PartialLocalized;
    const input = {
      title: draft.title,
      shortcut: draft.shortcut.trim() || null,
      body,
      keywords: draft.keywords
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    };
    try {
      if (draft.id) await repliesApi.update(draft.id, input);
      else await repliesApi.create({ ...input, scope: draft.scope });
      setStatus(t('replies.saved', {}, { title: draft.title }));
      setDraft(emptyDraft(draft.scope));
      await reload();
    } catch (e) {
      setFailure(e);
    }
  }

  async function remove(reply: SavedReply) {
    setFailure(null);
    try {
      await repliesApi.remove(reply.id);
      setConfirming(null);
      setStatus(t('replies.deleted', {}, { title: reply.title }));
      await reload();
    } catch (e) {
      setFailure(e);
    }
  }

  const issue = (path: string) => fieldIssue(failure, path);
  const general = failure && !issue('body.title') && !issue('body.shortcut') && !languages.some((l) => issue(`body.body.${l}`));

  const section = (scope: Draft['scope']) => {
    const items = replies.filter((r) => r.scope === scope);
    return (
      <section aria-labelledby={`replies-${scope}`}>
        <h3 id={`replies-${scope}`}>{scope === 'library' ? t('replies.libraryTitle') : t('replies.personalTitle')}</h3>
        {items.length === 0 ? (
          <p>{t('replies.empty')}</p>
        ) : (
          <ul className="reply-list">
            {items.map((r) => (
              <li key={r.id}>
                <strong>
                  <bdi>{r.title}</bdi>
                </strong>
                {r.shortcut && <span className="answer-shortcut"> /{r.shortcut}</span>}{' '}
                <span className="meta">
                  {languages
                    .filter((l) => r.body[l])
                    .map((l) => l.toUpperCase())
                    .join(' · ')}
                </span>
                <p dir="auto" className="reply-preview">
                  {languages.map((l) => r.body[l]).find(Boolean)}
                </p>
                {r.canEdit &&
                  (confirming === r.id ? (
                    <span className="confirm">
                      {t('replies.confirmDelete', {}, { title: r.title })}{' '}
                      <button type="button" onClick={() => void remove(r)}>
                        {t('replies.delete')}
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                        {t('replies.cancel')}
                      </button>
                    </span>
                  ) : (
                    <>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          setFailure(null);
                          setDraft({
                            id: r.id,
                            scope: r.scope,
                            title: r.title,
                            shortcut: r.shortcut ?? '',
                            body: { fi: r.body.fi ?? '', sv: r.body.sv ?? '', en: r.body.en ?? '' },
                            keywords: r.keywords.join(', '),
                          });
                          document.getElementById('reply-form-title')?.focus();
                        }}
                      >
                        {t('replies.edit', {}, { title: r.title })}
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => setConfirming(r.id)}>
                        {t('replies.deleteNamed', {}, { title: r.title })}
                      </button>
                    </>
                  ))}
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  };

  const fieldError = (path: string, id: string) =>
    issue(path) ? (
      <span id={id} className="error">
        {issue(path)}
      </span>
    ) : null;

  return (
    <section className="admin saved-replies" aria-labelledby="replies-title">
      <h2 id="replies-title">{t('replies.title')}</h2>
      <p>{t('replies.intro')}</p>
      <p role="status">{status}</p>
      {general ? (
        <p role="alert" className="error">
          {errorText(failure, t)}
        </p>
      ) : null}
      <form className="reply-form" onSubmit={(e) => void save(e)}>
        <h3 id="reply-form-title" tabIndex={-1}>
          {draft.id ? t('replies.editTitle') : t('replies.newTitle')}
        </h3>
        {!draft.id && keepsLibrary && (
          <label>
            {t('replies.scope')}
            <select value={draft.scope} onChange={(e) => setDraft({ ...draft, scope: e.target.value as Draft['scope'] })}>
              <option value="personal">{t('replies.scopePersonal')}</option>
              <option value="library">{t('replies.scopeLibrary')}</option>
            </select>
          </label>
        )}
        <label>
          {t('replies.fieldTitle')}
          <input
            required
            maxLength={80}
            value={draft.title}
            aria-invalid={issue('body.title') ? true : undefined}
            aria-describedby={issue('body.title') ? 'reply-title-error' : undefined}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          />
          {fieldError('body.title', 'reply-title-error')}
        </label>
        <label>
          {t('replies.fieldShortcut')}
          <input
            maxLength={30}
            value={draft.shortcut}
            aria-invalid={issue('body.shortcut') ? true : undefined}
            aria-describedby={issue('body.shortcut') ? 'reply-shortcut-error reply-shortcut-help' : 'reply-shortcut-help'}
            onChange={(e) => setDraft({ ...draft, shortcut: e.target.value })}
          />
          <span id="reply-shortcut-help" className="meta">
            {t('replies.shortcutHelp')}
          </span>
          {fieldError('body.shortcut', 'reply-shortcut-error')}
        </label>
        <p id="reply-placeholders" className="meta">
          {t('replies.placeholders', { list: placeholderNames.map((n) => `{${n}}`).join(', ') })}
        </p>
        {languages.map((l) => (
          <label key={l}>
            {t('replies.fieldBody', { language: t(`lang.${l}`) })}
            <textarea
              lang={l}
              rows={3}
              maxLength={5000}
              value={draft.body[l]}
              aria-invalid={issue(`body.body.${l}`) ? true : undefined}
              aria-describedby={issue(`body.body.${l}`) ? `reply-body-${l}-error reply-placeholders` : 'reply-placeholders'}
              onChange={(e) => setDraft({ ...draft, body: { ...draft.body, [l]: e.target.value } })}
            />
            {fieldError(`body.body.${l}`, `reply-body-${l}-error`)}
          </label>
        ))}
        <label>
          {t('replies.fieldKeywords')}
          <input value={draft.keywords} onChange={(e) => setDraft({ ...draft, keywords: e.target.value })} />
        </label>
        <div className="actions">
          <button type="submit">{t('replies.save')}</button>
          {draft.id && (
            <button type="button" className="secondary" onClick={() => setDraft(emptyDraft(draft.scope))}>
              {t('replies.cancel')}
            </button>
          )}
        </div>
      </form>
      {section('library')}
      {section('personal')}
    </section>
  );
}
