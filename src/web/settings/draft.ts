// The settings screen edits a draft of the whole library; saving sends only what differs from
// what was loaded (PATCH /library merges one level below each group), so a colleague's change
// to another field is never overwritten, and If-Match refuses a save over one to the same.
import type { LibraryPatch, LibrarySettings as Library } from '../api.js';
import type { ChannelKind } from '../../contract/kinds.js';
import { languages, type Language, type Localized } from '../../contract/languages.js';
import type { OpeningExceptionView, WeekHoursView, WidgetPosition } from '../../contract/libraries.js';

export interface Draft {
  name: Localized;
  timeZone: string;
  contact: { email: string; phone: string };
  texts: { welcome: Localized; offline: Localized };
  /** Per channel: its week, or null for "no hours" (chat then follows staff presence). */
  hours: Partial<Record<ChannelKind, WeekHoursView | null>>;
  exceptions: OpeningExceptionView[];
  widget: { color: string; position: WidgetPosition; launcherText: Localized };
  /** The satisfaction question; the scale as typed (checked by scaleIssues before a save). */
  satisfaction: { enabled: boolean; min: string; max: string; question: Localized };
}

const empty: Localized = { fi: '', sv: '', en: '' };

export function toDraft(library: Library): Draft {
  const s = library.settings;
  return {
    name: { ...library.name },
    timeZone: s.timeZone,
    contact: { email: s.contact.email ?? '', phone: s.contact.phone ?? '' },
    texts: { welcome: { ...empty, ...s.texts.welcome }, offline: { ...empty, ...s.texts.offline } },
    hours: { ...s.openingHours },
    exceptions: s.openingExceptions.map((e) => ({ ...e, periods: e.periods.map((p) => [...p] as [string, string]) })),
    widget: {
      color: s.widget.color ?? '',
      position: s.widget.position ?? 'bottom-right',
      launcherText: { ...empty, ...s.widget.launcherText },
    },
    satisfaction: {
      enabled: s.satisfaction.enabled,
      min: String(s.satisfaction.scale.min),
      max: String(s.satisfaction.scale.max),
      question: { ...empty, ...s.satisfaction.question },
    },
  };
}

/** Which end of the satisfaction scale is out of range: lowest 0 or 1, highest 2–10. */
export function scaleIssues(scale: { min: string; max: string }): { min?: true; max?: true } {
  const min = scale.min.trim();
  const max = scale.max.trim();
  return {
    ...(/^[01]$/.test(min) ? {} : { min: true }),
    ...(/^([2-9]|10)$/.test(max) ? {} : { max: true }),
  };
}

/**
 * The satisfaction question's change per language: undefined unchanged, null when emptied
 * (back to the default wording), else the new wording. Unlike the texts, each language stands alone.
 */
export function questionChange(before: Partial<Localized>, after: Localized): Partial<Record<Language, string | null>> | undefined {
  return defined(
    Object.fromEntries(
      languages.map((l) => {
        const value = after[l].trim();
        if (value === (before[l] ?? '')) return [l, undefined];
        return [l, value === '' ? null : value];
      }),
    ),
  );
}

/** The languages of a text left empty. */
export const missingLanguages = (text: Localized): Language[] => languages.filter((l) => text[l].trim() === '');

/**
 * A text's change: undefined when unchanged; null when emptied (removes it); all three when it
 * did not exist (the server needs them); otherwise only the languages that changed.
 */
export function textChange(before: Partial<Localized> | undefined, after: Localized): Partial<Localized> | null | undefined {
  const was: Localized = { ...empty, ...before };
  if (languages.every((l) => was[l] === after[l])) return undefined;
  if (missingLanguages(after).length === languages.length) return before ? null : undefined;
  if (!before) return { ...after };
  return Object.fromEntries(languages.filter((l) => was[l] !== after[l]).map((l) => [l, after[l]]));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A contact detail's change: undefined unchanged, null cleared, else the new value. */
function detailChange(before: string | undefined, after: string): string | null | undefined {
  const value = after.trim();
  if (value === (before ?? '')) return undefined;
  return value === '' ? null : value;
}

/** Drops the keys whose value is undefined; undefined when none is left. */
function defined<T extends Record<string, unknown>>(object: T): Partial<T> | undefined {
  const entries = Object.entries(object).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as Partial<T>) : undefined;
}

/** What to send for the draft, or null when nothing changed. */
export function patchOf(library: Library, draft: Draft): LibraryPatch | null {
  const s = library.settings;
  const name = defined(Object.fromEntries(languages.map((l) => [l, draft.name[l] !== library.name[l] ? draft.name[l] : undefined])));
  const hours = defined(
    Object.fromEntries(
      Object.entries(draft.hours).map(([channel, week]) => {
        const before = s.openingHours[channel as ChannelKind];
        if (same(week ?? null, before ?? null)) return [channel, undefined];
        return [channel, week ?? null];
      }),
    ),
  );
  const settings = defined({
    timeZone: draft.timeZone !== s.timeZone ? draft.timeZone : undefined,
    contact: defined({
      email: detailChange(s.contact.email, draft.contact.email),
      phone: detailChange(s.contact.phone, draft.contact.phone),
    }),
    texts: defined({
      welcome: textChange(s.texts.welcome, draft.texts.welcome),
      offline: textChange(s.texts.offline, draft.texts.offline),
    }),
    openingHours: hours,
    openingExceptions: same(draft.exceptions, s.openingExceptions) ? undefined : draft.exceptions,
    widget: defined({
      color: draft.widget.color === (s.widget.color ?? '') ? undefined : draft.widget.color || null,
      position: draft.widget.position === (s.widget.position ?? 'bottom-right') ? undefined : draft.widget.position,
      launcherText: textChange(s.widget.launcherText, draft.widget.launcherText),
    }),
    satisfaction: defined({
      enabled: draft.satisfaction.enabled === s.satisfaction.enabled ? undefined : draft.satisfaction.enabled,
      scale:
        Number(draft.satisfaction.min) === s.satisfaction.scale.min && Number(draft.satisfaction.max) === s.satisfaction.scale.max
          ? undefined
          : { min: Number(draft.satisfaction.min), max: Number(draft.satisfaction.max) },
      question: questionChange(s.satisfaction.question, draft.satisfaction.question),
    }),
  });
  if (!name && !settings) return null;
  return { ...(name ? { name } : {}), ...(settings ? { settings } : {}) };
}
