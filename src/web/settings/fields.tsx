// Form fields of the settings screen: a label, the control, and the server's reason for
// refusing it right beside it (aria-describedby, aria-invalid). Kept apart so that they can
// move onto the shell's React Aria fields without touching the sections.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.js';
import { languages, type Language, type Localized } from '../../contract/languages.js';

/** The error under a field; its id goes into the field's aria-describedby. */
export function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p id={id} className="field-error">
      {text}
    </p>
  ) : null;
}

export const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

interface TextFieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  issue?: string | undefined;
  type?: string;
  multiline?: boolean;
  maxLength?: number;
  required?: boolean;
  hint?: ReactNode;
  lang?: Language;
  badge?: ReactNode;
}

export function TextField({
  id,
  label,
  value,
  onChange,
  issue,
  type = 'text',
  multiline,
  maxLength,
  required,
  hint,
  lang,
  badge,
}: TextFieldProps) {
  const props = {
    id,
    value,
    maxLength,
    required,
    lang,
    'aria-invalid': issue ? true : undefined,
    'aria-describedby': describedBy(hint !== undefined && `${id}-hint`, badge !== undefined && `${id}-badge`, issue && `${id}-error`),
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {badge !== undefined && (
          <>
            {' '}
            <span id={`${id}-badge`} className="missing">
              {badge}
            </span>
          </>
        )}
      </label>
      {hint !== undefined && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea {...props} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...props} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
      <FieldError id={`${id}-error`} text={issue} />
    </div>
  );
}

interface LocalizedFieldsProps {
  id: string;
  legend: string;
  value: Localized;
  onChange: (value: Localized) => void;
  /** The server's reason for a language's field, by the language. */
  issue: (language: Language) => string | undefined;
  multiline?: boolean;
  maxLength: number;
  required?: boolean;
  hint?: ReactNode;
}

/** One text in fi, sv and en; a language left empty is flagged as a missing translation. */
export function LocalizedFields({ id, legend, value, onChange, issue, multiline, maxLength, required, hint }: LocalizedFieldsProps) {
  const { t } = useI18n();
  const anyGiven = languages.some((l) => value[l].trim() !== '');
  return (
    <fieldset className="localized">
      <legend>{legend}</legend>
      {hint !== undefined && <p className="hint">{hint}</p>}
      {languages.map((l) => (
        <TextField
          key={l}
          id={`${id}-${l}`}
          label={t(`lang.${l}`)}
          lang={l}
          value={value[l]}
          onChange={(text) => onChange({ ...value, [l]: text })}
          issue={issue(l)}
          multiline={multiline}
          maxLength={maxLength}
          required={required}
          badge={(anyGiven || required) && value[l].trim() === '' ? t('settings.missingTranslation') : undefined}
        />
      ))}
    </fieldset>
  );
}
