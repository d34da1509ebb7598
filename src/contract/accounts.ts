// Staff accounts and the signed-in session as the API shows them.
import { z } from 'zod';
import { roles } from './kinds.js';
import { languageSchema, localizedView } from './language-schemas.js';

export const roleSchema = z
  .enum(roles)
  .describe('admin: manages the library and its staff; supervisor: reports and team; staff: serves customers');

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

export const libraryBrief = z.object({ id: z.string().uuid(), slug: z.string(), name: localizedView });

/** GET /auth/me and the answer to a sign-in. */
export const meView = z.object({ account: accountView, library: libraryBrief });
export type MeView = z.infer<typeof meView>;
