import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText, normalizeText, sanitizeMailHtml } from './html-text.js';

test('scripts, styles, frames, forms and their contents are removed', () => {
  const html = sanitizeMailHtml(
    '<html><head><title>Otsikko</title><style>p { color: red }</style><script>alert(1)</script></head><body>' +
      '<p>Hei</p><script type="text/javascript">steal()</script><noscript>ei skriptiä</noscript>' +
      '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">' +
      '<form action="https://evil.example/"><input name="q"><button>Lähetä</button></form><svg><script>x()</script></svg>' +
      '<style>.x { background: url(https://tracker.example/bg.png) }</style><p>Loppu</p></body></html>',
  );
  assert.equal(html, '<p>Hei</p>Lähetä<p>Loppu</p>');
});

test('event handlers, style attributes and javascript: links are dropped, ordinary links made safe', () => {
  const html = sanitizeMailHtml(
    '<p onclick="x()" style="position:fixed" class="MsoNormal">Teksti</p>' +
      '<a href="javascript:alert(1)">a</a> <a href=" JaVaScRiPt:alert(1)">b</a> <a href="data:text/html,<script>x</script>">c</a> ' +
      '<a href="vbscript:x">d</a> <a href="https://kirjasto.example.fi/aukiolo" onmouseover="x()">e</a> <a href="mailto:kirjasto@example.fi">f</a>',
  );
  assert.doesNotMatch(html, /onclick|onmouseover|style=|class=|javascript|vbscript|data:text/i);
  assert.match(html, /<p>Teksti<\/p>/);
  assert.match(html, /<a href="https:\/\/kirjasto\.example\.fi\/aukiolo" rel="noopener noreferrer nofollow" target="_blank">e<\/a>/);
  assert.match(html, /<a href="mailto:kirjasto@example\.fi"/);
});

test('remote images are removed; cid: and data: images stay, onerror does not', () => {
  const html = sanitizeMailHtml(
    '<img src="https://tracker.example/open.gif?u=1" width="1" height="1">' +
      '<img src="http://example.com/logo.png"><img src="//example.com/x.png"><img src="x" onerror="alert(1)"><img>' +
      '<img src="cid:image001.png@01DA3F2C.1E2F3A40" alt="Logo" onerror="alert(1)">' +
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="pieni">' +
      '<img src="data:text/html;base64,PHNjcmlwdD4=">' +
      '<img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Pjwvc2NyaXB0Pjwvc3ZnPg==">',
  );
  assert.equal(
    html,
    '<img src="cid:image001.png@01DA3F2C.1E2F3A40" alt="Logo" /><img src="data:image/png;base64,iVBORw0KGgo=" alt="pieni" />',
  );
});

test('tables, lists, quotes and basic formatting are kept', () => {
  const source =
    '<blockquote><p>Lainaus</p></blockquote><ul><li>yksi</li><li>kaksi</li></ul>' +
    '<table><tbody><tr><th>Kirja</th><td colspan="2">Eräpäivä</td></tr></tbody></table><p><b>lihava</b> <i>kursiivi</i> <u>alleviivattu</u><br />rivi</p>';
  assert.equal(sanitizeMailHtml(source), source);
});

test('HTML to text keeps paragraphs, line breaks and link targets, drops images and head', () => {
  const text = htmlToText(
    '<html><head><title>Otsikko</title><style>p{}</style></head><body><p>Hei,</p><p>rivi yksi<br>rivi kaksi</p>' +
      '<p>Katso <a href="https://kirjasto.example.fi/aukiolo">aukioloajat</a> tai <a href="https://kirjasto.example.fi">https://kirjasto.example.fi</a>.</p>' +
      '<img src="cid:x" alt="kuva"><ul><li>yksi</li><li>kaksi</li></ul><h1>Iso otsikko</h1><p>&nbsp;</p>&auml;&ouml;&aring;&nbsp;&euro;</body></html>',
  );
  assert.equal(
    text,
    'Hei,\n\nrivi yksi\nrivi kaksi\n\nKatso aukioloajat [https://kirjasto.example.fi/aukiolo] tai https://kirjasto.example.fi.\n\n * yksi\n * kaksi\n\nIso otsikko\n\näöå €',
  );
});

test('text is normalised: LF line ends, no control characters or trailing spaces, one blank line at most', () => {
  assert.equal(normalizeText('\r\n  Hei \r\nrivi\x00 kaksi\t\r\n\r\n\r\n\r\nloppu\x07  \n\n'), 'Hei\nrivi kaksi\n\nloppu');
});
