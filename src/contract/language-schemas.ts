// The languages and localized texts as zod schemas of the wire shapes.
import { z } from 'zod';
import { languages } from './languages.js';

export const languageSchema = z.enum(languages).describe('UI and content language');
export const localizedView = z.object({ fi: z.string(), sv: z.string(), en: z.string() });
