// The demo library seeded into an empty database, so a fresh `npm start` has something to
// sign in to. Its password is public by design: it is a demo, and the start message says so.
import type { Kysely } from 'kysely';
import { hashPassword } from '../platform/auth/passwords.js';
import type { DB } from '../platform/db/types.js';
import type { Role } from '../contract/kinds.js';
import type { Localized } from '../contract/languages.js';
import { insertAccount } from '../domains/accounts/store.js';
import { insertLibrary } from '../domains/libraries/store.js';
import type { LibrarySettings } from '../domains/libraries/schema.js';

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
    const ids: Record<string, string> = {};
    for (const account of demoAccounts) {
      const row = await insertAccount(trx, { ...account, libraryId: library.id, language: 'fi', passwordHash });
      ids[account.email] = row.id;
    }
    await seedDemoQueues(trx, library.id, ids);
  });
  return true;
}

/**
 * Three queues: the main library (the default), children's services (chats started from the
 * widget's `children` entry point) and the Swedish service (chats in Swedish), with targets.
 */
async function seedDemoQueues(db: Kysely<DB>, libraryId: string, accountIds: Record<string, string>): Promise<void> {
  const queue = async (name: Localized, isDefault: boolean, targets: Record<string, unknown>, members: string[]) => {
    const row = await db
      .insertInto('queues')
      .values({ library_id: libraryId, name: JSON.stringify(name), is_default: isDefault, targets: JSON.stringify(targets) })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const email of members) {
      const accountId = accountIds[email];
      if (accountId)
        await db.insertInto('queue_members').values({ queue_id: row.id, account_id: accountId, library_id: libraryId }).execute();
    }
    return row.id;
  };
  const everyone = demoAccounts.map((a) => a.email);
  await queue(
    { fi: 'Pääkirjasto', sv: 'Huvudbiblioteket', en: 'Main library' },
    true,
    { chat: { firstResponseMinutes: 10, resolutionMinutes: 240 } },
    everyone,
  );
  const children = await queue(
    { fi: 'Lasten palvelut', sv: 'Barntjänster', en: 'Children’s services' },
    false,
    { chat: { firstResponseMinutes: 15, resolutionMinutes: 480 } },
    ['staff@demo.kanava.test'],
  );
  const swedish = await queue(
    { fi: 'Ruotsinkielinen palvelu', sv: 'Svensk service', en: 'Swedish service' },
    false,
    { chat: { firstResponseMinutes: 20, resolutionMinutes: 480 } },
    ['supervisor@demo.kanava.test'],
  );
  await db
    .insertInto('routing_rules')
    .values([
      { library_id: libraryId, position: 1, channel: null, language: null, entry_point: 'children', queue_id: children },
      { library_id: libraryId, position: 2, channel: null, language: 'sv', entry_point: null, queue_id: swedish },
    ])
    .execute();
}
