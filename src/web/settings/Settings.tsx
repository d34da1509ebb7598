// The admin's settings screen (#/settings/<section>): the library's names, contact details and
// time zone; its texts; opening hours per channel with holidays and special days; the chat
// widget's look. One draft across the sections; Save sends only what changed, with If-Match,
// and shows each refusal beside its field in the admin's language.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type LibrarySettings as Library } from '../api.js';
import { errorText, fieldIssue } from '../errors.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { missingLanguages, patchOf, scaleIssues, toDraft, type Draft } from './draft.js';
import { LocalizedFields, TextField } from './fields.js';
import { HoursSection } from './Hours.js';
import { WidgetSection } from './WidgetLook.js';
import { SatisfactionSection } from './Satisfaction.js';
import { MailboxesSection } from './Mailboxes.js';
import { Tab, TabList, TabPanel, Tabs } from '../ui/index.js';
import './settings.css';

export const settingsSections = ['general', 'texts', 'hours', 'widget', 'satisfaction', 'email'] as const;
/** The sections saved together by the library form; the others keep their own records. */
const librarySections = settingsSections.filter((s) => s !== 'email');
export type SettingsSection = (typeof settingsSections)[number];

/** A field's server issue: `path` below `body.`, e.g. `settings.contact.email`. */
export type IssueOf = (path: string) => string | undefined;

export interface SectionProps {
  draft: Draft;
  setDraft: (update: (draft: Draft) => Draft) => void;
  issue: IssueOf;
}

const timeZones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/Helsinki', 'Europe/Stockholm', 'Europe/Mariehamn', 'UTC'];
  }
})();

function GeneralSection({ draft, setDraft, issue }: SectionProps) {
  const { t } = useI18n();
  const zones = timeZones.includes(draft.timeZone) ? timeZones : [draft.timeZone, ...timeZones];
  return (
    <>
      <LocalizedFields
        id="name"
        legend={t('settings.libraryName')}
        value={draft.name}
        onChange={(name) => setDraft((d) => ({ ...d, name }))}
        issue={(l) => issue(`name.${l}`)}
        maxLength={200}
        required
      />
      <fieldset>
        <legend>{t('settings.contact')}</legend>
        <p className="hint">{t('settings.contactHint')}</p>
        <TextField
          id="contact-email"
          type="email"
          label={t('settings.contactEmail')}
          value={draft.contact.email}
          onChange={(email) => setDraft((d) => ({ ...d, contact: { ...d.contact, email } }))}
          issue={issue('settings.contact.email')}
        />
        <TextField
          id="contact-phone"
          type="tel"
          label={t('settings.contactPhone')}
          value={draft.contact.phone}
          maxLength={40}
          onChange={(phone) => setDraft((d) => ({ ...d, contact: { ...d.contact, phone } }))}
          issue={issue('settings.contact.phone')}
        />
      </fieldset>
      <div className="field">
        <label htmlFor="time-zone">{t('settings.timeZone')}</label>
        <select id="time-zone" value={draft.timeZone} onChange={(e) => setDraft((d) => ({ ...d, timeZone: e.target.value }))}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

function TextsSection({ draft, setDraft, issue }: SectionProps) {
  const { t } = useI18n();
  return (
    <>
      {(['welcome', 'offline'] as const).map((kind) => (
        <LocalizedFields
          key={kind}
          id={`text-${kind}`}
          legend={t(kind === 'welcome' ? 'settings.welcomeText' : 'settings.offlineText')}
          hint={t(kind === 'welcome' ? 'settings.welcomeHint' : 'settings.offlineHint')}
          value={draft.texts[kind]}
          onChange={(text) => setDraft((d) => ({ ...d, texts: { ...d.texts, [kind]: text } }))}
          issue={(l) => issue(`settings.texts.${kind}.${l}`)}
          multiline
          maxLength={2000}
        />
      ))}
    </>
  );
}

const sectionTitle: Record<SettingsSection, MessageKey> = {
  general: 'settings.general',
  texts: 'settings.texts',
  hours: 'settings.hours',
  widget: 'settings.widget',
  satisfaction: 'settings.satisfaction.tab',
  email: 'mailboxes.tab',
};

/** How many translations the draft's texts lack (names are required, so never). */
function missingCount(draft: Draft): number {
  const texts = [draft.texts.welcome, draft.texts.offline, draft.widget.launcherText];
  return texts.reduce((sum, text) => {
    const missing = missingLanguages(text).length;
    return sum + (missing === 3 ? 0 : missing);
  }, 0);
}

export function Settings() {
  const { t } = useI18n();
  const [section, setSection] = useState<SettingsSection>('general');
  const [library, setLibrary] = useState<Library | null>(null);
  const [draft, setDraftState] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    try {
      const loaded = await api.library();
      setLibrary(loaded);
      setDraftState(toDraft(loaded));
      setLoadError(null);
      setSaveError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const setDraft = useCallback((update: (d: Draft) => Draft) => {
    setDraftState((d) => (d ? update(d) : d));
    setNotice('');
  }, []);

  if (!library || !draft) {
    return loadError ? (
      <p role="alert" className="error">
        {errorText(loadError, t)}
      </p>
    ) : (
      <p role="status">{t('common.loading')}</p>
    );
  }

  const issue: IssueOf = (path) => fieldIssue(saveError, `body.${path}`);
  const patch = patchOf(library, draft);
  const conflict = saveError instanceof ApiError && saveError.code === 'conflict';
  const scaleInvalid = Object.keys(scaleIssues(draft.satisfaction)).length > 0;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!library || !patch) return;
    if (scaleInvalid) {
      // Refused here already: the fields say why; the server would refuse it too.
      setSection('satisfaction');
      setNotice(t('settings.satisfaction.fixScale'));
      return;
    }
    setSaving(true);
    setNotice('');
    try {
      const saved = await api.updateLibrary(patch, library.version);
      setLibrary(saved);
      setDraftState(toDraft(saved));
      setSaveError(null);
      setNotice(t('settings.saved'));
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  }

  const props: SectionProps = { draft, setDraft, issue };
  const missing = missingCount(draft);
  return (
    <section aria-labelledby="settings-title" className="admin settings">
      <h2 id="settings-title">{t('settings.title')}</h2>
      {missing > 0 && <p className="missing-summary">{t('settings.missingSummary', { count: missing })}</p>}
      <Tabs selectedKey={section} onSelectionChange={(key) => setSection(key as SettingsSection)}>
        <TabList label={t('settings.sections')}>
          {settingsSections.map((s) => (
            <Tab key={s} id={s}>
              {t(sectionTitle[s])}
            </Tab>
          ))}
        </TabList>
        {/* Mailboxes are records of their own, each saved by its own form: not inside the library's. */}
        <TabPanel id="email">
          <MailboxesSection />
        </TabPanel>
        <form onSubmit={(e) => void save(e)} noValidate hidden={section === 'email'}>
          {librarySections.map((s) => (
            <TabPanel key={s} id={s}>
              {s === 'general' && <GeneralSection {...props} />}
              {s === 'texts' && <TextsSection {...props} />}
              {s === 'hours' && <HoursSection {...props} />}
              {s === 'widget' && <WidgetSection {...props} />}
              {s === 'satisfaction' && <SatisfactionSection {...props} />}
            </TabPanel>
          ))}
          <div className="save-bar">
            {saveError !== null && (
              <div role="alert" className="error">
                <p>{conflict ? errorText(saveError, t) : t('settings.saveRefused', { reason: errorText(saveError, t) })}</p>
                {conflict && (
                  <button type="button" className="secondary" onClick={() => void load()}>
                    {t('settings.reload')}
                  </button>
                )}
              </div>
            )}
            <p role="status" className="save-status">
              {notice || (patch ? t('settings.unsaved') : '')}
            </p>
            <button type="submit" disabled={saving}>
              {saving ? t('settings.saving') : t('settings.save')}
            </button>
            {patch && (
              <button type="button" className="secondary" onClick={() => setDraftState(toDraft(library))}>
                {t('settings.discard')}
              </button>
            )}
          </div>
        </form>
      </Tabs>
    </section>
  );
}
