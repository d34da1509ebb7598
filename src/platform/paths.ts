// Where Kanava's files are, whether it runs from the TypeScript sources (src/, through tsx)
// or compiled (dist/server/, plain node). Code that reads a file by path resolves it from
// here rather than counting `../` from its own location, so it works from both trees and
// keeps working when the file that reads it moves.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The root of the code tree: src/ in a checkout, dist/server/ when compiled. The build copies
 * every non-TypeScript file of src/ (SQL, JSON catalogues, templates) to the same place under
 * dist/server/, so `join(codeRoot, 'i18n', 'fi', 'demo.json')` names the file in either tree.
 */
export const codeRoot = fileURLToPath(new URL('../', import.meta.url));

/** The directory of Kanava's package.json: the checkout, or the installed package. */
export const packageRoot = findPackageRoot(codeRoot);

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Kanava's package.json not found above ${from}`);
  }
}
