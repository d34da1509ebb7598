// Request and response shapes of the sign-in and account endpoints.
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.js';
import { catalogueMessage, storableText } from '../../platform/schemas.js';

export const languageSchema = z.enum(['fi', 'sv', 'en']).describe('UI and content language');
export const roleSchema = z
  .enum(['admin', 'supervisor', 'staff'])
  .describe('admin: manages the library and its staff; supervisor: reports and team; staff: serves customers');
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

export const accountView = z.object({
  id: z.string().uuid(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  active: z.boolean().describe('Inactive accounts cannot sign in'),
  language: languageSchema,
  createdAt: z.string().describe('ISO-8601 time the account was created'),
});
export type AccountView = z.infer<typeof accountView>;

export const libraryBrief = z.object({ id: z.string().uuid(), slug: z.string(), name: localizedSchema });

export const meView = z.object({ account: accountView, library: libraryBrief });

export const createAccountBody = z.object({
  email,
  displayName: storableText().trim().min(1).max(100).describe('Name shown to colleagues and, in chat, to customers'),
  role: roleSchema,
  password,
  language: languageSchema.default('fi'),
});

export const updateAccountBody = z
  .object({
    displayName: storableText().trim().min(1).max(100).optional(),
    role: roleSchema.optional(),
    active: z.boolean().optional().describe('false deactivates the account and signs it out'),
    language: languageSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, catalogueMessage('validation.no_changes'));

export const idParams = z.object({ id: z.string().uuid().describe('Id (UUID)') });
