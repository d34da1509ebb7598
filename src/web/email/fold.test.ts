import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldMail } from './fold.js';

const mail = (...lines: string[]) => lines.join('\n');

test('a plain mail without quote or signature is all new text', () => {
  const body = mail('Hei,', '', 'voinko uusia lainani puhelimitse?', '', 'Maija');
  assert.deepEqual(foldMail(body), { main: body, quoted: null, signature: null });
});

test('Gmail (en): the attribution and the > lines are the quote', () => {
  const folded = foldMail(
    mail(
      'Thanks, that worked!',
      '',
      'On Mon, 3 Nov 2025 at 10:12, Helsinki City Library <asiakaspalvelu@example.fi> wrote:',
      '> Hello,',
      '>',
      '> you can renew your loans online.',
    ),
  );
  assert.equal(folded.main, 'Thanks, that worked!');
  assert.equal(
    folded.quoted,
    mail(
      'On Mon, 3 Nov 2025 at 10:12, Helsinki City Library <asiakaspalvelu@example.fi> wrote:',
      '> Hello,',
      '>',
      '> you can renew your loans online.',
    ),
  );
  assert.equal(folded.signature, null);
});

test('Gmail wraps a long attribution over two lines: both lines are in the quote', () => {
  const folded = foldMail(
    mail(
      'Kiitos!',
      '',
      'On Mon, Nov 3, 2025 at 10:12 AM Kirjaston asiakaspalvelu <',
      'asiakaspalvelu@example.fi> wrote:',
      '',
      '> Hei, lainat voi uusia verkossa.',
    ),
  );
  assert.equal(folded.main, 'Kiitos!');
  assert.ok(folded.quoted?.startsWith('On Mon, Nov 3, 2025 at 10:12 AM'));
});

test('Finnish Gmail: "<date> <name> kirjoitti:"', () => {
  const folded = foldMail(
    mail(
      'Hei, tässä vielä kirjastokorttini numero: 123456.',
      '',
      'ma 3.11.2025 klo 10.12 Kirjaston asiakaspalvelu (asiakaspalvelu@example.fi) kirjoitti:',
      '',
      '> Hei Maija,',
      '> tarvitsemme vielä kirjastokorttisi numeron.',
    ),
  );
  assert.equal(folded.main, 'Hei, tässä vielä kirjastokorttini numero: 123456.');
  assert.ok(folded.quoted?.startsWith('ma 3.11.2025 klo 10.12'));
});

test('Finnish: "<name> kirjoitti <date>:" without > marks is still an attribution (it has a date)', () => {
  const folded = foldMail(
    mail('Sopii hyvin.', '', 'Kirjaston asiakaspalvelu kirjoitti 3.11.2025 kello 10.12:', 'Voimme varata teille ryhmätilan torstaiksi.'),
  );
  assert.equal(folded.main, 'Sopii hyvin.');
  assert.equal(
    folded.quoted,
    mail('Kirjaston asiakaspalvelu kirjoitti 3.11.2025 kello 10.12:', 'Voimme varata teille ryhmätilan torstaiksi.'),
  );
});

test('Finnish: "<date> kirjoitti <name>:"', () => {
  const folded = foldMail(
    mail('Kyllä, tulen hakemaan.', '', '3.11.2025 10.12 kirjoitti Kirjasto <kirjasto@example.fi>:', '> Varauksesi on noudettavissa.'),
  );
  assert.equal(folded.main, 'Kyllä, tulen hakemaan.');
  assert.equal(folded.quoted, mail('3.11.2025 10.12 kirjoitti Kirjasto <kirjasto@example.fi>:', '> Varauksesi on noudettavissa.'));
});

test('Swedish Gmail: "Den <date> skrev <name>:"', () => {
  const folded = foldMail(
    mail(
      'Tack för hjälpen!',
      '',
      'Den mån 3 nov. 2025 kl 10:12 skrev Bibliotekets kundtjänst <kundtjanst@example.fi>:',
      '> Hej, du kan förnya dina lån på webben.',
    ),
  );
  assert.equal(folded.main, 'Tack för hjälpen!');
  assert.ok(folded.quoted?.startsWith('Den mån 3 nov. 2025'));
});

test('Swedish: "<name> skrev:" above > lines', () => {
  const folded = foldMail(mail('Det passar bra.', '', 'Bibliotekets kundtjänst skrev:', '> Vi kan boka grupprummet på torsdag.'));
  assert.equal(folded.main, 'Det passar bra.');
  assert.equal(folded.quoted, mail('Bibliotekets kundtjänst skrev:', '> Vi kan boka grupprummet på torsdag.'));
});

test('a sentence ending in "skrev:" or "kirjoitti:" without date, address or quote below stays new text', () => {
  for (const body of [
    mail('Min mamma skrev:', 'Kan ni ta emot donerade böcker?'),
    mail('Opettaja kirjoitti:', 'Lukekaa kirja loppuun ensi viikoksi.'),
    mail('My teacher wrote:', 'Read the whole book by next week.'),
  ]) {
    assert.deepEqual(foldMail(body), { main: body, quoted: null, signature: null });
  }
});

test('Outlook (en): "-----Original Message-----" and everything after it', () => {
  const folded = foldMail(
    mail(
      'Hi, I still have not received the book.',
      '',
      '-----Original Message-----',
      'From: Library <library@example.fi>',
      'Sent: Monday, November 3, 2025 10:12 AM',
      'To: Matti <matti@example.com>',
      'Subject: Your reservation',
      '',
      'Your reservation is ready for pickup.',
    ),
  );
  assert.equal(folded.main, 'Hi, I still have not received the book.');
  assert.ok(folded.quoted?.startsWith('-----Original Message-----'));
  assert.ok(folded.quoted?.endsWith('Your reservation is ready for pickup.'));
});

test('Outlook (fi, sv): the translated separators', () => {
  for (const separator of ['-----Alkuperäinen viesti-----', '-----Ursprungligt meddelande-----']) {
    const folded = foldMail(mail('Uusi teksti.', separator, 'Vanha teksti.'));
    assert.equal(folded.main, 'Uusi teksti.');
    assert.equal(folded.quoted, mail(separator, 'Vanha teksti.'));
  }
});

test('Outlook header block (fi): "Lähettäjä:" then "Lähetetty:", with the underscore rule above', () => {
  const folded = foldMail(
    mail(
      'Hei, kiitos nopeasta vastauksesta.',
      '',
      'Ystävällisin terveisin',
      'Pekka',
      '',
      '________________________________',
      'Lähettäjä: Kirjaston asiakaspalvelu <asiakaspalvelu@example.fi>',
      'Lähetetty: maanantai 3. marraskuuta 2025 10.12',
      'Vastaanottaja: Pekka <pekka@example.com>',
      'Aihe: Kaukolaina',
      '',
      'Kaukolainasi on saapunut.',
    ),
  );
  assert.equal(folded.main, mail('Hei, kiitos nopeasta vastauksesta.', '', 'Ystävällisin terveisin', 'Pekka'));
  assert.ok(folded.quoted?.startsWith('________________________________\nLähettäjä:'));
});

test('Outlook header block (sv, en): "Från:"/"Skickat:" and "From:"/"Sent:", bold or not', () => {
  const sv = foldMail(
    mail('Tack!', '', 'Från: Biblioteket <bibliotek@example.fi>', 'Skickat: den 3 november 2025 10:12', 'Till: Anna', 'Ämne: Lån'),
  );
  assert.equal(sv.main, 'Tack!');
  assert.ok(sv.quoted?.startsWith('Från: Biblioteket'));
  const en = foldMail(mail('Thanks!', '', '*From:* Library <library@example.fi>', '*Sent:* Monday, 3 November 2025 10:12', '> old'));
  assert.equal(en.main, 'Thanks!');
  assert.ok(en.quoted?.startsWith('*From:* Library'));
});

test('"From:" in the new text without a date line below is not a header block', () => {
  const body = mail('Sain viestin, jossa luki', 'From: tuntematon lähettäjä', 'ja se näytti huijaukselta. Onko se teiltä?');
  assert.deepEqual(foldMail(body), { main: body, quoted: null, signature: null });
});

test('a "-- " signature is split off without its delimiter', () => {
  const folded = foldMail(mail('Voinko varata ryhmätilan?', '', '-- ', 'Maija Meikäläinen', 'p. 040 123 4567'));
  assert.deepEqual(folded, { main: 'Voinko varata ryhmätilan?', quoted: null, signature: 'Maija Meikäläinen\np. 040 123 4567' });
});

test('new text, "-- " signature and a > quote: all three parts', () => {
  const folded = foldMail(
    mail(
      'Kiitos, haen kirjan huomenna.',
      '',
      '-- ',
      'Maija',
      '',
      'ti 4.11.2025 klo 9.00 Kirjasto <kirjasto@example.fi> kirjoitti:',
      '> Kirja on noudettavissa.',
    ),
  );
  assert.deepEqual(folded, {
    main: 'Kiitos, haen kirjan huomenna.',
    signature: 'Maija',
    quoted: mail('ti 4.11.2025 klo 9.00 Kirjasto <kirjasto@example.fi> kirjoitti:', '> Kirja on noudettavissa.'),
  });
});

test('the quoted mail’s own signature stays in the quote', () => {
  const folded = foldMail(mail('Selvä.', '', '> Terveisin', '> -- ', '> Kirjasto'));
  assert.deepEqual(folded, { main: 'Selvä.', quoted: mail('> Terveisin', '> -- ', '> Kirjasto'), signature: null });
});

test('mobile signatures in fi/sv/en', () => {
  for (const line of [
    'Lähetetty iPhonesta',
    'Lähetetty Android-laitteesta',
    'Hanki Outlook for Android',
    'Skickat från min iPhone',
    'Hämta Outlook för iOS',
    'Sent from my iPhone',
    'Sent from my Galaxy',
    'Get Outlook for Android',
    'Sent from Mail for Windows',
  ]) {
    const folded = foldMail(mail('Onko kirjasto auki lauantaina?', '', line));
    assert.deepEqual(folded, { main: 'Onko kirjasto auki lauantaina?', quoted: null, signature: line }, line);
  }
});

test('a mobile signature above the quote (iPhone replying in Swedish)', () => {
  const folded = foldMail(
    mail(
      'Ja, det går bra.',
      '',
      'Skickat från min iPhone',
      '',
      '3 nov. 2025 kl. 10:12 skrev Biblioteket <bibliotek@example.fi>:',
      '',
      '> Kan du hämta boken i morgon?',
    ),
  );
  assert.deepEqual(folded, {
    main: 'Ja, det går bra.',
    signature: 'Skickat från min iPhone',
    quoted: mail('3 nov. 2025 kl. 10:12 skrev Biblioteket <bibliotek@example.fi>:', '', '> Kan du hämta boken i morgon?'),
  });
});

test('a trailing > quote without attribution', () => {
  const folded = foldMail(mail('Thanks.', '', '> Your card has been renewed.', '>', '> Library'));
  assert.deepEqual(folded, { main: 'Thanks.', quoted: mail('> Your card has been renewed.', '>', '> Library'), signature: null });
});

test('answers between quoted lines are new text: nothing folds', () => {
  const body = mail(
    'Hei,',
    '',
    'Kirjasto kirjoitti 3.11.2025:',
    '> Mikä on kirjastokorttisi numero?',
    '123456',
    '> Mihin kirjastoon haluat varauksen?',
    'Kallioon.',
  );
  assert.deepEqual(foldMail(body), { main: body, quoted: null, signature: null });
});

test('a quote in the middle, with new text after it, is not folded', () => {
  const body = mail('Näin luki viestissänne:', '> Eräpäivä on 5.11.', 'Mutta tilini mukaan se on 12.11. Kumpi pitää?');
  assert.deepEqual(foldMail(body), { main: body, quoted: null, signature: null });
});

test('a mail that is all quote is shown whole (main is never empty)', () => {
  const body = mail('On Mon, 3 Nov 2025 at 10:12, Library <library@example.fi> wrote:', '> Your loan is due.');
  assert.deepEqual(foldMail(body), { main: body, quoted: null, signature: null });
  const onlySignature = mail('-- ', 'Maija');
  assert.deepEqual(foldMail(onlySignature), { main: onlySignature, quoted: null, signature: null });
  const onlyMobile = 'Sent from my iPhone';
  assert.deepEqual(foldMail(onlyMobile), { main: onlyMobile, quoted: null, signature: null });
});

test('Windows line endings are read like Unix ones; the parts come out with \\n', () => {
  const folded = foldMail('Kiitos!\r\n\r\n-- \r\nMaija\r\n\r\n> vanha\r\n');
  assert.deepEqual(folded, { main: 'Kiitos!', signature: 'Maija', quoted: '> vanha' });
});

test('an empty body stays empty', () => {
  assert.deepEqual(foldMail(''), { main: '', quoted: null, signature: null });
});

test('blank lines around the parts are dropped, indentation inside them kept', () => {
  const folded = foldMail(mail('', '', '  Sisennetty rivi', '', '', '', '-- ', '', 'Maija', ''));
  assert.deepEqual(folded, { main: '  Sisennetty rivi', quoted: null, signature: 'Maija' });
});

test('a forwarded message is not folded: it is what the customer wants staff to read', () => {
  const body = mail('Katsokaa tätä:', '', '---------- Forwarded message ---------', 'Lähettäjä: Joku <joku@example.com>', 'Aihe: Lasku');
  // The forward's header block has no date line here, so nothing folds.
  assert.deepEqual(foldMail(body), { main: body, quoted: null, signature: null });
});
