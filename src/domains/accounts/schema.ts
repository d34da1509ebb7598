// Requests of the sign-in and account endpoints; what comes back is in src/contract/accounts.ts.
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.js';
import { catalogueMessage, nameText, storableText } from '../../platform/schemas.js';
import { roleSchema } from '../../contract/accounts.js';
import { languageSchema } from '../../contract/language-schemas.js';

export const localizedSchema = z.object({ fi: storableText(), sv: storableText(), en: storableText() });

const email = z.string().trim().toLowerCase().max(254).email().describe('Email address, used to sign in');
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH)
  .max(MAX_PASSWORD_LENGTH)
  .describe(`Password, ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`);

export const loginBody = z.object({
  email,
  /** Not length-checked on sign-in: a wrong password is just wrong. */
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH).describe('Password'),
  library: z.string().max(50).optional().describe('Library slug, needed only when the email has accounts in several libraries'),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH).describe('The password in use now'),
  newPassword: password,
});

export const createAccountBody = z.object({
  email,
  displayName: nameText()
    .min(1)
    .max(100)
    .describe('Name shown to colleagues and, in chat, to customers; no control or text-direction characters'),
  role: roleSchema,
  password,
  language: languageSchema.default('fi'),
});

export const updateAccountBody = z
  .object({
    displayName: nameText().min(1).max(100).optional(),
    role: roleSchema.optional(),
    active: z.boolean().optional().describe('false deactivates the account and signs it out'),
    language: languageSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, catalogueMessage('validation.no_changes'));

export const idParams = z.object({ id: z.string().uuid().describe('Id (UUID)') });
