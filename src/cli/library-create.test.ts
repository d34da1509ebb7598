import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblem } from '../platform/auth/password-strength.js';
import { generatePassword } from './library-create.js';

test('the generated initial passwords pass the password policy', async () => {
  for (let i = 0; i < 20; i++) {
    const password = generatePassword();
    assert.equal(await passwordProblem(password, ['admin@kirkkonummi.example', 'admin', 'kirkkonummi']), undefined, password);
  }
});
