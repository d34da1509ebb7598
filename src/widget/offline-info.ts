// What the widget tells a customer when nobody can answer now: the library's own words, when
// chat is staffed (its opening hours), and what to do instead — leave a message here, or the
// email and phone the library gave; with a translated fallback when it gave none.
import { html, nothing } from 'lit';
import { translate, translateParts } from './i18n.js';
import type { Language } from '../contract/languages.js';
import { formatTimeOfDay, zoneName } from './library-time.js';
import type { WidgetInfoView } from '../contract/libraries.js';
import { weekdays } from '../contract/weekdays.js';

/** GET /api/v1/public/libraries/:slug/widget */
export type WidgetInfo = WidgetInfoView;

/** The weekday's name in the language (1 Jan 2024 was a Monday). */
function weekdayName(language: Language, index: number): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + index));
}

function renderHours(info: WidgetInfo, language: Language) {
  const hours = info.openingHours;
  if (!hours) return nothing;
  const t = (key: Parameters<typeof translate>[1], values?: Record<string, string>) => translate(language, key, values);
  const zone = zoneName(language, info.timeZone);
  return html`<details class="hours">
    <summary>${t('hours.title')}</summary>
    <dl>
      ${weekdays.map((day, i) => {
        const periods = hours[day] ?? [];
        return html`<dt>${weekdayName(language, i)}</dt>
          <dd>
            ${periods.length ? periods.map(([from, to]) => `${formatTimeOfDay(language, from)}–${formatTimeOfDay(language, to)}`).join(', ') : t('hours.closed')}
          </dd>`;
      })}
    </dl>
    ${zone ? html`<p>${t('hours.timeZone', { timeZone: zone })}</p>` : nothing}
  </details>`;
}

export function renderOfflineInfo(info: WidgetInfo, language: Language) {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  const { email, phone } = info.contact;
  const own = info.offlineText?.[language]?.trim();
  return html`<section class="offline" aria-labelledby="offline-title">
    ${own ? html`<p class="library-text" dir="auto">${own}</p>` : nothing}
    <h3 id="offline-title">${t('offline.insteadTitle')}</h3>
    <ul>
      <li>${t('offline.leaveMessage')}</li>
      ${email ? html`<li>${translateParts(language, 'offline.email', { email: html`<a href=${`mailto:${email}`}><bdi>${email}</bdi></a>` })}</li>` : nothing}
      ${
        phone
          ? html`<li>
              ${translateParts(language, 'offline.phone', { phone: html`<a href=${`tel:${phone.replace(/[^\d+]/g, '')}`}><bdi>${phone}</bdi></a>` })}
            </li>`
          : nothing
      }
      ${!email && !phone ? html`<li>${t('offline.website')}</li>` : nothing}
    </ul>
    ${renderHours(info, language)}
  </section>`;
}
