// HTML from mail is hostile: it is shown to staff inside the staff app, so it keeps only
// plain formatting. No scripts, styles, frames, forms or event handlers, and no remote images
// (a remote image tells the sender when and where staff read the mail); images travel inside
// the mail (`cid:` parts or `data:` URIs) or not at all.
import sanitizeHtml from 'sanitize-html';
import { compile } from 'html-to-text';

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'a',
    'abbr',
    'b',
    'blockquote',
    'br',
    'caption',
    'cite',
    'code',
    'dd',
    'del',
    'div',
    'dl',
    'dt',
    'em',
    'font',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'i',
    'img',
    'ins',
    'li',
    'ol',
    'p',
    'pre',
    'q',
    's',
    'small',
    'span',
    'strike',
    'strong',
    'sub',
    'sup',
    'table',
    'tbody',
    'td',
    'tfoot',
    'th',
    'thead',
    'tr',
    'u',
    'ul',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign'],
    ol: ['start', 'type'],
    '*': ['dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  // The text inside these is code or metadata, not something to show.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'xml'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
  },
  // An image whose source was dropped (remote, or a data: URI that is no image) is removed
  // altogether instead of leaving an empty frame.
  exclusiveFilter: (frame) => frame.tag === 'img' && !isEmbeddedImage(frame.attribs.src),
};
// rel and target are ours, added after the allow-list check.
sanitizeOptions.allowedAttributes = { ...sanitizeOptions.allowedAttributes, a: ['href', 'title', 'rel', 'target'] };

function isEmbeddedImage(src: string | undefined): boolean {
  if (!src) return false;
  const value = src.trim().toLowerCase();
  return value.startsWith('cid:') || /^data:image\/(png|jpe?g|gif|webp|bmp);/.test(value);
}

/** The HTML of a mail, safe to show to staff. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions).trim();
}

const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false, noAnchorUrl: true } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
  // Nobody reads more than this as text; the HTML itself is kept whole.
  limits: { maxDepth: 200, maxInputLength: 1_000_000 },
});

/** Readable plain text of an HTML mail body. */
export function htmlToText(html: string): string {
  return normalizeText(toText(html));
}

/** LF line ends, no control characters, no trailing spaces, at most one blank line in a row, trimmed. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
