// A private Dovecot for tests that talk IMAP to a real server: Debian's dovecot-imapd started
// in the foreground with a configuration of its own under a temporary directory (users in a
// passwd-file with plain passwords, Maildir mail, its own base_dir, log file and state), on
// free loopback ports. The system service and /etc/dovecot are never used.
//
// Bulk mail (a benchmark's 10,000 messages) is written straight into Maildir `new/` and then
// indexed with one `doveadm` run, which is far faster than APPENDing over IMAP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = process.env.KANAVA_TEST_DOVECOT ?? '/usr/sbin/dovecot';
const DOVEADM = process.env.KANAVA_TEST_DOVEADM ?? '/usr/bin/doveadm';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users: DovecotUser[];
}

export interface Dovecot {
  host: string;
  /** Plain IMAP; STARTTLS is offered when `tlsPort` is set. */
  port: number;
  /** Implicit TLS (self-signed certificate) when openssl is available. */
  tlsPort?: number;
  /** The directory holding everything (config, mail, log). */
  dir: string;
  /** Graceful stop; removes nothing (call `cleanup()` for that). */
  stop(): Promise<void>;
  /** SIGKILL to the whole process group: open connections drop mid-command. */
  kill(): Promise<void>;
  /** Start again on the same ports with the same mail (after `stop()` or `kill()`). */
  restart(): Promise<void>;
  /** Stop and remove the temporary directory. */
  cleanup(): Promise<void>;
  /**
   * Writes the messages as Maildir files (in this order, which becomes UID order) and makes
   * Dovecot index them. Creates the folder when missing. Fast enough for 10,000 messages.
   */
  appendMessages(user: string, folder: string, raws: Buffer[]): Promise<void>;
  /** One message by IMAP APPEND, as a mail server's delivery would look to an IDLE client. */
  deliver(user: string, folder: string, raw: Buffer): Promise<void>;
  createFolder(user: string, folder: string): Promise<void>;
  deleteFolder(user: string, folder: string): Promise<void>;
  /** Gives the folder a new UIDVALIDITY, as a server does after renumbering it. */
  setUidValidity(user: string, folder: string, uidValidity: number): Promise<void>;
  /** Replaces a user's password (takes effect on the next login). */
  setPassword(user: string, password: string): Promise<void>;
  /** Dovecot's log so far, for a failing test's message. */
  log(): Promise<string>;
}

// A test run that ends without stopping its Dovecot (a failed assertion, Ctrl-C) must not leave
// it running: it lives in its own process group, so kill the group when this process exits.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export async function startDovecot(options: DovecotOptions): Promise<Dovecot> {
  if (!existsSync(DOVECOT) || !existsSync(DOVEADM)) {
    throw new Error(
      `Dovecot not found at ${DOVECOT} (and doveadm at ${DOVEADM}): the IMAP tests need a real server. ` +
        'Install it with `apt-get install dovecot-imapd` (the system service need not run).',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'kanava-dovecot-'));
  const me = userInfo();
  const users = new Map(options.users.map((u) => [u.user, u.password]));
  const [port, tlsPort] = await Promise.all([freePort(), freePort()]);
  const tls = await makeCertificate(dir);
  const conf = join(dir, 'dovecot.conf');

  await Promise.all(['run', 'state', 'home'].map((sub) => mkdir(join(dir, sub), { recursive: true })));
  // Dovecot refuses to run its login and internal processes as root: in CI (root) they run as
  // Debian's dovecot/dovenull users, which must be able to reach the sockets in base_dir.
  // Nor does it give root mail access: then the mail belongs to `nobody`.
  if (me.uid === 0) await chmod(dir, 0o755);
  const mailOwner = me.uid === 0 ? ownerOf('nobody') : { mailUid: me.uid, mailGid: me.gid };
  await writeFile(conf, config({ dir, port, tlsPort: tls ? tlsPort : null, tls, ...mailOwner, ...processUsers(me.username) }));

  let usersVersion = 0;
  const writeUsers = async () => {
    // passwd-file: user:password:uid:gid::home. No uid here (passwd-file refuses 0): mail_uid
    // below makes every mailbox belong to whoever runs the tests, so the tests can write to it.
    const lines = [...users].map(([user, password]) => `${user}:{PLAIN}${password}::::${join(dir, 'home', user)}`);
    const file = join(dir, 'users');
    await writeFile(`${file}.new`, lines.join('\n') + '\n');
    // Dovecot rereads the file when its mtime (whole seconds) changes: make each version's differ.
    usersVersion += 1;
    const mtime = Math.floor(Date.now() / 1000) + usersVersion;
    await utimes(`${file}.new`, mtime, mtime);
    await rename(`${file}.new`, file);
  };
  await writeUsers();

  let child: ChildProcess | null = null;
  const launch = async () => {
    const started = spawn(DOVECOT, ['-F', '-c', conf], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child = started;
    running.add(started);
    started.once('exit', () => running.delete(started));
    const exited = new Promise<never>((_, reject) =>
      started.once('exit', (code) => reject(new Error(`dovecot exited (${code}) while starting: ${stderr}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForGreeting(port), exited]);
    if (tls) await Promise.race([waitForPort(tlsPort), exited]);
  };

  const waitExit = async (signal: NodeJS.Signals) => {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    try {
      // SIGTERM to the master, which shuts its children down; SIGKILL to the whole group, so
      // the imap processes die with it and open connections drop as in a crash.
      process.kill(signal === 'SIGKILL' ? -current.pid! : current.pid!, signal);
    } catch {
      return;
    }
    await gone;
    if (signal === 'SIGKILL') await waitForClosed(port);
  };

  const doveadm = (args: string[], input?: string) => {
    const result = spawnSync(DOVEADM, ['-c', conf, ...args], { input, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`doveadm ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };

  // Directories the tests create must belong to the mail user, or Dovecot cannot write there.
  const ensureMaildir = async (user: string, base: string) => {
    const home = join(dir, 'home', user);
    for (const path of [home, join(home, 'Maildir'), base, ...['new', 'cur', 'tmp'].map((sub) => join(base, sub))]) {
      await mkdir(path, { recursive: true });
      await chown(path, mailOwner.mailUid, mailOwner.mailGid);
    }
  };

  let sequence = 0;
  const maildir = (user: string, folder: string) =>
    folder.toUpperCase() === 'INBOX' ? join(dir, 'home', user, 'Maildir') : join(dir, 'home', user, 'Maildir', `.${folder}`);

  // Homes exist from the start: Dovecot (as the mail user) cannot create them in our directory.
  for (const user of users.keys()) await ensureMaildir(user, maildir(user, 'INBOX'));

  await launch();

  const dovecot: Dovecot = {
    host: '127.0.0.1',
    port,
    ...(tls ? { tlsPort } : {}),
    dir,
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    async restart() {
      await waitExit('SIGTERM');
      await launch();
    },
    async cleanup() {
      await waitExit('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
    async appendMessages(user, folder, raws) {
      if (folder.toUpperCase() !== 'INBOX' && !existsSync(maildir(user, folder))) await dovecot.createFolder(user, folder);
      const base = maildir(user, folder);
      await ensureMaildir(user, base);
      // Dovecot gives new files UIDs in the order of the time in their names: one second apart
      // keeps the order given here, whatever order the directory lists them in.
      const start = Math.floor(Date.now() / 1000) + sequence;
      sequence += raws.length;
      const chunk = 200;
      for (let i = 0; i < raws.length; i += chunk) {
        await Promise.all(
          raws.slice(i, i + chunk).map((raw, j) => {
            const n = i + j;
            const file = join(base, 'new', `${start + n}.M${n}P${process.pid}.kanava-test,S=${raw.length}`);
            return writeFile(file, raw).then(() => chown(file, mailOwner.mailUid, mailOwner.mailGid));
          }),
        );
      }
      // Indexing assigns the UIDs now (and wakes IDLE clients) rather than at some later open.
      doveadm(['force-resync', '-u', user, folder]);
    },
    async deliver(user, folder, raw) {
      const client = await login(dovecot, user, users.get(user) ?? '');
      try {
        await client.append(folder, raw);
      } finally {
        await client.logout();
      }
    },
    async createFolder(user, folder) {
      doveadm(['mailbox', 'create', '-u', user, folder]);
    },
    async deleteFolder(user, folder) {
      doveadm(['mailbox', 'delete', '-u', user, '-r', '-Z', folder]);
    },
    async setUidValidity(user, folder, uidValidity) {
      doveadm(['mailbox', 'update', '-u', user, '--uid-validity', String(uidValidity), folder]);
    },
    async setPassword(user, password) {
      users.set(user, password);
      await writeUsers();
      await ensureMaildir(user, maildir(user, 'INBOX'));
      // The auth process looks at the file at most once a second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
    },
    async log() {
      return readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    },
  };
  return dovecot;
}

/** A logged-in imapflow client for a test's own checks. */
export async function login(dovecot: Pick<Dovecot, 'host' | 'port'>, user: string, password: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    // Dovecot offers STARTTLS with a self-signed certificate; the tests' own checks skip it.
    doSTARTTLS: false,
    auth: { user, pass: password },
    logger: false,
  });
  await client.connect();
  return client;
}

function ownerOf(name: string): { mailUid: number; mailGid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());
  return { mailUid: id('-u'), mailGid: id('-g') };
}

function processUsers(current: string): { internalUser: string; loginUser: string } {
  if (current !== 'root') return { internalUser: current, loginUser: current };
  const exists = (name: string) => spawnSync('id', ['-u', name]).status === 0;
  return {
    internalUser: exists('dovecot') ? 'dovecot' : 'nobody',
    loginUser: exists('dovenull') ? 'dovenull' : 'nobody',
  };
}

function config(o: {
  dir: string;
  port: number;
  tlsPort: number | null;
  tls: Certificate | null;
  internalUser: string;
  loginUser: string;
  mailUid: number;
  mailGid: number;
}): string {
  return `# Written by test/support/dovecot.ts for one test run.
protocols = imap
listen = 127.0.0.1
base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
log_path = ${o.dir}/dovecot.log
info_log_path = ${o.dir}/dovecot.log
default_internal_user = ${o.internalUser}
default_login_user = ${o.loginUser}
first_valid_uid = 0
first_valid_gid = 0
disable_plaintext_auth = no
# A wrong password answers at once rather than after 2 s, so failure tests stay fast.
auth_failure_delay = 0
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
mail_uid = ${o.mailUid}
mail_gid = ${o.mailGid}
mail_privileged_group =
namespace inbox {
  inbox = yes
  separator = .
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${o.dir}/users
}
userdb {
  driver = passwd-file
  args = ${o.dir}/users
}
${
  o.tls
    ? `ssl = yes
ssl_cert = <${o.tls.cert}
ssl_key = <${o.tls.key}`
    : 'ssl = no'
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${o.port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${o.tlsPort ?? 0}
  }
}
service anvil {
  chroot =
  # Repeated wrong passwords from one address would delay every later login by up to 15 s;
  # an auth process that cannot reach this socket applies no such penalty.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  chroot =
}
`;
}

interface Certificate {
  cert: string;
  key: string;
}

/** A self-signed certificate for localhost, or null without openssl (then no TLS port). */
async function makeCertificate(dir: string): Promise<Certificate | null> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  return made.status === 0 ? { cert, key } : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Until the server greets with `* OK` (Dovecot accepts before its login process is ready). */
async function waitForGreeting(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.setTimeout(1000, () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('\r\n')) {
          socket.destroy();
          resolve(text.startsWith('* OK'));
        }
      });
      socket.on('error', () => resolve(false));
    });
    if (greeted) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not greet on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForClosed(port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await canConnect(port)) {
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
