// Password hashing with Argon2id (OWASP-recommended parameters: 19 MiB, 2 passes).
import { hash, verify } from '@node-rs/argon2';

const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let verifications = 0;

/**
 * How many passwords this process has verified so far. Sign-in must do the same hashing work
 * whatever the email: tests count it here rather than time it (wall time is noisy).
 */
export function passwordVerifications(): number {
  return verifications;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  verifications += 1;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a real hash when the account does not exist keeps sign-in timing from
// telling an attacker which email addresses have accounts. The dummy has the same parameters
// as every real hash, so it costs the same.
let dummyHash: Promise<string> | undefined;
/** Verifies the password against a dummy hash: as costly as a real check; always false. */
export async function burnVerifyTime(password: string): Promise<false> {
  dummyHash ??= hashPassword('kanava-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}
