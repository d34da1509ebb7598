// Small factories for test data. Each returns what a test needs to act as that party.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import type { DB } from '../../src/platform/db/types.js';
import type { Role } from '../../src/contract/kinds.js';
import { insertAccount } from '../../src/domains/accounts/store.js';
import { insertLibrary, type LibraryRow } from '../../src/domains/libraries/store.js';
import { librarySettingsSchema, type LibrarySettings } from '../../src/domains/libraries/schema.js';

const suffix = () => randomBytes(4).toString('hex');
const TEST_PASSWORD = 'correct horse battery';
let cachedHash: Promise<string> | undefined;

export async function buildLibrary(
  db: Kysely<DB>,
  overrides: { slug?: string; settings?: Partial<LibrarySettings> } = {},
): Promise<LibraryRow> {
  const slug = overrides.slug ?? `lib-${suffix()}`;
  return insertLibrary(db, {
    slug,
    name: { fi: `Kirjasto ${slug}`, sv: `Bibliotek ${slug}`, en: `Library ${slug}` },
    settings: librarySettingsSchema.parse(overrides.settings ?? {}),
  });
}

export interface TestAccount {
  id: string;
  libraryId: string;
  email: string;
  password: string;
  displayName: string;
  role: Role;
}

export async function buildAccount(
  db: Kysely<DB>,
  library: { id: string },
  overrides: { role?: Role; email?: string; displayName?: string; password?: string } = {},
): Promise<TestAccount> {
  const password = overrides.password ?? TEST_PASSWORD;
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = password === TEST_PASSWORD ? await cachedHash : await hashPassword(password);
  const role = overrides.role ?? 'staff';
  const row = await insertAccount(db, {
    libraryId: library.id,
    email: overrides.email ?? `${role}-${suffix()}@example.test`,
    displayName: overrides.displayName ?? `Test ${role} ${suffix()}`,
    role,
    language: 'fi',
    passwordHash,
  });
  return { id: row.id, libraryId: library.id, email: row.email, password, displayName: row.display_name, role };
}
