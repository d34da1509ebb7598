import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { seeded } from '../../../../test/support/fuzz.js';
import { corpus, KANAVA_ID_1, readCorpus } from '../../../../test/support/mail-corpus/corpus.js';
import { parseMail } from './parse.js';

const corpusFolder = new URL('../../../../test/support/mail-corpus/', import.meta.url);

test('the corpus lists every .eml file once, at least 30, all with CRLF line ends', () => {
  const files = readdirSync(corpusFolder)
    .filter((name) => name.endsWith('.eml'))
    .sort();
  assert.ok(files.length >= 30, `${files.length} files`);
  assert.deepEqual([...corpus.map((entry) => entry.file)].sort(), files);
  for (const file of files) {
    const text = readCorpus(file).toString('latin1');
    assert.equal(/(^|[^\r])\n/.test(text), false, `${file} has a bare LF`);
  }
});

for (const entry of corpus) {
  test(`corpus: ${entry.file} (${entry.client})`, async () => {
    const raw = readCorpus(entry.file);
    const mail = await parseMail(raw);
    const { expect } = entry;
    assert.equal(mail.classification.kind, expect.kind, 'kind');
    if (expect.reason !== undefined) assert.equal(mail.classification.reason, expect.reason, 'reason');
    assert.equal(mail.hadMessageId, expect.hasMessageId, 'hadMessageId');
    if (expect.hasMessageId) assert.doesNotMatch(mail.messageId, /^sha256:|[<>\s]/);
    else assert.equal(mail.messageId, `sha256:${createHash('sha256').update(raw).digest('hex')}`);
    if (expect.messageId !== undefined) assert.equal(mail.messageId, expect.messageId);
    if (expect.inReplyTo !== undefined) assert.equal(mail.inReplyTo, expect.inReplyTo, 'inReplyTo');
    if (expect.references !== undefined) assert.deepEqual(mail.references, expect.references, 'references');
    if (expect.from !== undefined) assert.equal(mail.from?.address ?? null, expect.from, 'from');
    if (expect.fromName !== undefined) assert.equal(mail.from?.name ?? null, expect.fromName, 'from name');
    if (expect.subject !== undefined) assert.equal(mail.subject, expect.subject, 'subject');
    if (expect.date !== undefined) assert.equal(mail.date?.toISOString() ?? null, expect.date, 'date');
    for (const part of expect.textIncludes ?? []) assert.ok(mail.text.includes(part), `text lacks ${JSON.stringify(part)}:\n${mail.text}`);
    for (const part of expect.textExcludes ?? []) assert.ok(!mail.text.includes(part), `text has ${JSON.stringify(part)}`);
    assert.doesNotMatch(mail.text, /\r|\x00/);
    assert.equal(mail.text, mail.text.trim());
    if (expect.attachments !== undefined) {
      assert.deepEqual(
        mail.attachments.map(({ filename, contentType }) => ({ filename, contentType })),
        expect.attachments.map(({ filename, contentType }) => ({ filename, contentType })),
      );
      expect.attachments.forEach((wanted, index) => {
        const got = mail.attachments[index]!;
        if (wanted.inline !== undefined) assert.equal(got.inline, wanted.inline, `${got.filename} inline`);
        if (wanted.contentId !== undefined) assert.equal(got.contentId, wanted.contentId, `${got.filename} contentId`);
        assert.ok(got.size > 0 && got.size === got.content.length);
      });
    }
    if (expect.language !== undefined) assert.equal(mail.contentLanguage, expect.language, 'language');
    if (expect.bounce !== undefined) assert.deepEqual(mail.bounce, expect.bounce, 'bounce');
    else if (expect.kind !== 'bounce') assert.equal(mail.bounce, null);
    assert.equal(mail.loop, expect.loop ?? false, 'loop');
    if (expect.recipientCount !== undefined) assert.equal(mail.recipientCount, expect.recipientCount, 'recipientCount');
    if (expect.deliveredTo !== undefined) assert.deepEqual(mail.deliveredTo, expect.deliveredTo, 'deliveredTo');
    if (expect.hasHtml !== undefined) assert.equal(mail.html !== null, expect.hasHtml, 'html');
    assert.deepEqual([...mail.warnings].sort(), [...(expect.warnings ?? [])].sort(), 'warnings');
  });
}

test('readCorpus can put a real Message-ID of ours into a bounce', async () => {
  const ours = 'kanava.aaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbb@kirjasto.example.fi';
  const original = readCorpus('malformed-8bit-header-junk.eml');
  assert.ok(readCorpus('malformed-8bit-header-junk.eml', { nothing: 'here' }).equals(original));
  const mail = await parseMail(readCorpus('bounce-dsn-postfix.eml', { [KANAVA_ID_1]: ours }));
  assert.equal(mail.bounce?.originalMessageId, ours);
});

test('a bounce whose report parts are base64 and quoted-printable is still read', async () => {
  const status = Buffer.from(
    'Reporting-MTA: dns; mx.example.fi\r\n\r\nFinal-Recipient: rfc822; kuka@example.fi\r\nAction: failed\r\nStatus: 5.2.2\r\n',
  ).toString('base64');
  const mail = await parseMail(
    crlf(
      `From: postmaster@example.fi\nTo: kirjasto@kirjasto.example.fi\nMessage-ID: <ndr-1@example.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200\nSubject: Undeliverable\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type="delivery-status"; boundary="r"\n\n--r\nContent-Type: multipart/alternative; boundary="alt"\n\n--alt\nContent-Type: text/plain\n\nMailbox full.\n--alt--\n\n--r\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n${status}\n--r\nContent-Type: text/rfc822-headers\nContent-Transfer-Encoding: quoted-printable\n\nMessage-ID: <${KANAVA_ID_1}>\nSubject: Re: Kysymys =C3=A4\n\n--r--\n`,
    ),
  );
  assert.deepEqual(mail.classification, { kind: 'bounce', reason: 'delivery_status_report' });
  assert.deepEqual(mail.bounce, { originalMessageId: KANAVA_ID_1, recipient: 'kuka@example.fi', status: '5.2.2' });
  assert.equal(mail.text, 'Mailbox full.');
  assert.deepEqual(mail.attachments, []);
});

test('addresses are lower-cased and deduplicated, To and Cc kept apart', async () => {
  const mail = await parseMail(
    crlf(
      'From: "Virtanen, Liisa" <Liisa.Virtanen@Example.FI>\nReply-To: <Vastaus@Example.FI>\nTo: A <A@x.fi>, a@X.fi, Ryhmä: b@x.fi, c@x.fi;\nCc: C@x.fi\nDelivered-To: Kirjasto@Kirjasto.Example.FI\nMessage-ID: <id-1@x.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200 (EET)\n\nHei',
    ),
  );
  assert.deepEqual(mail.from, { address: 'liisa.virtanen@example.fi', name: 'Virtanen, Liisa' });
  assert.equal(mail.replyTo, 'vastaus@example.fi');
  assert.deepEqual(mail.to, ['a@x.fi', 'b@x.fi', 'c@x.fi']);
  assert.deepEqual(mail.cc, ['c@x.fi']);
  assert.equal(mail.recipientCount, 3);
  assert.deepEqual(mail.deliveredTo, ['kirjasto@kirjasto.example.fi']);
  assert.equal(mail.date?.toISOString(), '2026-11-16T07:12:44.000Z');
});

test('a Message-ID without @, empty or not ASCII is not trusted: the mail gets the hash of its bytes', async () => {
  for (const id of ['<just-text>', '<>', '<mäki@x.fi>', `<${'x'.repeat(600)}@x.fi>`]) {
    const raw = crlf(`From: a@x.fi\nMessage-ID: ${id}\nDate: Mon, 16 Nov 2026 09:12:44 +0200\n\nHei`);
    const mail = await parseMail(raw);
    assert.equal(mail.hadMessageId, false, id);
    assert.equal(mail.messageId, `sha256:${createHash('sha256').update(raw).digest('hex')}`);
    assert.deepEqual(mail.warnings, ['bad_message_id']);
  }
});

test('a Message-ID folded inside its brackets is read whole', async () => {
  const mail = await parseMail(crlf('From: a@x.fi\nMessage-ID: <abc.def\n ghi@x.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200\n\nHei'));
  assert.equal(mail.messageId, 'abc.defghi@x.fi');
  assert.equal(mail.hadMessageId, true);
});

test('references and in-reply-to come without brackets, in order, deduplicated; junk between them is skipped', async () => {
  const mail = await parseMail(
    crlf(
      'From: a@x.fi\nMessage-ID: <m@x.fi>\nIn-Reply-To: "Matti" <b@x.fi> (sent)\nReferences: <a@x.fi>\n <b@x.fi>  <a@x.fi> junk <c@x.fi>\n\nHei',
    ),
  );
  assert.equal(mail.inReplyTo, 'b@x.fi');
  assert.deepEqual(mail.references, ['a@x.fi', 'b@x.fi', 'c@x.fi']);
});

test('HTML-only mail gets text made from the sanitised HTML', async () => {
  const mail = await parseMail(
    crlf(
      'From: a@x.fi\nMessage-ID: <h@x.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200\nContent-Type: text/html; charset=utf-8\n\n<p>Hei <b>kaikki</b></p><script>alert(1)</script><p><a href="javascript:alert(1)">klikkaa</a></p>',
    ),
  );
  assert.equal(mail.html, '<p>Hei <b>kaikki</b></p><p><a rel="noopener noreferrer nofollow" target="_blank">klikkaa</a></p>');
  assert.equal(mail.text, 'Hei kaikki\n\nklikkaa');
});

test('Content-Language wins over the guess; a text too short to tell gives null', async () => {
  const base = 'From: a@x.fi\nMessage-ID: <l@x.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200\n';
  assert.equal((await parseMail(crlf(`${base}Content-Language: sv-FI\n\nHei ja kiitos, tämä on suomea`))).contentLanguage, 'sv');
  assert.equal((await parseMail(crlf(`${base}Content-Language: de-DE\n\nHei ja kiitos, tämä on suomea`))).contentLanguage, 'fi');
  assert.equal((await parseMail(crlf(`${base}\nOK`))).contentLanguage, null);
});

test('a one-part body in Windows-1252 that claims UTF-8 (or nothing) is read as Windows-1252', async () => {
  const body = Buffer.from([
    ...Buffer.from('Hyv'),
    0xe4,
    0xe4,
    ...Buffer.from(' p'),
    0xe4,
    0x69,
    0x76,
    0xe4,
    0xe4,
    0x20,
    0x80,
    0x20,
    0x96,
    0x20,
    0xc5,
    0x73,
    0x61,
  ]);
  for (const contentType of ['text/plain; charset=utf-8', 'text/plain', 'text/plain; charset=x-unknown']) {
    const head = crlf(
      `From: a@x.fi\nMessage-ID: <w@x.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200\nContent-Type: ${contentType}\nContent-Transfer-Encoding: 8bit\n\n`,
    );
    const mail = await parseMail(Buffer.concat([head, body]));
    assert.equal(mail.text, 'Hyvää päivää € – Åsa', contentType);
    assert.deepEqual(mail.warnings, ['charset_guessed']);
  }
  // Valid UTF-8 is left alone.
  const utf8 = await parseMail(
    crlf(
      'From: a@x.fi\nMessage-ID: <w@x.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200\nContent-Type: text/plain; charset=utf-8\n\nHyvää päivää € – Åsa',
    ),
  );
  assert.equal(utf8.text, 'Hyvää päivää € – Åsa');
  assert.deepEqual(utf8.warnings, []);
});

test('a 5 MB attachment parses whole', async () => {
  const content = Buffer.alloc(5 * 1024 * 1024);
  for (let index = 0; index < content.length; index++) content[index] = (index * 31 + 7) & 0xff;
  const encoded = content.toString('base64').replace(/.{76}/g, '$&\n');
  const raw = crlf(
    `From: a@x.fi\nMessage-ID: <big@x.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200\nSubject: Iso liite\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nLiitteenä iso tiedosto.\n--b\nContent-Type: application/pdf; name="iso.pdf"\nContent-Disposition: attachment; filename="iso.pdf"\nContent-Transfer-Encoding: base64\n\n${encoded}\n--b--\n`,
  );
  const started = performance.now();
  const mail = await parseMail(raw);
  assert.ok(performance.now() - started < 10_000);
  assert.equal(mail.text, 'Liitteenä iso tiedosto.');
  assert.equal(mail.attachments.length, 1);
  assert.equal(mail.attachments[0]!.size, content.length);
  assert.ok(mail.attachments[0]!.content.equals(content));
  assert.deepEqual(mail.warnings, []);
});

test('hostile HTML-only mail (deep nesting, 0.5 MB, 2.2 MB) parses in time, with text and safe HTML', async () => {
  const head = 'From: a@x.fi\nMessage-ID: <deep@x.fi>\nDate: Mon, 16 Nov 2026 09:12:44 +0200\nContent-Type: text/html; charset=utf-8\n\n';
  const deep = `${'<div>'.repeat(10_000)}Hei syvältä<img src="https://t.example/x.gif">${'</div>'.repeat(10_000)}`;
  const line = '<p>Rivi <b onclick="x()">teksti</b> <img src=cid:a@b></p>';
  const wide = `${line.repeat(10_000)}<script>alert(1)</script>`;
  for (const body of [deep, wide]) {
    const started = performance.now();
    const mail = await parseMail(crlf(head + body));
    assert.ok(performance.now() - started < 15_000);
    assert.ok(mail.html !== null);
    assert.doesNotMatch(mail.html, /onclick|<script|https:\/\/t\.example/);
    assert.ok(mail.text.length > 0 || mail.warnings.includes('html_to_text_failed'));
  }
  // Beyond 2 million characters the HTML is not kept, but its beginning still gives text.
  const huge = await parseMail(crlf(head + `<p>Alku</p><script>alert(1)</script>${line.repeat(40_000)}`));
  assert.equal(huge.html, null);
  assert.deepEqual(huge.warnings, ['html_too_large']);
  assert.ok(huge.text.startsWith('Alku\n\nRivi teksti'));
  assert.doesNotMatch(huge.text, /alert/);
});

test('parseMail never throws: every corpus file cut short, or with bytes flipped, still parses', async () => {
  const rng = seeded(9);
  for (const { file } of corpus) {
    const raw = readCorpus(file);
    const variants = [raw.subarray(0, Math.floor(rng() * raw.length)), raw.subarray(Math.floor(rng() * raw.length))];
    const flipped = Buffer.from(raw);
    for (let count = 0; count < 20; count++) flipped[Math.floor(rng() * flipped.length)] = Math.floor(rng() * 256);
    variants.push(flipped, Buffer.alloc(0));
    for (const variant of variants) {
      const mail = await parseMail(variant);
      assert.equal(typeof mail.messageId, 'string', file);
      assert.ok(mail.messageId.length > 0);
      assert.doesNotMatch(mail.text, /\x00/);
      assert.ok(Array.isArray(mail.warnings));
    }
  }
});

function crlf(text: string): Buffer {
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
}
