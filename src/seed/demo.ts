// The demo library seeded into an empty database, so a fresh `npm start` has something to
// sign in to. Its password is public by design: it is a demo, and the start message says so.
import type { Kysely } from 'kysely';
import { hashPassword } from '../platform/auth/passwords.js';
import type { DB } from '../platform/db/types.js';
import type { Role } from '../contract/kinds.js';
import type { Localized } from '../contract/languages.js';
import { insertAccount } from '../domains/accounts/store.js';
import { insertLibrary } from '../domains/libraries/store.js';
import { insertReply, type ReplyFields } from '../domains/replies/store.js';
import { insertTag } from '../domains/tags/store.js';
import type { PartialLocalized } from '../contract/tags.js';
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
  openingExceptions: [],
  widget: {},
  contact: { email: 'kirjasto@demo.kanava.test', phone: '+358 9 123 4567' },
  satisfaction: defaultSatisfactionSettings,
};

/** The demo library's own saved replies, for everyone. */
const demoReplies: ReplyFields[] = [
  {
    title: 'Tervehdys',
    shortcut: 'hei',
    body: {
      fi: 'Hei {customer.name}! Täällä {staff.name} kirjastosta. Miten voin auttaa?',
      sv: 'Hej {customer.name}! Det här är {staff.name} från biblioteket. Hur kan jag hjälpa dig?',
      en: 'Hello {customer.name}! This is {staff.name} from the library. How can I help?',
    },
    keywords: ['moi', 'hej', 'hello'],
  },
  {
    title: 'Lainojen uusiminen',
    shortcut: 'uusinta',
    body: {
      fi: 'Voit uusia lainasi verkkokirjastossa kohdassa Omat tiedot. Tarvitset kirjastokortin numeron ja PIN-koodin. Laina voidaan uusia, jos siitä ei ole varausta.',
      sv: 'Du kan förnya dina lån i webbiblioteket under Mina uppgifter. Du behöver ditt lånekortsnummer och din PIN-kod. Ett lån kan förnyas om ingen har reserverat det.',
      en: 'You can renew your loans in the online library under My account. You need your library card number and PIN. A loan can be renewed unless someone has reserved it.',
    },
    keywords: ['laina', 'lån', 'renew'],
  },
  {
    title: 'Unohtunut PIN-koodi',
    shortcut: 'pin',
    body: {
      fi: 'Uuden PIN-koodin saat kirjaston asiakaspalvelusta, kun tuot mukanasi kuvallisen henkilöllisyystodistuksen.',
      sv: 'En ny PIN-kod får du i bibliotekets kundtjänst när du visar en fotolegitimation.',
      en: 'You can get a new PIN at the library’s service desk with a photo ID.',
    },
    keywords: ['salasana', 'lösenord', 'password'],
  },
  {
    title: 'Kiitos ja hyvää päivänjatkoa',
    shortcut: 'kiitos',
    body: {
      fi: 'Kiitos yhteydenotosta! Hyvää päivänjatkoa toivottaa {library.name}.',
      sv: 'Tack för att du hörde av dig! Ha en fin dag önskar {library.name}.',
      en: 'Thank you for getting in touch! Have a good day, from {library.name}.',
    },
    keywords: [],
  },
];

/** The demo library's topic tags. */
const demoTags: PartialLocalized[] = [
  { fi: 'Lainaus ja uusinta', sv: 'Lån och förnyelse', en: 'Loans and renewals' },
  { fi: 'Varaukset', sv: 'Reservationer', en: 'Reservations' },
  { fi: 'Kirjastokortti ja PIN', sv: 'Lånekort och PIN', en: 'Library card and PIN' },
  { fi: 'Tapahtumat', sv: 'Evenemang', en: 'Events' },
  { fi: 'Muu asia', sv: 'Övrigt', en: 'Other' },
];

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
    for (const reply of demoReplies) await insertReply(trx, library.id, null, reply);
    for (const name of demoTags) await insertTag(trx, library.id, name);
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
