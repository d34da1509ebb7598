// A library's settings as stored and accepted; what the endpoints answer is in src/contract/libraries.ts.
import { z } from 'zod';
import { catalogueMessage, storableText } from '../../platform/schemas.js';
import { localizedSchema } from '../accounts/schema.js';
import { channelKindSchema } from '../../contract/conversations.js';
import { weekdays, type Weekday } from '../../contract/weekdays.js';
import { patternText } from '../../platform/pattern-text.js';
import { HEX_COLOUR } from '../../contract/widget-look.js';
import { widgetPositions } from '../../contract/libraries.js';

const time = patternText(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'validation.time_of_day');

/** Opening periods per weekday, e.g. `{mon: [["09:00","16:00"]], sat: []}`; a missing day is closed. */
export const weekHoursSchema = z
  .strictObject(
    Object.fromEntries(
      weekdays.map((d) => [
        d,
        z
          .array(z.tuple([time, time]))
          .max(4)
          .optional(),
      ]),
    ) as Record<Weekday, z.ZodOptional<z.ZodArray<z.ZodTuple<[typeof time, typeof time], null>>>>,
  )
  .refine((week) => Object.values(week).every((periods) => (periods ?? []).every(([from, to]) => from < to)), {
    ...catalogueMessage('validation.period_order'),
  });
export type WeekHours = z.infer<typeof weekHoursSchema>;

/** A calendar day, `YYYY-MM-DD`, in the library's time zone; a real date (no 30 February). */
export const dateSchema = patternText(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'validation.date').refine((d) => {
  const parsed = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
}, catalogueMessage('validation.date'));

/** A short label of an exception in some languages, e.g. `{fi: "Juhannus", sv: "Midsommar"}`. */
const exceptionLabel = z.strictObject({
  fi: storableText().max(100).optional(),
  sv: storableText().max(100).optional(),
  en: storableText().max(100).optional(),
});

/**
 * A holiday or a special day: from one date to another (inclusive; one day when `to` is left
 * out), every channel keeps these periods instead of its week's (none: closed).
 */
export const openingExceptionSchema = z
  .strictObject({
    from: dateSchema.describe('First day, YYYY-MM-DD in the library time zone'),
    to: dateSchema.optional().describe('Last day (inclusive); the same as from when left out'),
    periods: z
      .array(z.tuple([time, time]))
      .max(4)
      .describe('Opening periods on those days; empty: closed'),
    label: exceptionLabel.optional().describe('What the day is, in the languages given'),
  })
  .refine((e) => e.to === undefined || e.from <= e.to, { ...catalogueMessage('validation.date_order'), path: ['to'] })
  .refine((e) => e.periods.every(([from, to]) => from < to), { ...catalogueMessage('validation.period_order'), path: ['periods'] });
export type OpeningException = z.infer<typeof openingExceptionSchema>;

/** The exceptions of a library, in the order given; where two cover a day, the later one holds. */
export const openingExceptionsSchema = z.array(openingExceptionSchema).max(200);

/** The accent colour as stored: `#rrggbb` (the contrast rule is checked where it is set). */
export const storedColour = patternText(HEX_COLOUR, 'validation.colour');

/** IANA time zone the opening hours are in. */
export const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, catalogueMessage('validation.time_zone'));

/** Public contact details offered when chat is closed (also the shape of a settings patch). */
export const contactFields = {
  email: z.string().email(),
  phone: storableText().max(40),
};

/** The satisfaction scale: lowest 0 or 1, highest 2–10 (1–5 by default; 1–3 and 0–10 are common). */
export const satisfactionScaleSchema = z.strictObject({
  min: z.union([z.literal(0), z.literal(1)]).describe('Lowest score'),
  max: z.number().int().min(2).max(10).describe('Highest score'),
});

/** The library's own wording of the satisfaction question in one language. */
export const satisfactionQuestionText = storableText().trim().min(1).max(300);

/** Whether and how customers are asked for their satisfaction after a conversation is resolved. */
export const satisfactionSettingsSchema = z.object({
  enabled: z.boolean().describe('Ask customers after their conversation is resolved'),
  scale: satisfactionScaleSchema,
  question: z
    .object({ fi: satisfactionQuestionText.optional(), sv: satisfactionQuestionText.optional(), en: satisfactionQuestionText.optional() })
    .describe('The question in the library’s own words; a language left out uses the default wording'),
});
export type SatisfactionSettings = z.infer<typeof satisfactionSettingsSchema>;
export const defaultSatisfactionSettings: SatisfactionSettings = { enabled: true, scale: { min: 1, max: 5 }, question: {} };

export const librarySettingsSchema = z.object({
  timeZone: timeZoneSchema.default('Europe/Helsinki'),
  /** Texts the library shows customers, per language. */
  texts: z
    .object({
      welcome: localizedSchema.optional().describe('Greeting at the top of the chat widget'),
      offline: localizedSchema.optional().describe('Shown when nobody is online, e.g. where else to turn'),
    })
    .default({}),
  /** When each channel is staffed. */
  openingHours: z.partialRecord(channelKindSchema, weekHoursSchema).default({}),
  /** Holidays and special days: every channel's hours on those dates. */
  openingExceptions: openingExceptionsSchema.default([]),
  /** How the chat widget looks on the library's pages. */
  widget: z
    .object({
      color: storedColour.optional().describe('Accent colour, #rrggbb, with white text on it'),
      position: z.enum(widgetPositions).optional().describe('Corner of the page; bottom-right when left out'),
      launcherText: localizedSchema.optional().describe('Text of the button that opens the chat; an empty language uses the default'),
    })
    .default({}),
  /** Public contact details offered when chat is closed. */
  contact: z
    .object({
      email: contactFields.email.optional(),
      phone: contactFields.phone.optional(),
    })
    .default({}),
  /** The satisfaction question after a resolved conversation. */
  satisfaction: satisfactionSettingsSchema.default(defaultSatisfactionSettings),
});
export type LibrarySettings = z.infer<typeof librarySettingsSchema>;

export const slugParams = z.object({
  slug: patternText(/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/, 'validation.slug'),
});
