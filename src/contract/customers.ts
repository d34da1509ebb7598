// The customers screen's search: one row per customer found, newest first.
import { z } from 'zod';
import { languageSchema } from './language-schemas.js';

export const customerSummaryView = z.object({
  id: z.string().uuid(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  preferredLanguage: languageSchema,
  createdAt: z.string(),
  conversationCount: z.number().int().describe('Conversations in every channel'),
  lastActivityAt: z.string().nullable().describe('Latest message in any of them'),
});
export type CustomerSummaryView = z.infer<typeof customerSummaryView>;

/** GET /customers. */
export const customerSearchPage = z.object({ items: z.array(customerSummaryView), nextCursor: z.string().nullable() });
export type CustomerSearchPage = z.infer<typeof customerSearchPage>;
