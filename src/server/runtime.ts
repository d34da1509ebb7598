// Opens the configured database, migrates it and builds the app: what `kanava start` and
// the tests share.
import type { Config } from '../platform/config.js';
import { openDatabase, type Database, type DatabaseTarget } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { startEventRelay, type EventCodecs } from '../platform/event-relay.js';
import { EventBus } from '../platform/events.js';
import { buildApp } from './app.js';
import type { App } from '../platform/http/app.js';
import { RealtimeHub } from '../domains/conversations/live-service.js';
import { Presence } from '../platform/realtime/presence.js';
import { ActivityTracker } from '../domains/conversations/activity-service.js';
import { ChatAdapter } from '../domains/channels/chat/adapter.js';
import { accountEventCodecs } from '../domains/accounts/events.js';
import { channelEventCodecs } from '../domains/channels/events.js';
import { conversationEventCodecs } from '../domains/conversations/events.js';
import { customerEventCodecs } from '../domains/customers/events.js';
import { emailEventCodecs } from '../domains/channels/email/events.js';
import { Outbound } from '../domains/channels/deliveries/outbound.js';
import { loadSecretBox, type SecretBox } from '../platform/secrets.js';
import { SurveyOffers } from '../domains/satisfaction/survey-offers.js';
import { createMailIngest } from '../domains/channels/email/ingest.js';
import type { MailIngest } from '../domains/channels/email/ingest-outcome.js';
import { SmtpListener } from '../domains/channels/email/smtp-listener.js';
import { ImapPoller } from '../domains/channels/email/imap-poller.js';

export interface Runtime {
  app: App;
  database: Database;
  bus: EventBus;
  hub: RealtimeHub;
  /** Staff online library-wide (tests close it without a goodbye to play a crashed instance). */
  presence: Presence;
  /** The channel adapter registry (tests plug in adapters of their own). */
  outbound: Outbound;
  secrets: SecretBox;
  /** The built-in SMTP listener, when KANAVA_SMTP_PORT is set in a mail worker (its port may be 0 = any). */
  smtp: SmtpListener | null;
  /** The one pipeline for incoming mail (what the IMAP poller is given). */
  mailIngest: MailIngest;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** The mail pipeline the IMAP poller hands messages to, instead of the ingest (tests). */
  mailIngest?: MailIngest;
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir };
}

export async function startRuntime(
  config: Config,
  target: DatabaseTarget = databaseTarget(config),
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const secrets = loadSecretBox({ secretKey: config.secretKey, dataDir: config.dataDir });
  const database = await openDatabase(target);
  let relay: Awaited<ReturnType<typeof startEventRelay>> | null = null;
  let smtp: SmtpListener | null = null;
  try {
    await migrate(database.db);
    const bus = new EventBus();
    // Several instances on one PostgreSQL see each other's events and staff presence; PGlite
    // is one process.
    const codecs: EventCodecs = {
      ...conversationEventCodecs(database.db),
      ...channelEventCodecs(database.db),
      ...accountEventCodecs(),
      ...customerEventCodecs(),
      ...emailEventCodecs(),
    };
    relay = database.url ? await startEventRelay(database.url, database.db, bus, codecs) : null;
    const presence = new Presence({ peers: relay?.peers ?? null, intervalMs: config.presenceIntervalMs });
    const activity = new ActivityTracker({ peers: relay?.peers ?? null, intervalMs: config.presenceIntervalMs });
    const hub = new RealtimeHub(bus, presence, activity);
    const outbound = new Outbound(database.db, bus);
    const chatAdapter = new ChatAdapter(hub, outbound);
    outbound.register(chatAdapter);
    const surveyOffers = new SurveyOffers(database.db, bus, hub);
    const mailLog = { warn: (details: Record<string, unknown>, message: string) => app.log.warn(details, message) };
    const mailIngest = createMailIngest({ db: database.db, bus, secrets, maxBytes: config.mailMaxBytes, log: mailLog });
    const app = await buildApp({ database, bus, config, secrets, hub, presence, outbound, chatAdapter, mailIngest });
    // Delivery problems belong in the app's log, which exists only now that the app is built.
    outbound.useLog(app.log);
    if (config.smtpPort !== undefined && config.mailWorker) {
      smtp = new SmtpListener({ db: database.db, ingest: mailIngest, maxBytes: config.mailMaxBytes, log: mailLog });
      await smtp.listen(config.smtpPort, config.host);
    }
    presence.start();
    activity.start();
    // KANAVA_MAIL_WORKER=0 keeps this instance out of mail fetching (e.g. a web-only instance).
    const imapPoller = config.mailWorker
      ? new ImapPoller({
          db: database.db,
          secrets,
          ingest: options.mailIngest ?? mailIngest,
          pollIntervalMs: config.mailPollIntervalMs,
          maxMessageBytes: config.mailMaxBytes,
          ...(database.url ? { databaseUrl: database.url } : {}),
          log: app.log,
        })
      : null;
    imapPoller?.start();
    return {
      app,
      database,
      bus,
      hub,
      presence,
      outbound,
      secrets,
      smtp,
      mailIngest,
      async close() {
        await smtp?.close();
        // Goodbye first: the other instances drop this one's staff now, not at expiry.
        await presence.close();
        await activity.close();
        // Before the database closes: the message in hand is finished and its UID recorded.
        await imapPoller?.close();
        await app.close();
        await relay?.close();
        chatAdapter.close();
        surveyOffers.close();
        hub.close();
        await database.close();
      },
    };
  } catch (error) {
    await smtp?.close();
    await relay?.close();
    await database.close();
    throw error;
  }
}
