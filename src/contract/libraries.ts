// A library as its staff and the chat widget see it. The rules for what may be stored
// (time formats, time zones, text lengths) are the libraries domain's input schemas; these
// are the shapes that come back.
import { z } from 'zod';
import { channelKindSchema } from './conversations.js';
import { languageSchema, localizedView } from './language-schemas.js';
import { weekdays } from './weekdays.js';
import { widgetPositions } from './widget-look.js';

/** Opening periods of one weekday, e.g. `[["09:00","16:00"]]`; a missing day is closed. */
const periods = z.array(z.tuple([z.string(), z.string()]));
export const weekHoursView = z.partialRecord(z.enum(weekdays), periods);
export type WeekHoursView = z.infer<typeof weekHoursView>;

/** A holiday or special day: every channel's periods on those dates (none: closed). */
export const openingExceptionView = z.object({
  from: z.string().describe('First day, YYYY-MM-DD'),
  to: z.string().optional().describe('Last day (inclusive); one day when left out'),
  periods: periods,
  label: z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() }).optional(),
});
export type OpeningExceptionView = z.infer<typeof openingExceptionView>;

export { widgetPositions };
export type { WidgetPosition } from './widget-look.js';

/** How the chat widget looks, as set by an admin. */
export const widgetLookView = z.object({
  color: z.string().optional().describe('Accent colour #rrggbb (white text on it); the default when left out'),
  position: z.enum(widgetPositions).optional(),
  launcherText: localizedView.optional().describe('Text of the button that opens the chat; an empty language uses the default'),
});

/** Public contact details offered when chat is closed. */
const contactView = z.object({ email: z.string().optional(), phone: z.string().optional() });

export const librarySettingsView = z.object({
  timeZone: z.string().describe('IANA time zone of the opening hours'),
  texts: z.object({
    welcome: localizedView.optional().describe('Greeting at the top of the chat widget'),
    offline: localizedView.optional().describe('Shown when nobody is online, e.g. where else to turn'),
  }),
  openingHours: z.partialRecord(channelKindSchema, weekHoursView).describe('When each channel is staffed'),
  openingExceptions: z.array(openingExceptionView).describe('Holidays and special days; the later of two covering a day holds'),
  widget: widgetLookView,
  contact: contactView,
  satisfaction: z
    .object({
      enabled: z.boolean(),
      scale: z.object({ min: z.number().int(), max: z.number().int() }),
      question: z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() }),
    })
    .describe('The satisfaction question after a resolved conversation: on or off, its scale, the library’s own wording per language'),
});

/** GET/PATCH /library. */
export const libraryView = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: localizedView,
  settings: librarySettingsView,
  version: z.string().describe('Changes with every save: send it back as If-Match to refuse a save over someone else’s'),
});
export type LibraryView = z.infer<typeof libraryView>;

/** GET /public/libraries/:slug/widget: what the chat widget shows. */
export const widgetInfoView = z.object({
  slug: z.string(),
  name: localizedView,
  languages: z.array(languageSchema),
  welcome: localizedView.nullable(),
  offlineText: localizedView.nullable(),
  chat: z.object({
    open: z.boolean().describe('Within the chat opening hours'),
    staffOnline: z.number().int().describe('Staff members online and not away'),
    nextOpening: z.string().nullable().describe('ISO time chat opens next, when closed'),
  }),
  contact: contactView,
  openingHours: weekHoursView.nullable().describe('Chat opening hours in the library time zone'),
  timeZone: z.string(),
  look: z
    .object({
      color: z.string().nullable().describe('Accent colour #rrggbb; null: the widget default'),
      position: z.enum(widgetPositions),
      launcherText: localizedView.nullable(),
    })
    .describe('How the widget looks, as the library set it'),
});
export type WidgetInfoView = z.infer<typeof widgetInfoView>;
