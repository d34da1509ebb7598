// The chat widget's look: the accent colour with its contrast against the white text on it
// shown live (the server refuses below 4.5:1), the corner, and the launcher's text.
import { useI18n } from '../i18n.js';
import { contrastRatio, HEX_COLOUR, MIN_CONTRAST, shownRatio, WIDGET_TEXT_COLOUR, widgetPositions } from '../../contract/widget-look.js';
import { FieldError, LocalizedFields, describedBy } from './fields.js';
import type { SectionProps } from './Settings.js';

/** The widget's own accent, used when the library has set none. */
const DEFAULT_COLOUR = '#0b4f8a';

export function WidgetSection({ draft, setDraft, issue }: SectionProps) {
  const { t, language } = useI18n();
  const colour = draft.widget.color;
  const valid = HEX_COLOUR.test(colour);
  const shown = valid ? colour : DEFAULT_COLOUR;
  const ratio = shownRatio(contrastRatio(shown, WIDGET_TEXT_COLOUR));
  const passes = ratio >= MIN_CONTRAST;
  const ratioText = new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(ratio);
  const colourIssue = issue('settings.widget.color');
  const setColour = (color: string) => setDraft((d) => ({ ...d, widget: { ...d.widget, color } }));
  const launcher = draft.widget.launcherText[language].trim() || t('settings.launcherDefault');
  return (
    <>
      <fieldset>
        <legend>{t('settings.colour')}</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="widget-colour-picker">{t('settings.colourPicker')}</label>
            <input id="widget-colour-picker" type="color" value={shown} onChange={(e) => setColour(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="widget-colour">{t('settings.colourHex')}</label>
            <input
              id="widget-colour"
              value={colour}
              placeholder={DEFAULT_COLOUR}
              maxLength={7}
              spellCheck={false}
              aria-invalid={colourIssue || (colour && !passes) ? true : undefined}
              aria-describedby={describedBy('widget-contrast', colourIssue && 'widget-colour-error')}
              onChange={(e) => setColour(e.target.value.trim())}
            />
          </div>
        </div>
        <p id="widget-contrast" className={passes ? 'contrast ok' : 'contrast low'} aria-live="polite">
          {colour && !valid
            ? t('settings.colourFormat')
            : t(passes ? 'settings.contrastOk' : 'settings.contrastLow', { ratio: ratioText, minimum: MIN_CONTRAST })}
        </p>
        <FieldError id="widget-colour-error" text={colourIssue} />
        <div className="preview" aria-hidden="true">
          {passes ? (
            <span className="preview-launcher" style={{ background: shown, color: WIDGET_TEXT_COLOUR }}>
              {launcher}
            </span>
          ) : (
            // Unreadable text is not shown even as a preview: the colour alone.
            <span className="preview-swatch" style={{ background: shown }} />
          )}
        </div>
        {colour && (
          <button type="button" className="secondary" onClick={() => setColour('')}>
            {t('settings.colourReset')}
          </button>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('settings.position')}</legend>
        {widgetPositions.map((p) => (
          <div className="field checkbox" key={p}>
            <input
              id={`widget-position-${p}`}
              type="radio"
              name="widget-position"
              value={p}
              checked={draft.widget.position === p}
              onChange={() => setDraft((d) => ({ ...d, widget: { ...d.widget, position: p } }))}
            />
            <label htmlFor={`widget-position-${p}`}>{t(p === 'bottom-left' ? 'settings.positionLeft' : 'settings.positionRight')}</label>
          </div>
        ))}
      </fieldset>
      <LocalizedFields
        id="widget-launcher"
        legend={t('settings.launcherText')}
        hint={t('settings.launcherHint')}
        value={draft.widget.launcherText}
        onChange={(launcherText) => setDraft((d) => ({ ...d, widget: { ...d.widget, launcherText } }))}
        issue={(l) => issue(`settings.widget.launcherText.${l}`)}
        maxLength={40}
      />
    </>
  );
}
