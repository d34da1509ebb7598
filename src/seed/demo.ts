// The demo library seeded into an empty database, so a fresh `npm start` has something to
// sign in to. Its password is public by design: it is a demo, and the start message says so.
import type { Kysely } from 'kysely';
import { hashPassword } from '../platform/auth/passwords.js';
import type { DB } from '../platform/db/types.js';
import type { Role } from '../contract/kinds.js';
import { insertAccount } from '../domains/accounts/store.js';
import { insertLibrary } from '../domains/libraries/store.js';
import { defaultSatisfactionSettings, type LibrarySettings } from '../domains/libraries/schema.js';

export const DEMO_SLUG = 'demo';
export const DEMO_PASSWORD = 'kanava-demo-2026';
export const demoAccounts: { email: string; displayName: string; role: Role }[] = [
  { email: 'admin@demo.kanava.test', displayName: 'Aino Admin', role: 'admin' },
  { email: 'supervisor@demo.kanava.test', displayName: 'Sami Supervisor', role: 'supervisor' },
  { email: 'staff@demo.kanava.test', displayName: 'Elsa Esimerkki', role: 'staff' },
];

const demoSettings: LibrarySettings = {
  timeZone: 'Europe/Helsinki',
  texts: {
    welcome: {
      fi: 'Hei! Kysy meiltä kirjaston palveluista. Vastaamme niin pian kuin voimme.',
      sv: 'Hej! Fråga oss om bibliotekets tjänster. Vi svarar så snart vi kan.',
      en: 'Hello! Ask us about the library’s services. We answer as soon as we can.',
    },
  },
  openingHours: {},
  contact: { email: 'kirjasto@demo.kanava.test', phone: '+358 9 123 4567' },
  satisfaction: defaultSatisfactionSettings,
};

/** Seeds the demo library unless it exists; returns true when it seeded. */
export async function seedDemo(db: Kysely<DB>): Promise<boolean> {
  const existing = await db.selectFrom('libraries').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirst();
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const library = await insertLibrary(trx, {
      slug: DEMO_SLUG,
      name: { fi: 'Kanavan demokirjasto', sv: 'Kanavas demobibliotek', en: 'Kanava Demo Library' },
      settings: demoSettings,
    });
    for (const account of demoAccounts) {
      await insertAccount(trx, { ...account, libraryId: library.id, language: 'fi', passwordHash });
    }
  });
  return true;
}
