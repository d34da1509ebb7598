// Runtime configuration, read once from the environment and validated, so a typo in an
// environment variable stops the start with a clear message instead of odd behaviour later.
import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to bind; 0.0.0.0 to serve other machines. */
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL connection string; when unset the embedded database (PGlite) is used. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded database and other local state. */
  KANAVA_DATA_DIR: z.string().default('./data'),
  /** Public base URL, used in printed links and to decide whether cookies are Secure. */
  KANAVA_PUBLIC_URL: z.string().url().optional(),
  /** Seed the demo library and accounts when the database has no libraries ("0" to skip). */
  KANAVA_SEED_DEMO: z.enum(['0', '1']).default('1'),
  /** Requests per minute one client may make to public endpoints. */
  KANAVA_PUBLIC_RATE_LIMIT: z.coerce.number().int().positive().default(120),
  /** New web chats one client address may start per window (a school class behind one address must fit). */
  KANAVA_CHAT_START_LIMIT: z.coerce.number().int().positive().default(40),
  /** New web chats one library may receive per window, from all addresses together. */
  KANAVA_CHAT_START_LIBRARY_LIMIT: z.coerce.number().int().positive().default(600),
  /** The window of the two chat-start limits, in seconds. */
  KANAVA_CHAT_START_WINDOW: z.coerce.number().int().min(1).max(86_400).default(600),
  /** Sign-in and password-change attempts per minute per client (slows password guessing). */
  KANAVA_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /** Number of reverse proxies in front of Kanava whose X-Forwarded-For to trust (0 = none). */
  KANAVA_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** How often each instance announces its online staff to the others (PostgreSQL); they expire after 3 intervals. */
  KANAVA_PRESENCE_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
  /** The install's 32-byte secret key (base64 or hex): encrypts mailbox passwords, signs reply addresses. Unset: made once in the data folder. */
  KANAVA_SECRET_KEY: z.string().optional(),
  /** Enables the mail push ingress (POST /api/v1/ingress/mail) for a mail server holding this bearer secret. */
  KANAVA_MAIL_INGRESS_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Largest email accepted, in bytes (a bigger one is rejected with a reason). */
  KANAVA_MAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  /** Port of the built-in SMTP listener for installs without a mail server of their own; unset = off. */
  KANAVA_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Seconds between IMAP polls of a mailbox whose server has no IDLE (or after IDLE ends). */
  KANAVA_MAIL_POLL_INTERVAL: z.coerce.number().int().min(1).max(86_400).default(60),
  /** "0" stops this instance from polling mailboxes and sending queued mail (e.g. a web-only instance). */
  KANAVA_MAIL_WORKER: z.enum(['0', '1']).default('1'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  secureCookies: boolean;
  seedDemo: boolean;
  publicRateLimit: number;
  loginRateLimit: number;
  chatStartLimit: number;
  chatStartLibraryLimit: number;
  chatStartWindowMs: number;
  logLevel: string;
  trustProxy: number | false;
  presenceIntervalMs: number;
  secretKey: string | undefined;
  mailIngressSecret: string | undefined;
  mailMaxBytes: number;
  smtpPort: number | undefined;
  mailPollIntervalMs: number;
  mailWorker: boolean;
  /** Where log lines go instead of stdout (tests read the log through it); not from the environment. */
  logStream?: { write(line: string): void };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.KANAVA_DATA_DIR),
    publicUrl: e.KANAVA_PUBLIC_URL,
    secureCookies: e.KANAVA_PUBLIC_URL?.startsWith('https://') ?? false,
    seedDemo: e.KANAVA_SEED_DEMO === '1',
    publicRateLimit: e.KANAVA_PUBLIC_RATE_LIMIT,
    loginRateLimit: e.KANAVA_LOGIN_RATE_LIMIT,
    chatStartLimit: e.KANAVA_CHAT_START_LIMIT,
    chatStartLibraryLimit: e.KANAVA_CHAT_START_LIBRARY_LIMIT,
    chatStartWindowMs: e.KANAVA_CHAT_START_WINDOW * 1000,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.KANAVA_TRUST_PROXY === 0 ? false : e.KANAVA_TRUST_PROXY,
    presenceIntervalMs: e.KANAVA_PRESENCE_INTERVAL_MS,
    secretKey: e.KANAVA_SECRET_KEY,
    mailIngressSecret: e.KANAVA_MAIL_INGRESS_SECRET,
    mailMaxBytes: e.KANAVA_MAIL_MAX_BYTES,
    smtpPort: e.KANAVA_SMTP_PORT,
    mailPollIntervalMs: e.KANAVA_MAIL_POLL_INTERVAL * 1000,
    mailWorker: e.KANAVA_MAIL_WORKER === '1',
  };
}
