// A string that must match a pattern, refused with a catalogue message. zod's own `.regex()`
// reports an `invalid_format` issue whose text the HTTP validator cannot translate (only
// custom issues carry a catalogue key), so the rule is a refinement; the pattern is kept in
// the JSON schema (OpenAPI) through the metadata.
import { z } from 'zod';
import { catalogueMessage } from './schemas.js';

export function patternText(pattern: RegExp, key: string) {
  return z
    .string()
    .refine((s) => pattern.test(s), catalogueMessage(key))
    .meta({ pattern: pattern.source });
}
