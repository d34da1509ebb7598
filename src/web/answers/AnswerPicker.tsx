// The reply box's picker of answers at hand: a search field (an ARIA combobox) over a listbox of
// every provider's answers, in groups. Arrow keys move, Enter inserts, Escape closes; focus
// returns to the reply box either way (the caller does it in onClose/onPick).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Language } from '../../contract/languages.js';
import { errorText } from '../errors.js';
import { useI18n } from '../i18n.js';
import type { Answer, AnswerProvider } from './provider.js';

interface Props {
  providers: AnswerProvider[];
  /** The conversation's language: searched first. */
  language: Language;
  onPick: (answer: Answer, provider: AnswerProvider) => void;
  onClose: () => void;
}

interface Group {
  provider: AnswerProvider;
  answers: Answer[];
}

const SEARCH_DELAY_MS = 120;

export function AnswerPicker({ providers, language, onPick, onClose }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      Promise.all(
        providers.map(async (provider) => ({ provider, answers: await provider.search(query.trim(), language, controller.signal) })),
      ).then(
        (found) => {
          if (controller.signal.aborted) return;
          // The same answers again (a late answer to an earlier search): keep the one chosen.
          const ids = (list: Group[] | null) => (list ?? []).flatMap((g) => g.answers.map((a) => `${g.provider.id}:${a.id}`)).join();
          setGroups((previous) => {
            if (ids(previous) !== ids(found)) setActive(0);
            return found;
          });
          setError('');
        },
        (e: unknown) => {
          if (!controller.signal.aborted) setError(errorText(e, t));
        },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [providers, query, language, t]);

  const flat = useMemo(() => (groups ?? []).flatMap((g) => g.answers.map((answer) => ({ answer, provider: g.provider }))), [groups]);
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => (flat.length ? (i + 1) % flat.length : 0));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (flat.length ? (i - 1 + flat.length) % flat.length : 0));
    } else if (event.key === 'Home' && flat.length) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'End' && flat.length) {
      event.preventDefault();
      setActive(flat.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = flat[active];
      if (chosen) onPick(chosen.answer, chosen.provider);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Tab') {
      // Leaving the picker closes it: it lives only while it has the focus.
      onClose();
    }
  }

  const listId = `${id}-list`;
  let index = -1;
  return (
    <div className="answer-picker">
      <label htmlFor={`${id}-input`}>{t('replies.pickerLabel')}</label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={flat.length ? optionId(active) : undefined}
        aria-describedby={`${id}-help`}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          // A click on an option keeps the picker; anything else outside it closes it.
          if (!e.currentTarget.parentElement?.contains(e.relatedTarget as Node | null)) onClose();
        }}
      />
      <p id={`${id}-help`} className="meta">
        {t('replies.pickerHelp')}
      </p>
      <div id={listId} role="listbox" aria-label={t('replies.pickerLabel')} className="answer-list">
        {(groups ?? []).map((group) => (
          <div key={group.provider.id} role="group" aria-labelledby={`${id}-${group.provider.id}`}>
            <div id={`${id}-${group.provider.id}`} role="presentation" className="answer-group">
              {t(group.provider.label)}
            </div>
            {group.answers.map((answer) => {
              index += 1;
              const mine = index;
              return (
                <div
                  key={answer.id}
                  id={optionId(mine)}
                  role="option"
                  aria-selected={mine === active}
                  className={mine === active ? 'answer active' : 'answer'}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => onPick(answer, group.provider)}
                >
                  <bdi className="answer-title">{answer.title}</bdi>
                  {answer.shortcut && <span className="answer-shortcut">/{answer.shortcut}</span>}
                  {answer.hint && <span className="answer-hint">{answer.hint}</span>}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <p role="status" className="meta">
        {error ||
          (groups === null
            ? t('common.loading')
            : flat.length === 0
              ? t('replies.pickerNone')
              : t('replies.pickerCount', { count: flat.length }))}
      </p>
    </div>
  );
}
