// <kanava-satisfaction-survey>: the satisfaction question the chat widget shows once the
// conversation is resolved (the socket's `survey` frame). One radio group (fieldset and
// legend: the question is its name) on the scale offered, an optional comment, and a thank-you
// once the answer is stored. The answer goes over HTTP with the customer's token; errors come
// back in the widget's language.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Language } from '../contract/languages.js';
import type { SurveyOfferView } from '../contract/satisfaction.js';
import { translate, type MessageKey } from './i18n.js';

/** As the server takes it (contract/satisfaction.ts; not imported: it would bring zod into the bundle). */
const COMMENT_MAX = 2000;

type Phase = 'asking' | 'sending' | 'thanked';

@customElement('kanava-satisfaction-survey')
export class KanavaSatisfactionSurvey extends LitElement {
  static override styles = css`
    /* In the chat panel's column: when space is short it scrolls itself (keeping the question
       and the scale in view) rather than pushing the message form out of the panel. */
    :host {
      display: block;
      flex: 0 1 auto;
      min-height: 6.5rem;
      overflow-y: auto;
      border-top: 1px solid #e0e0e0;
      padding: 0.5rem 0.75rem;
      font-size: 0.9375rem;
    }
    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
      min-width: 0;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-bottom: 0.375rem;
    }
    .scale {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .scale label {
      position: relative;
      flex: 1 0 2rem;
      max-width: 3rem;
    }
    .scale input {
      position: absolute;
      opacity: 0;
      inset: 0;
      margin: 0;
      cursor: pointer;
    }
    .scale span.box {
      display: block;
      text-align: center;
      padding: 0.375rem 0;
      border: 1px solid #767676;
      border-radius: 0.375rem;
      background: #fff;
    }
    .scale input:checked + span.box {
      background: #0b4f8a;
      border-color: #0b4f8a;
      color: #fff;
      font-weight: 600;
    }
    .scale input:focus-visible + span.box {
      outline: 3px solid #ffbf47;
      outline-offset: 2px;
    }
    .ends {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      font-size: 0.8125rem;
      color: #4a4a4a;
      margin: 0.25rem 0 0.5rem;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    label.comment {
      display: block;
      font-size: 0.875rem;
      margin-bottom: 0.125rem;
    }
    textarea,
    button {
      font: inherit;
    }
    textarea {
      box-sizing: border-box;
      width: 100%;
      resize: vertical;
    }
    textarea:focus-visible,
    button:focus-visible,
    .thanks:focus-visible {
      outline: 3px solid #ffbf47;
      outline-offset: 2px;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      margin-top: 0.375rem;
    }
    button {
      background: #0b4f8a;
      color: #fff;
      border: 0;
      border-radius: 0.25rem;
      padding: 0.375rem 1rem;
      cursor: pointer;
    }
    button[disabled] {
      opacity: 0.7;
      cursor: progress;
    }
    .error {
      color: #a00000;
      margin: 0.25rem 0 0;
      font-size: 0.875rem;
    }
    .thanks {
      margin: 0;
      font-weight: 600;
    }
  `;

  @property({ attribute: false }) survey: SurveyOfferView | null = null;
  @property() language: Language = 'fi';
  @property() api = '';
  @property({ attribute: false }) token: string | null = null;

  @state() private phase: Phase = 'asking';
  @state() private score: number | null = null;
  @state() private error = '';

  @query('textarea') private commentField!: HTMLTextAreaElement | null;
  @query('.thanks') private thanks!: HTMLElement;

  private t(key: MessageKey, values?: Record<string, string | number>): string {
    return translate(this.language, key, values);
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const survey = this.survey;
    if (!survey || !this.token || this.phase === 'sending' || this.score === null) return;
    const comment = this.commentField?.value.trim() ?? '';
    if (comment.length > COMMENT_MAX) {
      this.error = this.t('survey.commentTooLong', { max: COMMENT_MAX });
      this.commentField?.focus();
      return;
    }
    this.error = '';
    this.phase = 'sending';
    try {
      const response = await fetch(`${this.api}/api/v1/public/chats/${encodeURIComponent(survey.conversationId)}/satisfaction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': this.language },
        body: JSON.stringify({ customerToken: this.token, score: this.score, language: this.language, ...(comment ? { comment } : {}) }),
      });
      if (response.ok) return await this.thank();
      const body = (await response.json().catch(() => null)) as { error?: { message?: string; details?: { reason?: string } } } | null;
      // Answered already (in another tab): the answer is in, which is all the customer needs to know.
      if (body?.error?.details?.reason === 'satisfaction_answered') return await this.thank();
      this.error = body?.error?.message || this.t('survey.error');
    } catch {
      this.error = this.t('survey.error');
    }
    this.phase = 'asking';
  }

  private async choose(score: number): Promise<void> {
    const first = this.score === null;
    this.score = score;
    this.error = '';
    if (!first) return;
    // The comment and the button appear now: in view, should the panel be short of room.
    await this.updateComplete;
    this.renderRoot.querySelector('.actions')?.scrollIntoView({ block: 'nearest' });
  }

  private async thank(): Promise<void> {
    this.phase = 'thanked';
    await this.updateComplete;
    // Focus was on the button, which is gone: the thank-you takes it (and is read out).
    this.thanks?.focus();
  }

  override render() {
    const survey = this.survey;
    if (!survey) return nothing;
    if (this.phase === 'thanked') return html`<p class="thanks" role="status" tabindex="-1">${this.t('survey.thanks')}</p>`;
    const { min, max } = survey.scale;
    const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    const question = survey.question[this.language] ?? this.t('survey.question');
    const low = this.t('survey.low');
    const high = this.t('survey.high');
    return html`<form @submit=${this.submit} lang=${this.language} novalidate>
      <fieldset aria-describedby=${this.error ? 'survey-error' : nothing}>
        <legend dir="auto">${question}</legend>
        <div class="scale">
          ${scores.map(
            (score) =>
              html`<label>
                <input
                  type="radio"
                  name="score"
                  .value=${String(score)}
                  .checked=${this.score === score}
                  @change=${() => void this.choose(score)}
                /><span class="box">${score}</span>${score === min ? html`<span class="sr-only"> – ${low}</span>` : nothing}${
                  score === max ? html`<span class="sr-only"> – ${high}</span>` : nothing
                }
              </label>`,
          )}
        </div>
        <p class="ends" aria-hidden="true"><span>${min} = ${low}</span><span>${max} = ${high}</span></p>
      </fieldset>
      ${
        // The comment and the button once a score is chosen: until then the question takes little room.
        this.score === null
          ? nothing
          : html`<label class="comment" for="survey-comment">${this.t('survey.comment')}</label>
              <textarea id="survey-comment" rows="2" maxlength=${COMMENT_MAX}></textarea>
              ${this.error ? html`<p class="error" id="survey-error" role="alert">${this.error}</p>` : nothing}
              <div class="actions">
                <button type="submit" ?disabled=${this.phase === 'sending'}>
                  ${this.phase === 'sending' ? this.t('survey.sending') : this.t('survey.send')}
                </button>
              </div>`
      }
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kanava-satisfaction-survey': KanavaSatisfactionSurvey;
  }
}
