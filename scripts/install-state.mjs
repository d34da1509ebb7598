// Whether node_modules holds what package-lock.json locks, without asking npm (which takes
// seconds even when nothing is to do). npm writes node_modules/.package-lock.json after every
// install: the packages it put there, with the version and integrity of each.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dependencyFields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** The reason an install is needed, or null when node_modules matches the lock file. */
export function installNeeded(root) {
  const installed = readJson(join(root, 'node_modules', '.package-lock.json'));
  if (!installed) return 'node_modules is missing or was not installed by npm';
  const lock = readJson(join(root, 'package-lock.json'));
  if (!lock) return 'package-lock.json is missing';
  // package.json edited since the lock was written (a dependency added or its version changed).
  const manifest = readJson(join(root, 'package.json')) ?? {};
  const locked = lock.packages?.[''] ?? {};
  for (const field of dependencyFields) {
    if (!sameEntries(manifest[field], locked[field])) return `package.json's ${field} differ from package-lock.json`;
  }
  const wanted = Object.entries(lock.packages ?? {}).filter(([path]) => path !== '');
  for (const [path, entry] of wanted) {
    const present = installed.packages?.[path];
    // Optional packages for other platforms (a macOS binary on Linux) are never installed.
    if (!present) {
      if (entry.optional) continue;
      return `${path} is not installed`;
    }
    if (present.version !== entry.version || present.integrity !== entry.integrity) return `${path} differs from the lock`;
    // Cheap guard against a package folder deleted by hand after the install.
    if (!entry.link && !existsSync(join(root, path, 'package.json'))) return `${path} is missing`;
  }
  const lockedPaths = new Set(wanted.map(([path]) => path));
  const stray = Object.keys(installed.packages ?? {}).find((path) => !lockedPaths.has(path));
  return stray ? `${stray} is installed but not locked` : null;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function sameEntries(a = {}, b = {}) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
