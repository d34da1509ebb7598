// How the chat widget may look: the corners it may sit in, and the WCAG 2.1 contrast between
// two sRGB colours for its accent colour: the launcher and the panel's header put white text on it, and links and outlined buttons put it on white. The
// server refuses an accent below AA for normal text; the staff app shows the same ratio live.
// No imports: the staff app and the server share it.

/** The corners of the page the chat widget may sit in. */
export const widgetPositions = ['bottom-right', 'bottom-left'] as const;
export type WidgetPosition = (typeof widgetPositions)[number];

/** Text colour the widget uses on its accent colour (and the background the accent is used on). */
export const WIDGET_TEXT_COLOUR = '#ffffff';

/** WCAG 2.1 AA for normal text (success criterion 1.4.3). */
export const MIN_CONTRAST = 4.5;

/** `#rrggbb` (the only form stored). */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Relative luminance of `#rrggbb` (WCAG 2.1 definition). */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The ratio as shown to people: cut (not rounded) to two decimals, so that 4.497 never reads
 * as the 4.5 it fails to reach.
 */
export const shownRatio = (ratio: number): number => Math.floor(ratio * 100) / 100;
