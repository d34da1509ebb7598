// The satisfaction question after a resolved conversation: on or off, its scale (lowest 0 or 1,
// highest 2–10, checked here before a save and again by the server) and the library's own
// wording per language, where an empty language uses the default wording.
import { useI18n } from '../i18n.js';
import { Switch } from '../ui/index.js';
import { scaleIssues, type Draft } from './draft.js';
import { FieldError, LocalizedFields, describedBy } from './fields.js';
import type { SectionProps } from './Settings.js';

type Satisfaction = Draft['satisfaction'];

export function SatisfactionSection({ draft, setDraft, issue }: SectionProps) {
  const { t } = useI18n();
  const value = draft.satisfaction;
  const set = (change: Partial<Satisfaction>) => setDraft((d) => ({ ...d, satisfaction: { ...d.satisfaction, ...change } }));
  const local = scaleIssues(value);
  const ends = [
    { end: 'min', label: t('settings.satisfaction.min'), hint: t('settings.satisfaction.minHint'), min: 0, max: 1 },
    { end: 'max', label: t('settings.satisfaction.max'), hint: t('settings.satisfaction.maxHint'), min: 2, max: 10 },
  ] as const;
  return (
    <>
      <div className="field">
        <Switch isSelected={value.enabled} onChange={(enabled) => set({ enabled })}>
          {t('settings.satisfaction.enabled')}
        </Switch>
        <p className="hint">{t('settings.satisfaction.enabledHint')}</p>
      </div>
      <fieldset>
        <legend>{t('settings.satisfaction.scale')}</legend>
        <div className="row">
          {ends.map(({ end, label, hint, min, max }) => {
            const id = `satisfaction-${end}`;
            const error = local[end]
              ? t(end === 'min' ? 'settings.satisfaction.minRange' : 'settings.satisfaction.maxRange')
              : (issue(`settings.satisfaction.scale.${end}`) ?? (end === 'max' ? issue('settings.satisfaction.scale') : undefined));
            return (
              <div className="field" key={end}>
                <label htmlFor={id}>{label}</label>
                <p id={`${id}-hint`} className="hint">
                  {hint}
                </p>
                <input
                  id={id}
                  type="number"
                  inputMode="numeric"
                  min={min}
                  max={max}
                  step={1}
                  value={value[end]}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}
                  onChange={(e) => set({ [end]: e.target.value })}
                />
                <FieldError id={`${id}-error`} text={error} />
              </div>
            );
          })}
        </div>
      </fieldset>
      <LocalizedFields
        id="satisfaction-question"
        legend={t('settings.satisfaction.question')}
        hint={t('settings.satisfaction.questionHint')}
        value={value.question}
        onChange={(question) => set({ question })}
        issue={(l) => issue(`settings.satisfaction.question.${l}`)}
        maxLength={300}
      />
    </>
  );
}
