// The form pattern: a React Aria Form whose fields show their own error under them (from the
// browser's checks or the server's refusal of that field), and one alert above the submit
// button for a refusal that belongs to no field.
import { useState, type ReactNode } from 'react';
import { Form as AriaForm, type FormProps as AriaFormProps } from 'react-aria-components';
import { ApiError } from '../api.js';
import { errorText, fieldIssue } from '../errors.js';
import { useI18n } from '../i18n.js';

export function Form({ className, ...props }: Omit<AriaFormProps, 'className'> & { className?: string }) {
  return <AriaForm {...props} className={['form', className ?? ''].filter(Boolean).join(' ')} />;
}

export function FormError({ children }: { children: ReactNode }) {
  return children ? (
    <p role="alert" className="error">
      {children}
    </p>
  ) : null;
}

/**
 * Runs a submit: a refusal of a field named in `fields` (server path → the field's `name`)
 * goes under that field, anything else to `formError`.
 */
export function useFormSubmit() {
  const { t } = useI18n();
  const [formError, setFormError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  async function run(action: () => Promise<void>, fields: Record<string, string> = {}): Promise<boolean> {
    setFormError('');
    setFieldErrors({});
    try {
      await action();
      return true;
    } catch (e) {
      const byField: Record<string, string> = {};
      if (e instanceof ApiError)
        for (const [path, name] of Object.entries(fields)) {
          const issue = fieldIssue(e, path);
          if (issue) byField[name] = issue;
        }
      if (Object.keys(byField).length > 0) setFieldErrors(byField);
      else setFormError(errorText(e, t));
      return false;
    }
  }
  return { formError, fieldErrors, run };
}
