// Everything the route modules are given, assembled once in runtime.ts: the platform's
// pieces (RouteDeps) and the services the domains share. Each domain's routes declare the
// part they use; this object satisfies them all.
import type { RouteDeps } from '../platform/http/app.js';
import type { Presence } from '../platform/realtime/presence.js';
import type { RealtimeHub } from '../domains/conversations/live-service.js';
import type { ChatAdapter } from '../domains/channels/chat/adapter.js';
import type { Outbound } from '../domains/channels/deliveries/outbound.js';
import type { MailIngest } from '../domains/channels/email/ingest-outcome.js';

export interface AppDeps extends RouteDeps {
  hub: RealtimeHub;
  /** Staff online library-wide, across instances. */
  presence: Presence;
  /** Channel adapters by kind; hands staff replies to them and records their deliveries. */
  outbound: Outbound;
  /** The web chat's adapter (its routes report a widget that caught up after a reconnect). */
  chatAdapter: ChatAdapter;
  /** The one pipeline incoming email goes through (push ingress, IMAP, SMTP listener). */
  mailIngest: MailIngest;
}
