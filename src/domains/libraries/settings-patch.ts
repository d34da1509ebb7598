// PATCH /library changes only what it is given. The stored settings schema fills in defaults,
// so a `.partial()` of it would turn every field left out into its default and the merge would
// overwrite the stored value with it. The patch schema below has no defaults, refuses unknown
// keys (a typo must be a 400, not a silent no-op), and is merged one level below each group:
// a text given in one language keeps the other languages, one channel's opening hours keep the
// other channels', one contact detail keeps the other. `null` clears an optional value.
import { z } from 'zod';
import { languages, type Localized } from '../../contract/languages.js';
import { catalogueMessage, nameText, storableText } from '../../platform/schemas.js';
import { validationErrors } from '../../platform/http/errors.js';
import {
  contactFields,
  openingExceptionsSchema,
  satisfactionQuestionText,
  satisfactionScaleSchema,
  storedColour,
  timeZoneSchema,
  weekHoursSchema,
  type LibrarySettings,
} from './schema.js';
import { channelKindSchema } from '../../contract/conversations.js';
import { widgetPositions } from '../../contract/libraries.js';
import { contrastRatio, MIN_CONTRAST, shownRatio, WIDGET_TEXT_COLOUR } from '../../contract/widget-look.js';

/** Some languages of a text; the languages left out keep their stored wording. */
function localizedPatch(text: z.ZodType<string>) {
  return z
    .strictObject({ fi: text.optional(), sv: text.optional(), en: text.optional() })
    .refine((v) => Object.keys(v).length > 0, catalogueMessage('validation.text_one_language'));
}

/** One language of a library's name. */
export const libraryNameText = nameText().min(1).max(200);

export const namePatchSchema = localizedPatch(libraryNameText).describe('Library name in the languages given; the others keep theirs');

const textPatch = localizedPatch(storableText().max(2000))
  .nullable()
  .optional()
  .describe('The languages given replace theirs; null removes the text');

/**
 * The widget's accent colour: white text goes on it (and it goes on white), so a colour below
 * WCAG AA (4.5:1) is refused with its ratio in the message.
 */
export const accentColour = storedColour.superRefine((colour, ctx) => {
  const ratio = contrastRatio(colour, WIDGET_TEXT_COLOUR);
  if (ratio < MIN_CONTRAST) {
    const key = 'validation.colour_contrast';
    ctx.addIssue({ code: 'custom', message: key, params: { i18n: key, ratio: shownRatio(ratio), minimum: MIN_CONTRAST } });
  }
});

const launcherTextPatch = localizedPatch(storableText().trim().max(40))
  .nullable()
  .optional()
  .describe('The languages given replace theirs (empty: the default text); null removes it');

export const settingsPatchSchema = z
  .strictObject({
    timeZone: timeZoneSchema.optional(),
    texts: z.strictObject({ welcome: textPatch, offline: textPatch }).optional(),
    openingHours: z
      .partialRecord(channelKindSchema, weekHoursSchema.nullable())
      .optional()
      .describe('Per channel: a week replaces that channel’s week (days left out are closed); null removes its hours'),
    openingExceptions: openingExceptionsSchema.optional().describe('Replaces the whole list of holidays and special days'),
    widget: z
      .strictObject({
        color: accentColour.nullable().optional().describe('Accent colour #rrggbb, at least 4.5:1 against white; null: the default'),
        position: z.enum(widgetPositions).optional(),
        launcherText: launcherTextPatch,
      })
      .optional()
      .describe('Each field given replaces the stored one'),
    contact: z
      .strictObject({ email: contactFields.email.nullable().optional(), phone: contactFields.phone.nullable().optional() })
      .optional()
      .describe('Each detail given replaces the stored one; null removes it'),
    satisfaction: z
      .strictObject({
        enabled: z.boolean().optional(),
        scale: satisfactionScaleSchema.optional(),
        question: z
          .strictObject({
            fi: satisfactionQuestionText.nullable().optional(),
            sv: satisfactionQuestionText.nullable().optional(),
            en: satisfactionQuestionText.nullable().optional(),
          })
          .optional(),
      })
      .optional()
      .describe(
        'Each field given replaces the stored one; a question given in one language keeps the others; null returns a language to the default wording',
      ),
  })
  .describe('Only the fields given change');

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
type LocalizedPatch = Partial<Localized>;

/** A problem found while merging: where, and its catalogue message. */
interface Issue {
  path: string;
  key: string;
}

/** Merges languages into a stored text; a text that does not exist yet needs all three. */
function mergeLocalized(current: Localized | undefined, patch: LocalizedPatch, path: string, issues: Issue[]): Localized {
  const merged = { ...current, ...patch };
  const missing = languages.filter((lang) => merged[lang] === undefined);
  for (const lang of missing) {
    issues.push({ path: `${path}.${lang}`, key: 'validation.text_all_languages' });
  }
  return { fi: merged.fi ?? '', sv: merged.sv ?? '', en: merged.en ?? '' };
}

/** Sets `key` to the patch's value, removes it on null, keeps it when the patch leaves it out. */
function applyField<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value === null) delete target[key];
  else if (value !== undefined) target[key] = value;
}

export function mergeName(current: Localized, patch: LocalizedPatch): Localized {
  const issues: Issue[] = [];
  const merged = mergeLocalized(current, patch, 'body.name', issues);
  if (issues.length > 0) throw validationErrors(issues);
  return merged;
}

/** The stored settings with the patch applied; throws validation_failed if the result is incomplete. */
export function mergeSettings(current: LibrarySettings, patch: SettingsPatch): LibrarySettings {
  const issues: Issue[] = [];
  const texts = { ...current.texts };
  for (const kind of ['welcome', 'offline'] as const) {
    const given = patch.texts?.[kind];
    applyField(texts, kind, given ? mergeLocalized(texts[kind], given, `body.settings.texts.${kind}`, issues) : given);
  }
  const openingHours = { ...current.openingHours };
  for (const [channel, week] of Object.entries(patch.openingHours ?? {})) {
    applyField(openingHours, channel as keyof typeof openingHours, week);
  }
  const contact = { ...current.contact };
  applyField(contact, 'email', patch.contact?.email);
  applyField(contact, 'phone', patch.contact?.phone);
  const widget = { ...current.widget };
  applyField(widget, 'color', patch.widget?.color);
  applyField(widget, 'position', patch.widget?.position);
  const launcher = patch.widget?.launcherText;
  applyField(
    widget,
    'launcherText',
    launcher ? mergeLocalized(widget.launcherText, launcher, 'body.settings.widget.launcherText', issues) : launcher,
  );
  const satisfaction = { ...current.satisfaction, question: { ...current.satisfaction.question } };
  applyField(satisfaction, 'enabled', patch.satisfaction?.enabled);
  applyField(satisfaction, 'scale', patch.satisfaction?.scale);
  for (const lang of languages) applyField(satisfaction.question, lang, patch.satisfaction?.question?.[lang]);
  if (issues.length > 0) throw validationErrors(issues);
  return {
    timeZone: patch.timeZone ?? current.timeZone,
    texts,
    openingHours,
    openingExceptions: patch.openingExceptions ?? current.openingExceptions,
    widget,
    contact,
    satisfaction,
  };
}

/** The dotted paths a patch body gives (e.g. `settings.contact.phone`), for the audit log: names, not values. */
export function givenPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix ? [prefix] : [];
  const entries = Object.entries(value);
  // A week of opening hours is one value; listing its days would say nothing more.
  if (prefix.startsWith('settings.openingHours.') || entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([key, child]) => givenPaths(child, prefix ? `${prefix}.${key}` : key));
}

export const updateLibraryBody = z
  .strictObject({ name: namePatchSchema.optional(), settings: settingsPatchSchema.optional() })
  .refine((v) => v.name !== undefined || v.settings !== undefined, catalogueMessage('validation.name_or_settings'));
