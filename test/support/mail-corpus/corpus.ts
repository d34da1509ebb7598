// The mail corpus: raw messages shaped like what real clients send (Outlook, Gmail, Apple
// Mail, Thunderbird, iPhone, Android, web mail), in Finnish, Swedish and English, plus
// auto-replies, bounces, list mail and broken mail. Each file is listed here with what
// parseMail must make of it (src/domains/channels/email/parse.test.ts checks every entry).
//
// Conversations (`thread`), for the threading tests of the ingest:
// - a: Matti (Outlook, fi). a1 `outlook-fi-html.eml` starts it; a2 `outlook-fi-vs-in-reply-to.eml`
//   answers with In-Reply-To only (no References); a3 `outlook-fi-vs-no-references.eml` is a
//   "VS:" mail with neither In-Reply-To nor References (only Outlook's Thread-Index): nothing
//   but the subject links it, so by itself it must open a new conversation.
// - b: Åsa (Gmail + iPhone, sv). b1 starts it, b2 "SV:" has In-Reply-To and References, b3
//   from the iPhone has References to both and In-Reply-To b2.
// - c: John (Thunderbird + Apple Mail, en). c1 starts it, c2 (Apple Mail, inline image)
//   answers c1, c3 (Thunderbird) has In-Reply-To c2 and References c1 c2 c1 (a duplicate
//   the parser removes).
// - d: Liisa (Android, fi) writes with the same subject as a1, "Kysymys lainasta", and no
//   references: a different sender, so it must never be joined to conversation a.
// Mails of ours referenced by auto-replies and bounces: KANAVA_ID_1 and KANAVA_ID_2 have the
// shape of `outgoingMessageId` (thread-tokens.ts), with signatures no secret key makes.
import { readFileSync } from 'node:fs';

export const KANAVA_ID_1 = 'kanava.ab3cd4ef5gh6ij7kl2mn3op4qr.k7m2p4qz@kirjasto.example.fi';
export const KANAVA_ID_2 = 'kanava.zz3cd4ef5gh6ij7kl2mn3op4qa.q2w3e4r5@kirjasto.example.fi';

/** The Message-IDs of the thread messages, for threading tests. */
export const threadIds = {
  a1: 'HE1PR0701MB2876A1F3C2D54E9B8F0A3C41B6E70@HE1PR0701MB2876.eurprd07.prod.outlook.com',
  a2: 'HE1PR0701MB28769C7D1E2F34A5B6C7D8E9F0A12@HE1PR0701MB2876.eurprd07.prod.outlook.com',
  a3: 'HE1PR0701MB2876D4E5F60718293A4B5C6D7E8F9@HE1PR0701MB2876.eurprd07.prod.outlook.com',
  b1: 'CAJ7pR1vT0Q8k3mNxP5sD2aZ9wYb4Uc6hL0eF1gK8rV3nMtE@mail.gmail.com',
  b2: 'CAJ7pR1s9Xq2Lm4Nb8Vc6Zx3Ty5Ua1Hd7Fg0Jk2Pl4Rw9Eo@mail.gmail.com',
  b3: '5F2C1E8A-3B7D-4E9F-A0C1-D2E3F4A5B6C7@icloud.com',
  c1: '8f3b2a1c-5d6e-4f70-9a8b-1c2d3e4f5a6b@example.com',
  c2: 'B7A1C2D3-E4F5-4061-8273-94A5B6C7D8E9@example.com',
  c3: 'e2d1c0b9-a8f7-4e6d-5c4b-3a2918070605@example.com',
  d1: 'CAHx4Pq8f2Yw1_zT0mF9b3kLp7nR0vX2cJdQe8uW5sK1gA@mail.gmail.com',
} as const;

export type CorpusKind = 'normal' | 'auto_reply' | 'bounce';

export interface CorpusEntry {
  file: string;
  client: string;
  /** The conversation the message belongs to (see the top of this file). */
  thread?: 'a' | 'b' | 'c' | 'd';
  /** How it links to the earlier messages of its thread. */
  link?: 'starts' | 'in_reply_to' | 'references' | 'subject_only';
  expect: {
    kind: CorpusKind;
    reason?: string | null;
    hasMessageId: boolean;
    messageId?: string;
    inReplyTo?: string | null;
    references?: string[];
    from?: string | null;
    fromName?: string | null;
    subject?: string | null;
    textIncludes?: string[];
    textExcludes?: string[];
    attachments?: Array<{ filename: string; contentType: string; inline?: boolean; contentId?: string | null }>;
    language?: 'fi' | 'sv' | 'en' | null;
    bounce?: { originalMessageId: string | null; recipient: string | null; status: string | null } | null;
    loop?: boolean;
    recipientCount?: number;
    deliveredTo?: string[];
    /** Exactly these warnings (order ignored); absent = none. */
    warnings?: string[];
    hasHtml?: boolean;
    date?: string | null;
  };
}

const folder = new URL('./', import.meta.url);

/**
 * The raw bytes of a corpus file. `replace` swaps text in it first, e.g. KANAVA_ID_1 for a
 * Message-ID that `outgoingMessageId` made with the test's key, so that a bounce or an
 * auto-reply names a real delivery. Replacements must be ASCII (headers and 7-bit parts).
 */
export function readCorpus(file: string, replace: Record<string, string> = {}): Buffer {
  const raw = readFileSync(new URL(file, folder));
  const pairs = Object.entries(replace);
  if (pairs.length === 0) return raw;
  let text = raw.toString('latin1');
  for (const [from, to] of pairs) text = text.split(from).join(to);
  return Buffer.from(text, 'latin1');
}

export const corpus: CorpusEntry[] = [
  // ---- conversation a: Outlook, Finnish
  {
    file: 'outlook-fi-html.eml',
    client: 'Outlook (Microsoft 365), fi-FI, HTML + text',
    thread: 'a',
    link: 'starts',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.a1,
      inReplyTo: null,
      references: [],
      from: 'matti.meikalainen@example.fi',
      fromName: 'Matti Meikäläinen',
      subject: 'Kysymys lainasta',
      textIncludes: ['Tuntematon sotilas', 'eräpäivä on huomenna', 'Ystävällisin terveisin'],
      textExcludes: ['MsoNormal', 'font-family'],
      attachments: [],
      language: 'fi',
      hasHtml: true,
      date: '2026-11-16T09:12:44.000Z',
    },
  },
  {
    file: 'outlook-fi-vs-in-reply-to.eml',
    client: 'Outlook, fi-FI, "VS:" reply with In-Reply-To only',
    thread: 'a',
    link: 'in_reply_to',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.a2,
      inReplyTo: threadIds.a1,
      references: [],
      from: 'matti.meikalainen@example.fi',
      subject: 'VS: Kysymys lainasta',
      textIncludes: ['toinen kirja samasta sarjasta', 'Lähettäjä: Matti Meikäläinen'],
      language: 'fi',
    },
  },
  {
    file: 'outlook-fi-vs-no-references.eml',
    client: 'Outlook, fi-FI, "VS:" without In-Reply-To or References',
    thread: 'a',
    link: 'subject_only',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.a3,
      inReplyTo: null,
      references: [],
      from: 'matti.meikalainen@example.fi',
      subject: 'VS: Kysymys lainasta',
      textIncludes: ['onko kirjasto auki lauantaina?'],
      language: 'fi',
    },
  },
  // ---- conversation d: same subject, another sender
  {
    file: 'android-fi-same-subject.eml',
    client: 'Gmail for Android, fi',
    thread: 'd',
    link: 'starts',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.d1,
      inReplyTo: null,
      references: [],
      from: 'liisa.virtanen@gmail.com',
      fromName: 'Liisa Virtanen',
      subject: 'Kysymys lainasta',
      textIncludes: ['Onko varaus vielä voimassa?', 'Lähetetty Android-puhelimesta'],
      language: 'fi',
      deliveredTo: ['kirjasto@kirjasto.example.fi'],
      hasHtml: true,
      date: '2026-11-16T13:03:01.000Z',
    },
  },
  // ---- conversation b: Gmail and iPhone, Swedish
  {
    file: 'gmail-sv-alternative.eml',
    client: 'Gmail web, sv, multipart/alternative',
    thread: 'b',
    link: 'starts',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.b1,
      references: [],
      from: 'asa.oberg@gmail.com',
      fromName: 'Åsa Öberg',
      subject: 'Fråga om fjärrlån',
      textIncludes: ['"Märta och månen"', 'Tack på förhand'],
      language: 'sv',
      deliveredTo: ['biblioteket@kirjasto.example.fi'],
      hasHtml: true,
    },
  },
  {
    file: 'gmail-sv-reply.eml',
    client: 'Gmail web, sv, "SV:" reply with References',
    thread: 'b',
    link: 'references',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.b2,
      inReplyTo: threadIds.b1,
      references: [threadIds.b1],
      from: 'asa.oberg@gmail.com',
      subject: 'SV: Fråga om fjärrlån',
      textIncludes: ['Jag hämtar boken på huvudbiblioteket', '> Hej!'],
      language: 'sv',
    },
  },
  {
    file: 'iphone-sv-reply.eml',
    client: 'iPhone Mail, sv, quoted-printable',
    thread: 'b',
    link: 'references',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.b3,
      inReplyTo: threadIds.b2,
      references: [threadIds.b1, threadIds.b2],
      from: 'asa.oberg@gmail.com',
      subject: 'Re: SV: Fråga om fjärrlån',
      textIncludes: ['kan jag låna om boken via nätet?', 'Skickat från min iPhone'],
      language: 'sv',
      hasHtml: false,
    },
  },
  // ---- conversation c: Thunderbird and Apple Mail, English
  {
    file: 'thunderbird-en-flowed.eml',
    client: 'Thunderbird, en-GB, format=flowed',
    thread: 'c',
    link: 'starts',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.c1,
      from: 'john.smith@example.com',
      subject: 'Renewing my loans',
      // format=flowed: the soft line breaks are joined.
      textIncludes: ['renew them for another three weeks', 'check whether any of them have a reservation?'],
      language: 'en',
      hasHtml: false,
    },
  },
  {
    file: 'apple-mail-inline-image.eml',
    client: 'Apple Mail (macOS), quoted-printable, inline image by cid',
    thread: 'c',
    link: 'references',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.c2,
      inReplyTo: threadIds.c1,
      references: [threadIds.c1],
      from: 'john.smith@example.com',
      subject: 'Re: Renewing my loans',
      textIncludes: ['damaged cover', 'I am sorry about that – it happened on the bus.'],
      attachments: [
        { filename: 'cover.png', contentType: 'image/png', inline: true, contentId: '1F2E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B@home' },
      ],
      language: 'en',
      hasHtml: true,
    },
  },
  {
    file: 'thunderbird-en-reply-references.eml',
    client: 'Thunderbird, en-GB, References folded with a duplicate',
    thread: 'c',
    link: 'references',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: threadIds.c3,
      inReplyTo: threadIds.c2,
      references: [threadIds.c1, threadIds.c2],
      from: 'john.smith@example.com',
      textIncludes: ['the renewal worked', 'bring the damaged book back on Monday.'],
      language: 'en',
    },
  },
  // ---- other clients and charsets
  {
    file: 'iphone-fi-plain.eml',
    client: 'iPhone Mail, fi, RFC 2047 B-encoded From name',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'pekka.hakkinen@icloud.com',
      fromName: 'Pekka Häkkinen',
      subject: 'Varaus on noudettavissa – mutta missä?',
      textIncludes: ['varaushyllystä', 'Lähetetty iPhonesta'],
      language: 'fi',
    },
  },
  {
    file: 'webmail-html-only.eml',
    client: 'Web mail, HTML only, with script, tracker image, iframe and form',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'aino.korhonen@elisanet.example',
      subject: 'Palautetta aukioloajoista',
      textIncludes: ['sunnuntaisin auki myös kesällä', 'Terveisin Aino', 'https://www.example.fi/aukioloajat'],
      textExcludes: ['tracking', 'javascript:', 'font-family', 'Webmail'],
      language: 'fi',
      deliveredTo: ['kirjasto@kirjasto.example.fi', 'palaute@kirjasto.example.fi'],
      hasHtml: true,
      date: '2026-11-24T11:14:15.000Z',
    },
  },
  {
    file: 'iso-8859-1-qp.eml',
    client: 'Outlook Express, ISO-8859-1 quoted-printable body and headers',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'kalle.makela@posti.example.fi',
      fromName: 'Kalle Mäkelä',
      subject: 'Myöhästymismaksu äänikirjasta',
      textIncludes: ['Hyvä kirjasto,', 'sain myöhästymismaksun äänikirjasta'],
      language: 'fi',
    },
  },
  {
    file: 'iso-8859-15-8bit.eml',
    client: 'Mutt, ISO-8859-15 8-bit body with €',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'sirpa.lehtonen@vanha.example.fi',
      subject: 'Maksu 5 € kadonneesta kortista',
      textIncludes: ['Maksaako uusi kortti 5 € vai onko hinta nyt 3 €?', 'ensi käynnillä'],
      language: 'fi',
    },
  },
  {
    file: 'windows-1252-8bit.eml',
    client: 'Outlook 2007, Windows-1252 body and subject (curly quotes, en dash, €)',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: '000a01db3f2c$1e2f3a40$5a6b7c80$@koti.example.fi',
      from: 'tapio.nieminen@koti.example.fi',
      subject: 'Kirjaston “tapahtumat” – ilmoittautuminen',
      textIncludes: ['”Lukupiiri – syksy 2026”', 'Osallistumismaksu 10 € maksetaan paikan päällä'],
      language: 'fi',
    },
  },
  {
    file: 'rfc2047-headers-folded.eml',
    client: 'Mutt, RFC 2047 Q and B words in a folded Subject, B-encoded From',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'ake.oljymaki@example.fi',
      fromName: 'Åke Öljymäki',
      subject: 'Pääkirjaston aukiolo jouluna ja uudenvuoden päivänä',
      textIncludes: ['Onko pääkirjasto auki jouluaattona'],
    },
  },
  {
    file: 'utf8-raw-headers.eml',
    client: 'RFC 6532 raw UTF-8 headers',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'bjorn.angstrom@posti.example.se',
      fromName: 'Björn Ångström',
      subject: 'Öppettider på lördag',
      textIncludes: ['är biblioteket öppet på lördag?'],
      language: 'sv',
    },
  },
  // ---- attachments
  {
    file: 'rfc2231-attachment.eml',
    client: 'Thunderbird, PDF with an RFC 2231 file name',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'eeva.salo@example.fi',
      subject: 'Lainaushistoria liitteenä',
      textIncludes: ['liitteenä lainaushistoriani'],
      attachments: [{ filename: 'lainausä.pdf', contentType: 'application/pdf', inline: false, contentId: null }],
      language: 'fi',
    },
  },
  {
    file: 'outlook-fi-attachment-rfc2047-name.eml',
    client: 'Outlook, PDF with an RFC 2047 file name and a JPEG, ISO-8859-1 text',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'riikka.laine@yritys.example.fi',
      subject: 'Lasku ja kuitti',
      textIncludes: ['liitteenä kuitti kaukolainamaksusta'],
      attachments: [
        { filename: 'kuitti_äänikirja.pdf', contentType: 'application/pdf', inline: false },
        { filename: 'image001.jpg', contentType: 'image/jpeg', inline: false },
      ],
      language: 'fi',
    },
  },
  {
    file: 'outlook-winmail-dat.eml',
    client: 'Outlook with rich text: winmail.dat (TNEF), base64 text part',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'heikki.aalto@kunta.example.fi',
      subject: 'Kokoushuoneen varaus',
      textIncludes: ['torstaille klo 14–16'],
      attachments: [{ filename: 'winmail.dat', contentType: 'application/ms-tnef', inline: false }],
      language: 'fi',
    },
  },
  {
    file: 'android-image-attachment.eml',
    client: 'Gmail for Android, PNG photo attachment',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'jari.heikkinen@gmail.com',
      subject: 'Kuva vaurioituneesta kirjasta',
      textIncludes: ['Kirjan kansi kastui sateessa'],
      attachments: [{ filename: 'IMG_20261127_162201.png', contentType: 'image/png', inline: false, contentId: 'f_m3xk2p9a0' }],
    },
  },
  {
    file: 'attachment-without-name.eml',
    client: 'Scanner, PDF part without a file name',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'skanneri@toimisto.example.fi',
      fromName: null,
      textIncludes: ['Scanned document attached.'],
      attachments: [{ filename: 'attachment-1.pdf', contentType: 'application/pdf', inline: false }],
    },
  },
  {
    file: 'thunderbird-forward-as-attachment.eml',
    client: 'Thunderbird "forward as attachment": message/rfc822 with an RFC 2231 continued file name',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      messageId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d@example.fi',
      references: [],
      from: 'eeva.salo@example.fi',
      subject: 'Fwd: Muistutus: eräpäivä lähestyy',
      textIncludes: ['Alkuperäinen viesti liitteenä.'],
      // The forwarded mail is a file, not a second body; its Message-ID does not become ours.
      textExcludes: ['Lainasi eräpäivä on 1.12.2026.'],
      attachments: [{ filename: 'Muistutus: eräpäivä lähestyy.eml', contentType: 'message/rfc822', inline: false }],
      language: 'fi',
    },
  },
  // ---- auto-replies
  {
    file: 'auto-reply-outlook-fi.eml',
    client: 'Exchange out-of-office, fi (Auto-Submitted, X-Auto-Response-Suppress)',
    expect: {
      kind: 'auto_reply',
      reason: 'auto_submitted',
      hasMessageId: true,
      inReplyTo: KANAVA_ID_1,
      references: [KANAVA_ID_1],
      from: 'matti.meikalainen@example.fi',
      subject: 'Automaattinen vastaus: Kysymys lainasta [#3F2A9C1B7E]',
      textIncludes: ['Olen lomalla 30.11. asti'],
      language: 'fi',
      loop: false,
    },
  },
  {
    file: 'auto-reply-gmail-vacation-sv.eml',
    client: 'Gmail vacation responder, sv (Auto-Submitted: auto-replied, ordinary subject)',
    expect: {
      kind: 'auto_reply',
      reason: 'auto_submitted',
      hasMessageId: true,
      inReplyTo: KANAVA_ID_2,
      from: 'asa.oberg@gmail.com',
      subject: 'Re: Fråga om fjärrlån',
      textIncludes: ['Jag är på semester'],
      language: 'sv',
    },
  },
  {
    file: 'auto-reply-sv-subject-only.eml',
    client: 'Swedish out-of-office recognised by its subject only ("Frånvaro:")',
    expect: { kind: 'auto_reply', reason: 'ooo_subject', hasMessageId: true, subject: 'Frånvaro: Ditt lån', language: 'sv' },
  },
  {
    file: 'auto-reply-en-x-autoreply.eml',
    client: 'Autoresponder with X-Autoreply / X-Autorespond headers, en',
    expect: { kind: 'auto_reply', reason: 'x_autoreply', hasMessageId: true, subject: 'Re: Your interlibrary loan', language: 'en' },
  },
  {
    file: 'auto-reply-en-out-of-office-subject.eml',
    client: 'English "Out of Office:" subject, no headers',
    expect: { kind: 'auto_reply', reason: 'ooo_subject', hasMessageId: true, language: 'en' },
  },
  {
    file: 'auto-reply-fi-lomaviesti-precedence.eml',
    client: 'Finnish "Lomaviesti" with Precedence: bulk',
    expect: { kind: 'auto_reply', reason: 'precedence_bulk', hasMessageId: true, subject: 'Lomaviesti', language: 'fi' },
  },
  {
    file: 'auto-reply-exchange-suppress.eml',
    client: 'Exchange inbox rule answer (X-Auto-Response-Suppress + generated-message source), sv',
    expect: { kind: 'auto_reply', reason: 'auto_response_suppress', hasMessageId: true, subject: 'Mottaget: Beställning', language: 'sv' },
  },
  {
    file: 'auto-submitted-no.eml',
    client: 'A person\'s mail that says "Auto-Submitted: no"',
    expect: { kind: 'normal', reason: null, hasMessageId: true, textIncludes: ['uuden dekkarin'], language: 'fi' },
  },
  {
    file: 'mailing-list.eml',
    client: 'Mailing list (Precedence: list, List-Id)',
    expect: { kind: 'auto_reply', reason: 'precedence_bulk', hasMessageId: true, from: 'news@lists.example.org', language: 'en' },
  },
  // ---- bounces and delivery reports
  {
    file: 'bounce-dsn-postfix.eml',
    client: 'Postfix DSN (multipart/report, message/rfc822 original naming our Message-ID)',
    expect: {
      kind: 'bounce',
      reason: 'delivery_status_report',
      hasMessageId: true,
      from: 'mailer-daemon@mx.kirjasto.example.fi',
      subject: 'Undelivered Mail Returned to Sender',
      textIncludes: ['could not\nbe delivered to one or more recipients'],
      bounce: { originalMessageId: KANAVA_ID_1, recipient: 'vanha.osoite@example.fi', status: '5.1.1' },
      // Our own header inside the returned original does not make the bounce a loop.
      loop: false,
    },
  },
  {
    file: 'bounce-dsn-exchange-headers-only.eml',
    client: 'Exchange Online NDR (multipart/report with text/rfc822-headers)',
    expect: {
      kind: 'bounce',
      reason: 'delivery_status_report',
      hasMessageId: true,
      from: 'postmaster@yritys.example.fi',
      subject: 'Undeliverable: Re: Lasku ja kuitti',
      textIncludes: ["couldn't be delivered"],
      attachments: [],
      bounce: { originalMessageId: KANAVA_ID_2, recipient: 'riikka.laine@yritys.example.fi', status: '5.1.10' },
    },
  },
  {
    file: 'bounce-mailer-daemon-plain.eml',
    client: 'Exim plain-text bounce from Mailer-Daemon with a copy of the original',
    expect: {
      kind: 'bounce',
      reason: 'mailer_daemon',
      hasMessageId: true,
      from: 'mailer-daemon@mx.example.com',
      bounce: { originalMessageId: KANAVA_ID_2, recipient: 'robert.brown@example.com', status: '5.2.1' },
      deliveredTo: ['kirjasto@kirjasto.example.fi'],
      date: '2026-11-24T13:00:02.000Z',
    },
  },
  {
    file: 'dsn-delayed.eml',
    client: 'Postfix delay notice (Action: delayed): a report, not a bounce',
    expect: { kind: 'auto_reply', reason: 'delivery_status_report', hasMessageId: true, bounce: null },
  },
  // ---- broken mail: stored with best-effort text and a warning
  {
    file: 'malformed-no-message-id.eml',
    client: 'Web form script without Message-ID',
    expect: {
      kind: 'normal',
      hasMessageId: false,
      from: 'skripti@vanha.example.fi',
      subject: 'Lomakkeen palaute',
      textIncludes: ['Kiitos hyvästä palvelusta!'],
      warnings: ['no_message_id'],
    },
  },
  {
    file: 'malformed-no-from.eml',
    client: 'Web form without From',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: null,
      subject: 'Yhteydenotto verkkosivuilta',
      textIncludes: ['lähin kirjastoauto-pysäkki'],
      warnings: ['no_from'],
    },
  },
  {
    file: 'malformed-no-date.eml',
    client: 'Device without Date or Content-Type',
    expect: { kind: 'normal', hasMessageId: true, date: null, textIncludes: ['paperi lopussa'], warnings: ['no_date'] },
  },
  {
    file: 'malformed-bad-date.eml',
    client: 'Date header in Finnish words',
    expect: { kind: 'normal', hasMessageId: true, date: null, subject: 'Outo päivämäärä', warnings: ['bad_date'] },
  },
  {
    file: 'malformed-8bit-header-junk.eml',
    client: 'Raw Latin-1 / Windows-1252 bytes in From and Subject',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      from: 'asa.jarvinen@vanha.example.fi',
      fromName: 'Järvinen Åsa',
      subject: 'Lainaussäännöt ja €-maksut',
      textIncludes: ['missä näen lainaussäännöt?'],
      warnings: ['header_8bit'],
    },
  },
  {
    file: 'malformed-broken-boundary.eml',
    client: 'multipart whose parts use another boundary than declared',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      textIncludes: ['Tämä teksti on väärän rajan takana'],
      textExcludes: ['--vaara-raja-456', 'Content-Type'],
      warnings: ['broken_boundary'],
    },
  },
  {
    file: 'malformed-unterminated-multipart.eml',
    client: 'multipart cut off before its closing boundary',
    expect: {
      kind: 'normal',
      hasMessageId: true,
      textIncludes: ['Viesti, jonka loppu katkesi siirrossa.'],
      attachments: [{ filename: 'katkennut.pdf', contentType: 'application/pdf' }],
      warnings: ['unterminated_multipart'],
    },
  },
  {
    file: 'malformed-garbage.eml',
    client: 'Binary junk that is no mail at all',
    expect: {
      kind: 'normal',
      hasMessageId: false,
      from: null,
      subject: null,
      date: null,
      attachments: [],
      warnings: ['header_8bit', 'no_message_id', 'no_from', 'no_date'],
    },
  },
  {
    file: 'many-recipients.eml',
    client: 'Association mass mail: 300 To and 200 Cc addresses',
    expect: { kind: 'normal', hasMessageId: true, recipientCount: 500, textIncludes: ['joulukokous pidetään kirjastossa'] },
  },
  // ---- loops: our own mail coming back
  {
    file: 'loop-own-header.eml',
    client: 'Our own reply forwarded back by a mail alias (X-Kanava-Loop)',
    expect: { kind: 'normal', hasMessageId: true, loop: true, from: 'kirjasto@kirjasto.example.fi' },
  },
  {
    file: 'loop-own-message-id.eml',
    client: 'Our own reply delivered back to the mailbox (our Message-ID)',
    expect: { kind: 'normal', hasMessageId: true, messageId: KANAVA_ID_1, loop: true },
  },
];
