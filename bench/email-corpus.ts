// Synthetic but realistic library mail for the email benchmark: short Finnish, Swedish and
// English questions from customers, some as multipart/alternative with an HTML part, some
// with a small attachment, and about 30% follow-ups that answer an earlier mail of the same
// thread (In-Reply-To and References), so the threading path is exercised, not only the
// new-conversation path. Built with nodemailer's composer, so the MIME is what a real mail
// program writes (quoted-printable, encoded words, boundaries). Deterministic for a seed.
import MailComposer from 'nodemailer/lib/mail-composer';
import { seeded } from '../test/support/fuzz.js';

export interface CorpusMail {
  /** Message-ID without angle brackets, unique across corpora with different prefixes. */
  messageId: string;
  /** The Message-ID of the first mail of its thread (itself for a new question). */
  threadRoot: string;
  /** Index of the mail this one answers, -1 for a new question; always lower than its own. */
  parent: number;
  raw: Buffer;
}

export const BENCH_MAILBOX = 'kirjasto@bench.example';

type Language = 'fi' | 'sv' | 'en';

const QUESTIONS: Record<Language, { subject: string; body: string }[]> = {
  fi: [
    {
      subject: 'Lainojen uusiminen ei onnistu',
      body: 'Hei,\n\nyritin uusia lainani verkkokirjastossa, mutta järjestelmä sanoo, että kirjassa on varaus. Voinko silti pitää sen viikon pidempään?',
    },
    {
      subject: 'Varaus noutamatta',
      body: 'Hei!\n\nSain viestin, että varaukseni on noudettavissa, mutta olen matkoilla ensi viikkoon asti. Ehdinkö vielä hakea sen?',
    },
    {
      subject: 'Kadonnut kirjastokortti',
      body: 'Moi,\n\nkirjastokorttini on kadonnut. Miten saan uuden, ja pitääkö vanha kuolettaa jotenkin?',
    },
    {
      subject: 'Myöhästymismaksu',
      body: 'Hyvä kirjasto,\n\ntililläni näkyy myöhästymismaksu kirjasta, jonka palautin ajallaan palautusluukkuun. Voisitteko tarkistaa asian?',
    },
    {
      subject: 'Hankintaehdotus',
      body: 'Hei,\n\nehdottaisin kokoelmaan Tove Janssonin kirjeenvaihtoa käsittelevää uutta teosta. Onko sitä tulossa?',
    },
  ],
  sv: [
    {
      subject: 'Förnya lån',
      body: 'Hej,\n\njag försökte förnya mina lån på nätet men det står att boken är reserverad. Kan jag ändå behålla den en vecka till?',
    },
    { subject: 'Borttappat lånekort', body: 'Hej!\n\nJag har tappat mitt lånekort. Hur får jag ett nytt och behöver det gamla spärras?' },
    {
      subject: 'Fråga om förseningsavgift',
      body: 'Hej,\n\npå mitt konto finns en förseningsavgift för en bok som jag lämnade i återlämningsluckan i tid. Kan ni kolla det?',
    },
    {
      subject: 'Reservation som inte hämtats',
      body: 'Hej,\n\njag fick besked om att min reservation kan hämtas, men jag är bortrest till nästa vecka. Hinner jag hämta den?',
    },
  ],
  en: [
    {
      subject: 'Renewing my loans',
      body: 'Hello,\n\nI tried to renew my loans online but it says the book has a hold on it. Could I keep it one more week anyway?',
    },
    {
      subject: 'Lost library card',
      body: 'Hi,\n\nI have lost my library card. How do I get a new one, and does the old one need to be blocked?',
    },
    {
      subject: 'Question about a late fee',
      body: 'Dear library,\n\nmy account shows a late fee for a book I returned on time through the return slot. Could you check it please?',
    },
  ],
};

const FOLLOW_UPS: Record<Language, string[]> = {
  fi: [
    'Kiitos nopeasta vastauksesta! Vielä yksi kysymys: koskeeko sama myös e-kirjoja?',
    'Unohdin mainita, että kortin numero alkaa 1234.',
    'Asia selvisi, kiitos avusta!',
  ],
  sv: [
    'Tack för snabbt svar! En fråga till: gäller samma sak e-böcker?',
    'Jag glömde nämna att kortnumret börjar med 1234.',
    'Det löste sig, tack för hjälpen!',
  ],
  en: [
    'Thanks for the quick answer! One more question: does the same apply to e-books?',
    'I forgot to mention that my card number starts with 1234.',
    'All sorted now, thank you!',
  ],
};

const REPLY_PREFIX: Record<Language, string> = { fi: 'VS: ', sv: 'SV: ', en: 'Re: ' };
const SIGN_OFF: Record<Language, string> = { fi: 'Ystävällisin terveisin', sv: 'Med vänliga hälsningar', en: 'Kind regards' };
const REFERENCE_LABEL: Record<Language, string> = { fi: 'Asiakasnumero', sv: 'Kundnummer', en: 'Customer number' };

const FIRST_NAMES = ['Matti', 'Aino', 'Väinö', 'Åsa', 'Björn', 'Saara', 'Jüri', 'Emma', 'Oskari', 'Linnéa', 'Pekka', 'Sofia'];
const LAST_NAMES = ['Äijälä', 'Virtanen', 'Lindström', 'Korhonen', 'Öhman', 'Nieminen', 'Smith', 'Mäkelä', 'Sjöberg', 'Hämäläinen'];
const DOMAINS = ['example.fi', 'posti.example.fi', 'example.se', 'mail.example.com'];

interface Customer {
  name: string;
  address: string;
  language: Language;
}

interface Options {
  /** Distinguishes corpora that go to the same library (e.g. push and IMAP in one run). */
  prefix: string;
  seed?: number;
  replyShare?: number;
}

/** `count` mails; a follow-up comes from the same customer as its thread and after its parent. */
export async function buildCorpus(count: number, options: Options): Promise<CorpusMail[]> {
  const next = seeded(options.seed ?? 9);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const replyShare = options.replyShare ?? 0.3;
  const customers: Customer[] = Array.from({ length: Math.max(1, Math.ceil(count / 4)) }, (_, i) => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const local = `${first}.${last}`
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .toLowerCase();
    return { name: `${first} ${last}`, address: `${local}.${i}@${pick(DOMAINS)}`, language: pick(['fi', 'fi', 'fi', 'sv', 'en'] as const) };
  });
  const mails: CorpusMail[] = [];
  // What a follow-up needs of the mail it answers.
  const meta: { customer: Customer; subject: string; references: string[]; text: string }[] = [];
  const start = Date.UTC(2026, 10, 2, 7, 0, 0);
  for (let i = 0; i < count; i += 1) {
    const messageId = `${options.prefix}.${i}.${Math.floor(next() * 1e9).toString(36)}@bench.example`;
    // A follow-up answers one of the last 200 mails, as customers answer within days, not years.
    const parent = i > 0 && next() < replyShare ? i - 1 - Math.floor(next() * Math.min(i, 200)) : -1;
    const parentMeta = parent >= 0 ? meta[parent]! : null;
    const customer = parentMeta ? parentMeta.customer : pick(customers);
    const language = customer.language;
    const question = pick(QUESTIONS[language]);
    const subject = parentMeta
      ? parentMeta.subject.startsWith(REPLY_PREFIX[language])
        ? parentMeta.subject
        : `${REPLY_PREFIX[language]}${parentMeta.subject}`
      : question.subject;
    const quoted = parentMeta
      ? `\n\n${parentMeta.text
          .split('\n')
          .map((line) => `> ${line}`)
          .join('\n')}`
      : '';
    // The customer number makes every body unique, so a message stored twice shows as a repeated body.
    const text = `${parentMeta ? pick(FOLLOW_UPS[language]) : question.body}\n\n${REFERENCE_LABEL[language]}: ${options.prefix}-${i}\n\n${SIGN_OFF[language]}\n${customer.name}${quoted}`;
    const references = parentMeta ? [...parentMeta.references, mails[parent]!.messageId].slice(-10) : [];
    const kind = next();
    const html =
      kind < 0.35
        ? `<html><body><div dir="ltr">${text
            .split('\n\n')
            .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
            .join('')}</div></body></html>`
        : undefined;
    const attachments =
      kind > 0.85
        ? [
            {
              filename: pick(['kuitti.pdf', 'kuvakaappaus.png', 'lainat.pdf', 'screenshot.png']),
              content: attachmentBytes(next, 2048 + Math.floor(next() * 14_000)),
            },
          ]
        : [];
    const raw = await new MailComposer({
      from: { name: customer.name, address: customer.address },
      to: { name: 'Kirjasto', address: BENCH_MAILBOX },
      subject,
      text,
      html,
      attachments,
      messageId: `<${messageId}>`,
      inReplyTo: parentMeta ? `<${mails[parent]!.messageId}>` : undefined,
      references: references.map((r) => `<${r}>`),
      date: new Date(start + i * 7_000),
      headers: { 'X-Mailer': pick(['Thunderbird 128.4', 'Microsoft Outlook 16.0', 'Apple Mail (2.3776)', 'Roundcube Webmail/1.6']) },
    })
      .compile()
      .build();
    mails.push({ messageId, threadRoot: parent >= 0 ? mails[parent]!.threadRoot : messageId, parent, raw });
    meta.push({ customer, subject, references, text });
  }
  return mails;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attachmentBytes(next: () => number, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = Math.floor(next() * 256);
  return bytes;
}
