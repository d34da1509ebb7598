// The Dovecot harness itself: the IMAP tests and the benchmark rely on it behaving like a real
// mail server (logins, UIDs in the order mail was added, crashes, renumbered folders).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { login, startDovecot, type Dovecot } from './dovecot.js';

const mail = (n: number) => Buffer.from(`Message-ID: <harness-${n}@example.test>\r\nSubject: ${n}\r\n\r\nBody ${n}\r\n`);

async function messageIds(dovecot: Dovecot, user: string, password: string, folder = 'INBOX') {
  const client = await login(dovecot, user, password);
  try {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const found: { uid: number; id: string }[] = [];
      const status = client.mailbox === false ? null : client.mailbox;
      if (status && status.exists > 0) {
        for await (const m of client.fetch('1:*', { uid: true, envelope: true }, { uid: false })) {
          found.push({ uid: m.uid, id: m.envelope?.messageId ?? '' });
        }
      }
      return { found, uidValidity: status ? Number(status.uidValidity) : 0 };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

describe('Dovecot test harness', () => {
  let dovecot: Dovecot;
  before(async () => {
    dovecot = await startDovecot({ users: [{ user: 'alice', password: 'alice-pw' }] });
  });
  after(async () => {
    await dovecot?.cleanup();
  });

  it('accepts a login and lists appended messages in the order given', async () => {
    await dovecot.appendMessages('alice', 'INBOX', [mail(1), mail(2), mail(3)]);
    const { found } = await messageIds(dovecot, 'alice', 'alice-pw');
    assert.deepEqual(
      found.map((m) => m.id),
      ['<harness-1@example.test>', '<harness-2@example.test>', '<harness-3@example.test>'],
    );
    assert.deepEqual(
      found.map((m) => m.uid),
      [1, 2, 3],
    );
  });

  it('refuses a wrong password and accepts a changed one', async () => {
    await assert.rejects(login(dovecot, 'alice', 'wrong'));
    await dovecot.setPassword('alice', 'new-pw');
    await assert.rejects(login(dovecot, 'alice', 'alice-pw'));
    const client = await login(dovecot, 'alice', 'new-pw');
    await client.logout();
    await dovecot.setPassword('alice', 'alice-pw');
  });

  it('fills a folder with a thousand messages quickly', async () => {
    const started = Date.now();
    await dovecot.appendMessages(
      'alice',
      'Bulk',
      Array.from({ length: 1000 }, (_, i) => mail(1000 + i)),
    );
    const { found } = await messageIds(dovecot, 'alice', 'alice-pw', 'Bulk');
    assert.equal(found.length, 1000);
    assert.equal(found[999]?.id, '<harness-1999@example.test>');
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });

  it('delivers by APPEND, renumbers a folder, and keeps mail across a crash', async () => {
    await dovecot.deliver('alice', 'INBOX', mail(4));
    const before = await messageIds(dovecot, 'alice', 'alice-pw');
    assert.equal(before.found.length, 4);
    await dovecot.setUidValidity('alice', 'INBOX', before.uidValidity + 7);
    await dovecot.kill();
    await assert.rejects(login(dovecot, 'alice', 'alice-pw'));
    await dovecot.restart();
    const afterwards = await messageIds(dovecot, 'alice', 'alice-pw');
    assert.equal(afterwards.uidValidity, before.uidValidity + 7);
    assert.deepEqual(
      afterwards.found.map((m) => m.id),
      before.found.map((m) => m.id),
    );
  });

  it('removes a folder', async () => {
    await dovecot.createFolder('alice', 'Gone');
    await dovecot.deleteFolder('alice', 'Gone');
    const client = await login(dovecot, 'alice', 'alice-pw');
    try {
      await assert.rejects(client.mailboxOpen('Gone'));
    } finally {
      await client.logout();
    }
  });

  it('stops', async () => {
    await dovecot.stop();
    await assert.rejects(login(dovecot, 'alice', 'alice-pw'));
  });
});
