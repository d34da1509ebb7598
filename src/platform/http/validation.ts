// Request validation with zod, with every issue message in fi, sv and en. Fastify validates
// through a compiled function that never sees the request, so each issue carries all three
// texts and the error handler picks the caller's. Our own schema messages are catalogue
// keys (schemas.ts catalogueMessage); zod's built-in messages come from zod's own locales.
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { z } from 'zod';
import type { Language, Localized } from '../../contract/languages.js';
import { hasMessage, translations } from '../i18n.js';

/** A zod issue as parsed with `reportInput`: zod's locales need the input to name its type. */
type ReportedIssue = z.core.$ZodIssue & { input?: unknown };

const zodLocales: Record<Language, z.core.$ZodErrorMap> = {
  fi: z.locales.fi().localeError,
  sv: z.locales.sv().localeError,
  en: z.locales.en().localeError,
};

function zodMessage(language: Language, issue: ReportedIssue): string | undefined {
  const message = zodLocales[language](issue as z.core.$ZodRawIssue);
  return typeof message === 'string' ? message : message?.message;
}

export function localizeIssue(issue: ReportedIssue): Localized {
  const params = issue.code === 'custom' ? issue.params : undefined;
  const key: unknown = params?.i18n;
  if (typeof key === 'string' && hasMessage(key)) return translations(key, params);
  // zod's default English text means no schema gave its own: zod's locales can say it too.
  if (issue.message === zodMessage('en', issue)) {
    return { fi: zodMessage('fi', issue) ?? issue.message, sv: zodMessage('sv', issue) ?? issue.message, en: issue.message };
  }
  // A schema's own literal text (not a catalogue key) is all we have, in every language.
  return { fi: issue.message, sv: issue.message, en: issue.message };
}

/** What a Fastify validation error holds per issue, plus the texts for every language. */
export interface LocalizedValidationError extends FastifySchemaValidationError {
  localized: Localized;
}

export function isLocalizedValidationError(value: unknown): value is LocalizedValidationError {
  return typeof value === 'object' && value !== null && 'localized' in value;
}

export const validatorCompiler: FastifySchemaCompiler<z.core.$ZodType> =
  ({ schema }) =>
  (data: unknown) => {
    const result = z.safeParse(schema, data, { reportInput: true });
    if (result.success) return { value: result.data };
    // The input is dropped here: it served the messages and must not travel on in the error.
    const error: LocalizedValidationError[] = result.error.issues.map((issue) => ({
      keyword: issue.code,
      instancePath: `/${issue.path.map(String).join('/')}`,
      schemaPath: '',
      params: {},
      message: issue.message,
      localized: localizeIssue(issue),
    }));
    return { error };
  };
