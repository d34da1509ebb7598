import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, MIN_CONTRAST, relativeLuminance, shownRatio, WIDGET_TEXT_COLOUR } from './widget-look.js';

test('black on white is 21:1 and a colour on itself 1:1, in either order', () => {
  assert.equal(contrastRatio('#000000', '#ffffff'), 21);
  assert.equal(contrastRatio('#ffffff', '#000000'), 21);
  assert.equal(contrastRatio('#0b4f8a', '#0b4f8a'), 1);
  assert.equal(relativeLuminance('#FFFFFF'), 1);
});

test('known pairs match the WCAG figures', () => {
  // The widget's default accent (styles.ts says 8.3:1; it is 8.4) and #767676, the lightest grey passing AA on white.
  assert.equal(shownRatio(contrastRatio('#0b4f8a', WIDGET_TEXT_COLOUR)), 8.4);
  assert.equal(shownRatio(contrastRatio('#767676', WIDGET_TEXT_COLOUR)), 4.54);
  assert.ok(contrastRatio('#767676', WIDGET_TEXT_COLOUR) >= MIN_CONTRAST);
  // #777777 is the classic just-fails grey: 4.48:1.
  assert.equal(shownRatio(contrastRatio('#777777', WIDGET_TEXT_COLOUR)), 4.47);
  assert.ok(contrastRatio('#777777', WIDGET_TEXT_COLOUR) < MIN_CONTRAST);
  // A light yellow with white text is unreadable.
  assert.ok(contrastRatio('#ffeb3b', WIDGET_TEXT_COLOUR) < 1.5);
});

test('the shown ratio is cut, never rounded up to a pass', () => {
  assert.equal(shownRatio(4.4999), 4.49);
  assert.equal(shownRatio(4.5), 4.5);
});
