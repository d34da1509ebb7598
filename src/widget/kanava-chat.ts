// <kanava-chat library="slug" lang="fi" api="https://…">: the customer chat widget.
// Lit renders every message as text (never HTML). Messages are queued in an outbox kept in
// localStorage until the server acknowledges them, so neither a reload nor a dropped
// connection loses or duplicates one. That includes the first message, which starts the
// chat over HTTP: its token and client id are saved with it before the request goes out,
// and a repeat of the start returns the same conversation. A message the server refuses
// stays in the outbox, marked, until the customer edits or resends it. What people wrote
// (names, message bodies, the library's texts) is isolated (<bdi>, dir="auto"): its text
// direction cannot reorder the words and times around it.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { CLOSE_UNAUTHENTICATED, type CustomerServerFrame } from '../contract/frames.js';
import { backoffMs, ChatState, parseStoredChat, type ChatMessage, type PendingMessage } from './chat-state.js';
import { languageNames, plural, preferredLanguage, translate, translateParts, type MessageKey } from './i18n.js';
import { languages, type Language } from '../contract/languages.js';
import { formatClock, formatOpening } from './library-time.js';
import { leaveChat } from './leave-chat.js';
import { pageContext } from './page-context.js';
import { loadPreferences, savePreferences } from './preferences.js';
import { renderOfflineInfo, type WidgetInfo } from './offline-info.js';
import { startChat } from './start-chat.js';
import { widgetStyles } from './styles.js';
import { applyLook, launcherLabel, lookStyles } from './look.js';
import { newCustomerToken } from './token.js';
import type { SurveyOfferView } from '../contract/satisfaction.js';
import './satisfaction-survey.js';
import { TypingSignal } from './typing.js';

const MAX_LENGTH = 5000;

type Connection = 'idle' | 'connecting' | 'connected' | 'reconnecting';

@customElement('kanava-chat')
export class KanavaChat extends LitElement {
  static override styles = [widgetStyles, lookStyles];

  @property() library = '';
  @property() api = new URL(import.meta.url).origin;
  /** Where on the library's site the chat is (e.g. `children`): the library's routing rules can send it to a queue. */
  @property({ attribute: 'entry-point' }) entryPoint = '';

  @state() private expanded = false;
  @state() private language: Language = 'fi';
  @state() private info: WidgetInfo | null = null;
  @state() private connection: Connection = 'idle';
  @state() private staffOnline = 0;
  @state() private error = '';
  @state() private revision = 0;
  /** The customer pressed "End conversation" and is asked to confirm. */
  @state() private confirmingEnd = false;
  @state() private ending = false;
  /** The satisfaction question, while the conversation is resolved and unanswered. */
  @state() private survey: SurveyOfferView | null = null;
  /** The library's staff are writing a reply (typing frames). */
  @state() private staffTyping = false;

  @query('textarea') private textarea!: HTMLTextAreaElement;
  @query('.launcher') private launcher!: HTMLButtonElement;

  private chat = new ChatState();
  /** Null until the server confirmed the start (the token exists from the first message on). */
  private conversationId: string | null = null;
  private token: string | null = null;
  /** Email given with the first message, kept until the start is confirmed. */
  private startEmail: string | undefined;
  private starting = false;
  private startAttempt = 0;
  private startTimer: number | undefined;
  private socket: WebSocket | null = null;
  private attempt = 0;
  private reconnectTimer: number | undefined;
  private typing = new TypingSignal((frame) => {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  });

  private t(key: MessageKey, values?: Record<string, string | number>): string {
    return translate(this.language, key, values);
  }

  private get storageKey(): string {
    return `kanava-chat:${this.library}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const preferences = loadPreferences(this.library);
    // A language chosen in the widget wins over the page's.
    this.language = preferences.language ?? preferredLanguage(this.getAttribute('lang'), navigator.language);
    const stored = parseStoredChat(localStorage.getItem(this.storageKey));
    if (stored) {
      this.chat = new ChatState(stored);
      this.conversationId = stored.conversationId;
      this.token = stored.token;
      this.startEmail = stored.email;
    }
    // A first message saved before a reload (or a lost response) goes out now, unasked.
    if (this.token && !this.conversationId) void this.start();
    // Open before the reload (or on the previous page): open again, without taking the focus.
    if (preferences.open && !this.expanded) void this.open({ focus: false });
    // Moved elsewhere on the page while open: connected again.
    else if (this.expanded && this.conversationId && !this.socket) this.connect();
    // The library's look (colour, corner, launcher text) is wanted before the panel opens.
    if (!this.info) void this.loadInfo();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.reconnectTimer);
    window.clearTimeout(this.startTimer);
    // Forgotten before closing, so its onclose does not reconnect a widget no longer on the page.
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.connection = 'idle';
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('revision')) {
      const log = this.renderRoot.querySelector('[role="log"]');
      if (log) log.scrollTop = log.scrollHeight;
    }
  }

  private persist(): void {
    if (this.token) {
      localStorage.setItem(this.storageKey, JSON.stringify(this.chat.snapshot(this.conversationId, this.token, this.startEmail)));
    }
  }

  private async open({ focus = true } = {}): Promise<void> {
    this.expanded = true;
    savePreferences(this.library, { open: true });
    await this.updateComplete;
    if (focus) this.textarea?.focus();
    if (!this.info) await this.loadInfo();
    if (this.token && this.conversationId && !this.socket) this.connect();
  }

  /**
   * Starts the chat with the first message still to send. Runs once at a time; a message
   * written meanwhile waits in the outbox and goes over the socket once the chat exists.
   */
  private async start(): Promise<void> {
    const token = this.token;
    const first = this.chat.sendable[0];
    if (this.starting || !token || this.conversationId || !first) return;
    this.starting = true;
    window.clearTimeout(this.startTimer);
    const outcome = await startChat({
      api: this.api,
      library: this.library,
      language: this.language,
      token,
      first,
      email: this.startEmail,
      page: pageContext(location.href, document.title),
      entryPoint: this.entryPoint,
    });
    this.starting = false;
    // Removed from the page meanwhile: nothing more (a return to the page starts it again).
    if (!this.isConnected) return;
    // The customer ended the conversation while the request ran; a message written since then
    // found a start running and waits for this one.
    if (this.token !== token) {
      void this.start();
      return;
    }
    switch (outcome.kind) {
      case 'started':
        this.startAttempt = 0;
        this.conversationId = outcome.conversationId;
        this.startEmail = undefined;
        this.persist();
        if (this.expanded) this.connect();
        return;
      case 'refused':
        this.refuse(first.clientId, outcome.code, outcome.message);
        // Later messages may still start the chat.
        void this.start();
        return;
      case 'email_refused':
        // Not sent again with it: the customer corrects it in the field (shown until the chat
        // exists) or leaves it out, and sends again; later messages wait for that too.
        this.startEmail = undefined;
        this.refuse(first.clientId, 'invalid_email', '');
        return;
      case 'token_refused':
        this.token = newCustomerToken();
        this.persist();
        break;
      case 'retry':
        break;
    }
    this.startTimer = window.setTimeout(() => void this.start(), backoffMs(this.startAttempt++));
  }

  /**
   * Marks a message the server refused. The customer hears why from the log, which reads the
   * marked message with its reason out; an alert as well would say it twice.
   */
  private refuse(clientId: string, code: string, message: string): void {
    if (!this.chat.fail(clientId, code, message)) return;
    this.persist();
    this.revision++;
  }

  /** Why a message was refused, in the language the customer now reads (never a field path). */
  private failureReason(pending: PendingMessage): string {
    const code = pending.failed?.code;
    // The socket's and the HTTP start's word for a message that cannot be stored.
    if (code === 'invalid_frame' || code === 'validation_failed') return this.t('failed.invalid');
    if (code === 'invalid_email') return this.t('failed.email');
    if (code === 'rate_limited') return this.t('failed.rate_limited');
    return pending.failed?.message || this.t('failed.generic');
  }

  private async resend(clientId: string): Promise<void> {
    if (!this.conversationId && !this.takeStartEmail()) return;
    const pending = this.chat.retry(clientId);
    if (!pending) return;
    this.error = '';
    this.persist();
    this.revision++;
    if (this.conversationId) this.sendFrame(pending.clientId, pending.body);
    else void this.start();
    // The button pressed went with the marking: focus would fall out of the dialog.
    await this.updateComplete;
    this.textarea?.focus();
  }

  /**
   * Takes the email field's address for the start (the field is there until the chat
   * exists); false, with the browser's own message, if the field is not valid. An empty field
   * keeps an address given earlier: after a reload the field is empty but the address is saved.
   */
  private takeStartEmail(): boolean {
    const field = this.renderRoot.querySelector<HTMLInputElement>('input[type="email"]');
    if (!field) return true;
    // Enter in the text field submits without the browser's own check of the email field.
    if (!field.checkValidity()) {
      field.reportValidity();
      field.focus();
      return false;
    }
    const email = field.value.trim();
    if (email) this.startEmail = email;
    return true;
  }

  /** Puts a refused message back into the text field to be changed and sent as a new one. */
  private edit(clientId: string): void {
    const pending = this.chat.withdraw(clientId);
    if (!pending) return;
    this.error = '';
    const current = this.textarea.value.trim();
    this.textarea.value = current ? `${pending.body}\n${current}` : pending.body;
    this.persist();
    this.revision++;
    this.textarea.focus();
  }

  private setLanguage(language: Language): void {
    this.language = language;
    savePreferences(this.library, { language });
    // Errors on the socket come in the language it was opened with: reopen it.
    if (this.socket) {
      const previous = this.socket;
      this.socket = null;
      previous.close();
      this.connect();
    }
  }

  private close(): void {
    this.expanded = false;
    this.confirmingEnd = false;
    savePreferences(this.library, { open: false });
    void this.updateComplete.then(() => this.launcher?.focus());
  }

  private infoLoad: Promise<void> | null = null;

  /** Loads the widget info once at a time (on connecting and on opening). */
  private loadInfo(): Promise<void> {
    this.infoLoad ??= this.fetchInfo().finally(() => (this.infoLoad = null));
    return this.infoLoad;
  }

  private async fetchInfo(): Promise<void> {
    try {
      const response = await fetch(`${this.api}/api/v1/public/libraries/${encodeURIComponent(this.library)}/widget`, {
        headers: { 'accept-language': this.language },
      });
      if (!response.ok) throw new Error(String(response.status));
      this.info = (await response.json()) as WidgetInfo;
      applyLook(this, this.info.look);
      this.staffOnline = this.info.chat.staffOnline;
    } catch {
      this.error = this.t('error.unknownLibrary');
    }
  }

  private connect(): void {
    if (!this.token || !this.conversationId) return;
    this.connection = this.attempt === 0 ? 'connecting' : 'reconnecting';
    const url = `${this.api.replace(/^http/, 'ws')}/api/v1/public/chat/ws?lang=${this.language}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'hello', token: this.token, conversationId: this.conversationId, lastSeq: this.chat.lastSeq }));
    };
    socket.onmessage = (event) => this.onFrame(JSON.parse(String(event.data)) as CustomerServerFrame);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === CLOSE_UNAUTHENTICATED) {
        this.forget();
        return;
      }
      this.connection = 'reconnecting';
      this.reconnectTimer = window.setTimeout(() => this.connect(), backoffMs(this.attempt++));
    };
  }

  private onFrame(frame: CustomerServerFrame): void {
    switch (frame.type) {
      case 'ready':
        this.attempt = 0;
        this.connection = 'connected';
        this.staffOnline = frame.staffOnline;
        this.staffTyping = false;
        // Whatever was not acknowledged before the connection broke goes again; the server
        // recognises a repeat by its client id and stores it once.
        // Refused ones wait for the customer.
        for (const pending of this.chat.sendable) this.sendFrame(pending.clientId, pending.body);
        break;
      case 'message':
        if (this.chat.receive(frame.message)) this.revision++;
        this.persist();
        break;
      case 'ack':
        this.chat.acknowledge(frame.clientId);
        this.persist();
        this.revision++;
        break;
      case 'presence':
        this.staffOnline = frame.staffOnline;
        break;
      case 'error':
        // An error about one message marks that message; it is not resent by itself.
        if (typeof frame.clientId === 'string' && this.chat.outbox.some((p) => p.clientId === frame.clientId)) {
          this.refuse(frame.clientId, frame.code, frame.message);
        } else {
          this.error = frame.message || this.t('error.generic');
        }
        break;
      case 'survey':
        this.survey = frame.survey;
        break;
      case 'typing':
        this.staffTyping = frame.typing;
        break;
      case 'conversation':
        if (frame.status !== 'resolved') this.survey = null;
        break;
      case 'pong':
        break;
      default: {
        // A frame type this widget does not know yet (a newer server): ignored.
        const unknown: never = frame;
        void unknown;
      }
    }
  }

  /** Typing in a chat that exists tells the staff (throttled, typing.ts). */
  private onInput = (): void => {
    if (this.conversationId) this.typing.input();
  };

  private sendFrame(clientId: string, body: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'send', clientId, body }));
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const body = this.textarea.value.trim();
    this.error = '';
    if (!body) return;
    if (body.length > MAX_LENGTH) {
      this.error = this.t('form.tooLong', { max: MAX_LENGTH });
      return;
    }
    if (!this.conversationId && !this.takeStartEmail()) return;
    this.token ??= newCustomerToken();
    const clientId = crypto.randomUUID();
    this.textarea.value = '';
    this.typing.stop();
    // Saved before anything is sent: a reload from here on still delivers it, once.
    this.chat.queue(clientId, body);
    this.persist();
    this.revision++;
    if (this.conversationId) this.sendFrame(clientId, body);
    else await this.start();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void this.submit(event);
    }
  }

  private onPanelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.close();
  }

  /** "End conversation": asks first; the answer's buttons take the focus (the safe one first). */
  private async askToEnd(): Promise<void> {
    this.error = '';
    this.confirmingEnd = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm-end .keep')?.focus();
  }

  private async keepChatting(): Promise<void> {
    this.confirmingEnd = false;
    await this.updateComplete;
    this.textarea?.focus();
  }

  /**
   * Ends the conversation once the customer confirmed: the server records that the customer
   * left (staff see it), and only once it accepted is the chat forgotten here. A chat not
   * started yet exists only here. A server that no longer knows the chat or the token (erased)
   * has nothing to record: forgotten too. Otherwise the chat stays, with the reason.
   */
  private async end(): Promise<void> {
    if (this.ending) return;
    const token = this.token;
    const conversationId = this.conversationId;
    if (token && conversationId) {
      this.ending = true;
      const outcome = await leaveChat({ api: this.api, library: this.library, language: this.language, token, conversationId });
      this.ending = false;
      if (outcome === 'failed') {
        this.error = this.t('leave.failed');
        return;
      }
    }
    this.confirmingEnd = false;
    this.forget();
    await this.updateComplete;
    this.textarea?.focus();
  }

  /** Forgets the conversation on this device: the next message starts a new one. */
  private forget(): void {
    localStorage.removeItem(this.storageKey);
    window.clearTimeout(this.reconnectTimer);
    window.clearTimeout(this.startTimer);
    this.startEmail = undefined;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.chat = new ChatState();
    this.conversationId = null;
    this.token = null;
    this.survey = null;
    this.connection = 'idle';
    this.revision++;
  }

  /** A message's time on the library's clock, as staff see it too. */
  private formatTime(iso: string): string {
    return formatClock(this.language, iso, this.info?.timeZone);
  }

  private renderStatus() {
    if (this.connection === 'connecting') return this.t('status.connecting');
    if (this.connection === 'reconnecting') return this.t('status.reconnecting');
    if (this.info && !this.info.chat.open && this.info.chat.nextOpening) {
      return this.t('status.closed', formatOpening(this.language, this.info.chat.nextOpening, this.info.timeZone));
    }
    return this.staffOnline > 0 ? plural(this.language, 'status.online', this.staffOnline) : this.t('status.offline');
  }

  private renderMessage(message: ChatMessage) {
    if (message.kind === 'event') {
      const type = message.event?.type;
      if (type === 'status_changed' && message.event?.to === 'resolved') return html`<li class="event">${this.t('event.resolved')}</li>`;
      if (type === 'assigned' && typeof message.event?.assigneeName === 'string') {
        const name = html`<bdi>${message.event.assigneeName}</bdi>`;
        return html`<li class="event">${translateParts(this.language, 'event.assigned', { name })}</li>`;
      }
      return nothing;
    }
    const mine = message.kind === 'customer';
    const who = mine ? this.t('message.you') : (message.author?.displayName ?? this.t('message.library'));
    const said = translateParts(this.language, 'message.said', {
      who: html`<bdi>${who}</bdi>`,
      time: html`<time datetime=${message.createdAt}>${this.formatTime(message.createdAt)}</time>`,
    });
    return html`<li class=${mine ? 'mine' : 'theirs'}>
      <span class="meta">${said}</span>
      <p dir="auto">${message.body}</p>
    </li>`;
  }

  private renderPending(pending: PendingMessage) {
    if (!pending.failed) {
      return html`<li class="mine pending">
        <span class="meta">${this.t('message.sending')}</span>
        <p dir="auto">${pending.body}</p>
      </li>`;
    }
    const reasonId = `reason-${pending.clientId}`;
    return html`<li class="mine failed">
      <span class="meta">${this.t('message.notSent')}</span>
      <p dir="auto">${pending.body}</p>
      <p class="reason" id=${reasonId}>${this.failureReason(pending)}</p>
      <span class="retry">
        <button type="button" aria-describedby=${reasonId} @click=${() => void this.resend(pending.clientId)}>
          ${this.t('message.retry')}
        </button>
        <button type="button" aria-describedby=${reasonId} @click=${() => this.edit(pending.clientId)}>${this.t('message.edit')}</button>
      </span>
    </li>`;
  }

  override render() {
    const name = this.info?.name[this.language] ?? '';
    const offline = this.staffOnline === 0 || (this.info !== null && !this.info.chat.open);
    const empty = this.chat.messages.length === 0 && this.chat.outbox.length === 0;
    return html`
      <button
        class="launcher"
        type="button"
        aria-expanded=${String(this.expanded)}
        aria-controls="panel"
        @click=${() => (this.expanded ? this.close() : void this.open())}
      >
        ${launcherLabel(this.info?.look, this.language) ?? this.t('launcher.open')}
      </button>
      <section
        id="panel"
        role="dialog"
        aria-labelledby="title"
        ?hidden=${!this.expanded}
        @keydown=${this.onPanelKeydown}
        lang=${this.language}
      >
        <header>
          <h2 id="title">${translateParts(this.language, 'panel.title', { library: html`<bdi>${name}</bdi>` })}</h2>
          <label class="language"
            >${this.t('language.label')}
            <select @change=${(e: Event) => this.setLanguage((e.target as HTMLSelectElement).value as Language)}>
              ${languages.map((l) => html`<option value=${l} ?selected=${l === this.language} lang=${l}>${languageNames[l]}</option>`)}
            </select>
          </label>
          <button type="button" class="close" aria-label=${this.t('panel.close')} @click=${this.close}>×</button>
        </header>
        <p class="status" role="status">${this.renderStatus()}</p>
        ${offline && this.info ? renderOfflineInfo(this.info, this.language) : nothing}
        ${this.info?.welcome ? html`<p class="welcome" dir="auto">${this.info.welcome[this.language]}</p>` : nothing}
        <div class=${empty ? 'log is-empty' : 'log'} role="log" aria-live="polite" aria-label=${this.t('messages.label')} tabindex="0">
          ${
            empty
              ? // When nobody can answer, the offline box says what to do: no promise of an answer here.
                offline && this.info
                ? nothing
                : html`<p class="empty">${this.t('messages.empty')}</p>`
              : html`<ol>
                  ${this.chat.messages.map((m) => this.renderMessage(m))} ${this.chat.outbox.map((p) => this.renderPending(p))}
                </ol>`
          }
        </div>
        ${
          this.survey
            ? html`<kanava-satisfaction-survey .survey=${this.survey} .token=${this.token} language=${this.language} api=${this.api}>
              </kanava-satisfaction-survey>`
            : nothing
        }
        <p class="hint typing" aria-live="polite">${this.staffTyping ? this.t('collab.staffTyping', { library: name }) : nothing}</p>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <form @submit=${this.submit}>
          ${
            !this.conversationId && offline
              ? html`<label for="email">${this.t('offline.emailField')}</label> <input id="email" type="email" autocomplete="email" />`
              : nothing
          }
          <label for="message">${this.t('form.message')}</label>
          <textarea
            id="message"
            rows="3"
            maxlength=${MAX_LENGTH}
            aria-describedby="hint"
            @keydown=${this.onKeydown}
            @input=${this.onInput}
          ></textarea>
          <p id="hint" class="hint">${this.t('form.hint')}</p>
          ${
            this.confirmingEnd && this.token
              ? html`<div class="confirm-end" role="group" aria-labelledby="end-question">
                  <p id="end-question">${this.t('leave.question')}</p>
                  <div class="actions">
                    <button type="button" class="secondary keep" @click=${() => void this.keepChatting()}>${this.t('leave.cancel')}</button>
                    <button type="button" class="danger" aria-disabled=${String(this.ending)} @click=${() => void this.end()}>
                      ${this.t('leave.confirm')}
                    </button>
                  </div>
                </div>`
              : html`<div class="actions">
                  ${
                    this.token
                      ? html`<button type="button" class="secondary" @click=${() => void this.askToEnd()}>${this.t('end.button')}</button>`
                      : nothing
                  }
                  <button type="submit">${this.t('form.send')}</button>
                </div>`
          }
        </form>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kanava-chat': KanavaChat;
  }
}
