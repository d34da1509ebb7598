// Lint: typescript-eslint's recommended rules, plus the type-aware checks that catch real
// bugs here — promises left floating and switches that miss a case — and the import
// boundaries of the architecture (scripts/lint/import-boundaries.mjs).
import tseslint from 'typescript-eslint';
import kanava from './scripts/lint/import-boundaries.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'scratch/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { kanava },
    rules: {
      'kanava/import-boundaries': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/test return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
