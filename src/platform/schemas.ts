// Building blocks for the zod schemas at the edge, for values PostgreSQL would otherwise
// refuse deep inside a query (a 500 instead of a clear 400): text with the NUL character,
// integers beyond its 4-byte `integer`.
import { z } from 'zod';
import { t } from './i18n.js';

/** Largest value of a PostgreSQL `integer` column (sequence numbers). */
export const MAX_INT4 = 2_147_483_647;

/**
 * Options for refine() with a message from the server catalogue (`validation.*` keys): the
 * HTTP validator (platform/http/validation.ts) shows it in the caller's language; any other parse
 * gets the English text.
 */
export const catalogueMessage = (key: string) => ({ message: t('en', key), params: { i18n: key } });

/** A string PostgreSQL can store: anything but the NUL character (U+0000). */
export const storableText = () => z.string().refine((s) => !s.includes('\u0000'), catalogueMessage('validation.nul_character'));

/**
 * Control and invisible text-direction characters: C0 and C1 controls, the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F,
 * U+061C). In a name they serve only to spoof: a right-to-left override turns the text shown
 * after the name around.
 */
export const NAME_CONTROL_CHARACTERS = /[\u0001-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * A person's or a library's name: storable (NUL has its own message), trimmed, without control
 * or text-direction characters (refused with a catalogue message; the front ends also isolate
 * every name they show, for names stored before this rule).
 */
export const nameText = () =>
  storableText()
    .trim()
    .refine((s) => !NAME_CONTROL_CHARACTERS.test(s), catalogueMessage('validation.name_control_character'));

/** A sequence number as sent in JSON (socket frames). */
export const seqNumber = () => z.number().int().min(0).max(MAX_INT4);

/** A sequence number from a query string. */
export const seqQuery = () => z.coerce.number().int().min(0).max(MAX_INT4);
