// Topic tags in the staff app: the tags of a conversation (a keyboard-usable multi-select in its
// header), the inbox filter by tag, and the admins' screen that keeps the library's list.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { languages, type Language } from '../contract/languages.js';
import type { PartialLocalized, TagBriefView } from '../contract/tags.js';
import type { Conversation } from './api.js';
import { errorText } from './errors.js';
import { useI18n } from './i18n.js';
import { tagsApi, type Tag } from './answers/saved-replies-api.js';

/** A tag's name in `language`, else in the first language it has. */
export function tagName(tag: { name: PartialLocalized }, language: Language): string {
  return tag.name[language] ?? languages.map((l) => tag.name[l]).find(Boolean) ?? '';
}

/** The library's tags and its setting, loaded once per screen. */
export function useTagList() {
  const [tags, setTags] = useState<Tag[]>([]);
  const [requiredAtResolve, setRequired] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      const list = await tagsApi.list();
      setTags(list.items);
      setRequired(list.requiredAtResolve);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => void reload(), [reload]);
  return { tags, requiredAtResolve, error, reload, setRequired };
}

interface ConversationTagsProps {
  conversation: Conversation;
  onChanged: (conversation: Conversation) => void;
  /** Changes when the tags must be asked for (resolving needs one): the list opens with focus in it. */
  askSignal: number;
}

export function ConversationTags({ conversation, onChanged, askSignal }: ConversationTagsProps) {
  const { t, language } = useI18n();
  const { tags, error: loadError } = useTagList();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  const panelId = useId();
  const panelRef = useRef<HTMLFieldSetElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const setIds = new Set(conversation.tags.map((tag) => tag.id));

  useEffect(() => {
    if (askSignal === 0) return;
    setOpen(true);
    requestAnimationFrame(() => panelRef.current?.querySelector('input')?.focus());
  }, [askSignal]);

  async function toggle(tag: TagBriefView, checked: boolean) {
    setError('');
    const ids = checked
      ? [...conversation.tags.map((x) => x.id), tag.id]
      : conversation.tags.filter((x) => x.id !== tag.id).map((x) => x.id);
    try {
      onChanged(await tagsApi.setOnConversation(conversation.id, ids));
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  // Offered: the active tags, and archived ones the conversation already has (to remove them).
  const collator = new Intl.Collator(language);
  const offered: TagBriefView[] = [...tags.filter((tag) => tag.active), ...conversation.tags.filter((tag) => !tag.active)].sort((a, b) =>
    collator.compare(tagName(a, language), tagName(b, language)),
  );
  return (
    <div className="conversation-tags">
      <span className="meta" id={`${panelId}-current`}>
        {t('tags.current')}{' '}
        {conversation.tags.length === 0 ? (
          t('tags.none')
        ) : (
          <span className="tag-chips">
            {conversation.tags.map((tag) => (
              <bdi key={tag.id} className="tag-chip">
                {tagName(tag, language)}
              </bdi>
            ))}
          </span>
        )}
      </span>{' '}
      <button
        ref={buttonRef}
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {t('tags.edit')}
      </button>
      {open && (
        <fieldset
          id={panelId}
          ref={panelRef}
          className="tag-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
              buttonRef.current?.focus();
            }
          }}
        >
          <legend>{t('tags.choose')}</legend>
          {loadError ? (
            <p className="error">{errorText(loadError, t)}</p>
          ) : offered.length === 0 ? (
            <p>{t('tags.noneDefined')}</p>
          ) : (
            offered.map((tag) => (
              <label key={tag.id} className="tag-option">
                <input type="checkbox" checked={setIds.has(tag.id)} onChange={(e) => void toggle(tag, e.target.checked)} />
                <bdi>{tagName(tag, language)}</bdi>
                {!tag.active && <span className="meta"> ({t('tags.archived')})</span>}
              </label>
            ))
          )}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setOpen(false);
              buttonRef.current?.focus();
            }}
          >
            {t('tags.done')}
          </button>
        </fieldset>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The inbox's filter by topic tag. */
export function TagFilter({ value, onChange }: { value: string; onChange: (tagId: string) => void }) {
  const { t, language } = useI18n();
  const { tags: unsorted } = useTagList();
  const collator = new Intl.Collator(language);
  const tags = [...unsorted].sort((a, b) => collator.compare(tagName(a, language), tagName(b, language)));
  return (
    <label>
      {t('tags.filter')}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('inbox.any')}</option>
        {tags.map((tag) => (
          <option key={tag.id} value={tag.id}>
            {tagName(tag, language)}
            {tag.active ? '' : ` (${t('tags.archived')})`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The admins' screen: the library's tags, new ones, renaming, archiving, and whether resolving needs one. */
export function TagsAdmin() {
  const { t, language } = useI18n();
  const { tags, requiredAtResolve, error: loadError, reload, setRequired } = useTagList();
  const [name, setName] = useState<Record<Language, string>>({ fi: '', sv: '', en: '' });
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  async function run(action: () => Promise<unknown>, done: string) {
    setError('');
    setStatus('');
    try {
      await action();
      await reload();
      setStatus(done);
      return true;
    } catch (e) {
      setError(errorText(e, t));
      return false;
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const given = Object.fromEntries(languages.filter((l) => name[l].trim()).map((l) => [l, name[l].trim()])) as PartialLocalized;
    if (await run(() => tagsApi.create(given), t('tags.added'))) setName({ fi: '', sv: '', en: '' });
  }

  return (
    <section className="admin tags-admin" aria-labelledby="tags-title">
      <h2 id="tags-title">{t('tags.title')}</h2>
      <p>{t('tags.intro')}</p>
      <label className="switch">
        <input
          type="checkbox"
          checked={requiredAtResolve}
          onChange={(e) => {
            const required = e.target.checked;
            void run(async () => setRequired((await tagsApi.settings(required)).requiredAtResolve), t('tags.settingSaved'));
          }}
        />
        {t('tags.requiredAtResolve')}
      </label>
      <p role="status">{status}</p>
      {error || loadError ? (
        <p role="alert" className="error">
          {error || errorText(loadError, t)}
        </p>
      ) : null}
      <form onSubmit={(e) => void add(e)} className="tag-form">
        <fieldset>
          <legend>{t('tags.new')}</legend>
          {languages.map((l) => (
            <label key={l}>
              {t('tags.nameIn', { language: t(`lang.${l}`) })}
              <input lang={l} value={name[l]} maxLength={60} onChange={(e) => setName({ ...name, [l]: e.target.value })} />
            </label>
          ))}
          <button type="submit">{t('tags.add')}</button>
        </fieldset>
      </form>
      <table>
        <caption className="visually-hidden">{t('tags.title')}</caption>
        <thead>
          <tr>
            {languages.map((l) => (
              <th key={l} scope="col">
                {t(`lang.${l}`)}
              </th>
            ))}
            <th scope="col">{t('tags.state')}</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((tag) => (
            <tr key={tag.id}>
              {languages.map((l) => (
                <td key={l} lang={l}>
                  {tag.name[l] ? <bdi>{tag.name[l]}</bdi> : <span className="meta">{t('tags.missing')}</span>}
                </td>
              ))}
              <td>
                {tag.active ? t('tags.active') : t('tags.archived')}{' '}
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    void run(
                      () => tagsApi.update(tag.id, { active: !tag.active }),
                      t(tag.active ? 'tags.archivedDone' : 'tags.restoredDone', {}, { name: tagName(tag, language) }),
                    )
                  }
                >
                  {tag.active
                    ? t('tags.archive', {}, { name: tagName(tag, language) })
                    : t('tags.restore', {}, { name: tagName(tag, language) })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
