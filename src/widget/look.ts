// The library's own look for the widget (settings.widget, set in the staff app): the accent
// colour as the `--kanava-accent` custom property on the host (the server refuses colours
// below 4.5:1 against the white text put on it), the corner, and the launcher's text.
import { css } from 'lit';
import type { Language } from '../contract/languages.js';
import type { WidgetInfo } from './offline-info.js';

type Look = WidgetInfo['look'] | undefined;

export const lookStyles = css`
  :host([data-position='bottom-left']) {
    right: auto;
    left: 1rem;
  }
  :host([data-position='bottom-left']) #panel {
    right: auto;
    left: 0;
  }
`;

/** Sets the colour and corner on the host element (CSSOM, so a host page's CSP allows it). */
export function applyLook(host: HTMLElement, look: Look): void {
  if (look?.color) host.style.setProperty('--kanava-accent', look.color);
  else host.style.removeProperty('--kanava-accent');
  host.dataset.position = look?.position ?? 'bottom-right';
}

/** The library's launcher text in the language, or undefined for the widget's own. */
export function launcherLabel(look: Look, language: Language): string | undefined {
  return look?.launcherText?.[language]?.trim() || undefined;
}
