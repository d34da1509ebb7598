import { css } from 'lit';

// Colours meet WCAG AA contrast on white (#0b4f8a: 8.3:1; #4a4a4a: 8.9:1) and on the
// refused message's #fff0f0 (#a00000: 7.4:1).
export const widgetStyles = css`
  :host {
    --kanava-accent: #0b4f8a;
    font:
      16px/1.45 system-ui,
      sans-serif;
    color: #1a1a1a;
    position: fixed;
    right: 1rem;
    bottom: 1rem;
    z-index: 2147483000;
  }
  button,
  select,
  textarea,
  input {
    font: inherit;
  }
  button:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  input:focus-visible,
  .log:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
  .launcher {
    background: var(--kanava-accent);
    color: #fff;
    border: 0;
    border-radius: 2rem;
    padding: 0.75rem 1.25rem;
    cursor: pointer;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.3);
  }
  /*
   * The panel (by its id: other sections inside it, like the offline box, are in the flow) is
   * one column that scrolls as a whole when it does not fit: nothing in it lies over anything
   * else, and the message log gives up its height first.
   */
  #panel {
    position: absolute;
    right: 0;
    bottom: 3.75rem;
    width: min(24rem, calc(100vw - 2rem));
    max-height: min(42rem, calc(100vh - 5.5rem));
    max-height: min(42rem, calc(100dvh - 5.5rem));
    display: flex;
    flex-direction: column;
    background: #fff;
    border: 1px solid #767676;
    border-radius: 0.5rem;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
    overflow-x: hidden;
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  #panel[hidden] {
    display: none;
  }
  #panel > * {
    flex-shrink: 0;
  }
  #panel > header {
    position: sticky;
    top: 0;
    z-index: 1;
  }
  #panel > .log {
    flex: 1 1 auto;
    min-height: 6rem;
  }
  /* Nothing written yet: the hint needs no more room than its lines. */
  #panel > .log.is-empty {
    min-height: 0;
    flex-shrink: 0;
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    background: var(--kanava-accent);
    color: #fff;
  }
  h2 {
    font-size: 1rem;
    margin: 0;
    flex: 1;
  }
  .language {
    font-size: 0.875rem;
    display: flex;
    gap: 0.25rem;
    align-items: center;
  }
  .close {
    background: transparent;
    color: #fff;
    border: 0;
    font-size: 1.5rem;
    line-height: 1;
    cursor: pointer;
    padding: 0 0.25rem;
  }
  .status,
  .offline,
  .welcome {
    margin: 0;
    padding: 0.5rem 0.75rem;
    font-size: 0.875rem;
    color: #4a4a4a;
    border-bottom: 1px solid #e0e0e0;
  }
  .offline p,
  .offline ul,
  .offline dl {
    margin: 0 0 0.25rem;
  }
  .offline h3 {
    font-size: 0.875rem;
    margin: 0.5rem 0 0.25rem;
    color: #1a1a1a;
  }
  .offline ul {
    padding-left: 1.25rem;
  }
  .offline a,
  .hours summary {
    color: var(--kanava-accent);
  }
  .hours summary {
    cursor: pointer;
  }
  .hours dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 0.75rem;
  }
  .hours dd {
    margin: 0;
  }
  a:focus-visible,
  summary:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
  .log {
    overflow-y: auto;
    padding: 0.5rem 0.75rem;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .log li {
    max-width: 85%;
    padding: 0.4rem 0.6rem;
    border-radius: 0.5rem;
  }
  .log li p {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .log li.mine {
    align-self: flex-end;
    background: #e6eff8;
  }
  .log li.theirs {
    align-self: flex-start;
    background: #f2f2f2;
  }
  .log li.pending {
    opacity: 0.85;
  }
  .log li.failed {
    background: #fff0f0;
    border: 1px solid #a00000;
  }
  .log li.failed .meta,
  .log li.failed .reason {
    color: #a00000;
  }
  .log li.failed .reason {
    font-size: 0.875rem;
  }
  .retry {
    display: flex;
    gap: 0.5rem;
    margin-top: 0.25rem;
  }
  .retry button {
    background: #fff;
    color: var(--kanava-accent);
    border: 1px solid var(--kanava-accent);
    border-radius: 0.25rem;
    padding: 0.2rem 0.6rem;
    cursor: pointer;
  }
  .log li.event {
    align-self: center;
    font-size: 0.875rem;
    color: #4a4a4a;
    background: none;
  }
  .meta {
    display: block;
    font-size: 0.75rem;
    color: #4a4a4a;
  }
  .empty {
    color: #4a4a4a;
    font-size: 0.875rem;
  }
  .error {
    margin: 0;
    padding: 0.5rem 0.75rem;
    color: #a00000;
    background: #fff0f0;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    padding: 0.5rem 0.75rem;
    border-top: 1px solid #e0e0e0;
  }
  label {
    font-size: 0.875rem;
  }
  textarea,
  input {
    border: 1px solid #767676;
    border-radius: 0.25rem;
    padding: 0.4rem;
    resize: vertical;
  }
  .hint {
    margin: 0;
    font-size: 0.75rem;
    color: #4a4a4a;
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
  }
  .actions button {
    border-radius: 0.25rem;
    padding: 0.4rem 1rem;
    cursor: pointer;
    border: 1px solid var(--kanava-accent);
  }
  .actions button[type='submit'] {
    background: var(--kanava-accent);
    color: #fff;
  }
  .actions .secondary {
    background: #fff;
    color: var(--kanava-accent);
  }
  .confirm-end {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    padding: 0.5rem;
    border: 1px solid #a00000;
    border-radius: 0.25rem;
    background: #fff0f0;
  }
  .confirm-end p {
    margin: 0;
    font-size: 0.875rem;
  }
  .actions .danger {
    background: #a00000;
    border-color: #a00000;
    color: #fff;
  }
  .actions {
    flex-wrap: wrap;
  }
`;
