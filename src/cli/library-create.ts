// `kanava library create`: a new library and its first admin. The admin's initial password
// is generated and printed once, or read from KANAVA_ADMIN_PASSWORD — never from an argument,
// which every user of the machine can read in the process list.
import { randomBytes } from 'node:crypto';
import { createAccountBody } from '../domains/accounts/schema.js';
import { languageSchema } from '../contract/language-schemas.js';
import { slugParams, timeZoneSchema } from '../domains/libraries/schema.js';
import { createLibraryWithAdmin } from '../domains/libraries/service.js';
import { libraryNameText } from '../domains/libraries/settings-patch.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../platform/auth/passwords.js';
import { passwordProblem } from '../platform/auth/password-strength.js';
import { t } from '../platform/i18n.js';
import { AppError } from '../platform/errors.js';
import { errorBody } from '../platform/http/errors.js';
import { withCommandDatabase } from './command-database.js';
import { parseOptions, UsageError, validOption, withUsage } from './usage.js';

export const createUsage = `Usage: kanava library create --slug <slug> --name "<name>" --admin-email <email> [options]
Creates a library and its first admin account.
  --slug            address of the library in Kanava, e.g. "kirkkonummi": 3–50 lowercase
                    letters, digits and dashes (used in the chat widget's library attribute)
  --name            the library's name in Finnish (also used in Swedish and English unless given)
  --name-sv         the name in Swedish
  --name-en         the name in English
  --time-zone       time zone of its opening hours (default Europe/Helsinki)
  --admin-email     the first admin's email address, used to sign in
  --admin-name      the admin's name as colleagues and customers see it (default: from the email)
  --admin-language  fi, sv or en (default fi)
The admin's initial password is generated and printed once. To choose it instead, put it in
the environment variable KANAVA_ADMIN_PASSWORD (${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters, not easy
to guess: no common password, single word, name, keyboard row or date, nor the admin's or
the library's name).
`;

const options = {
  slug: { type: 'string' },
  name: { type: 'string' },
  'name-sv': { type: 'string' },
  'name-en': { type: 'string' },
  'time-zone': { type: 'string', default: 'Europe/Helsinki' },
  'admin-email': { type: 'string' },
  'admin-name': { type: 'string' },
  'admin-language': { type: 'string', default: 'fi' },
  help: { type: 'boolean' },
} as const;

/** 18 random bytes: 144 bits, 24 URL-safe characters that survive copying from a terminal. */
export const generatePassword = (): string => randomBytes(18).toString('base64url');

/**
 * A generated password that the password policy accepts. 144 random bits always score as
 * strong; the check only guards against a policy change that would make one fail.
 */
async function generateStrongPassword(userInputs: string[]): Promise<string> {
  for (;;) {
    const password = generatePassword();
    if (!(await passwordProblem(password, userInputs))) return password;
  }
}

export async function libraryCreateCommand(argv: string[]): Promise<number> {
  return withUsage('library create', async () => {
    const values = parseOptions(argv, options);
    if (values.help) {
      process.stdout.write(createUsage);
      return 0;
    }
    const slug = validOption(slugParams.shape.slug, values.slug, '--slug');
    const fi = validOption(libraryNameText, values.name, '--name');
    const name = {
      fi,
      sv: values['name-sv'] === undefined ? fi : validOption(libraryNameText, values['name-sv'], '--name-sv'),
      en: values['name-en'] === undefined ? fi : validOption(libraryNameText, values['name-en'], '--name-en'),
    };
    const timeZone = validOption(timeZoneSchema, values['time-zone'], '--time-zone');
    const email = validOption(createAccountBody.shape.email, values['admin-email'], '--admin-email');
    const displayName = validOption(createAccountBody.shape.displayName, values['admin-name'] ?? email.split('@')[0], '--admin-name');
    const language = validOption(languageSchema, values['admin-language'], '--admin-language');
    const fromEnvironment = process.env.KANAVA_ADMIN_PASSWORD;
    // The same policy as the API's: what the admin's password must not be built from.
    const userInputs = [email, displayName, slug, name.fi, name.sv, name.en];
    let initialPassword: string;
    if (fromEnvironment === undefined) {
      initialPassword = await generateStrongPassword(userInputs);
    } else {
      initialPassword = validOption(createAccountBody.shape.password, fromEnvironment, 'KANAVA_ADMIN_PASSWORD');
      const problem = await passwordProblem(initialPassword, userInputs);
      if (problem) throw new UsageError(`KANAVA_ADMIN_PASSWORD: ${t('en', problem)}`);
    }

    try {
      const { library, admin } = await withCommandDatabase({ migrate: true }, ({ db }) =>
        createLibraryWithAdmin(db, { slug, name, timeZone, admin: { email, displayName, language, password: initialPassword } }),
      );
      process.stdout.write(
        [
          `Created library "${library.slug}" (${library.name.fi}).`,
          `  First admin:  ${admin.email} (${admin.display_name})`,
          fromEnvironment === undefined
            ? `  Password:     ${initialPassword}\n  This password is shown only now. Pass it on safely; the admin changes it after signing in.`
            : '  Password:     the one in KANAVA_ADMIN_PASSWORD',
          `  Chat widget:  <kanava-chat library="${library.slug}"></kanava-chat>`,
          '',
        ].join('\n'),
      );
      return 0;
    } catch (error) {
      // The reason is a code (slug_taken); the operator reads the catalogue's English sentence.
      if (error instanceof AppError && error.code === 'conflict') {
        process.stderr.write(`kanava library create: library not created. ${errorBody(error, 'en').error.message}\n`);
        return 1;
      }
      throw error;
    }
  });
}
