import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasMessage } from '../i18n.js';
import { passwordProblem, userInputWords } from './password-strength.js';

const person = [
  'maija.meikalainen@kirkkonummi.example',
  'Maija Meikäläinen',
  'kirkkonummi',
  'Kirkkonummen kirjasto',
  'Kyrkslätts bibliotek',
];

test('common and trivially guessable passwords are refused with a reason the catalogue has', async () => {
  const refused: [string, string][] = [
    ['1234567890', 'validation.password_common'],
    ['password12', 'validation.password_common'],
    [' '.repeat(10), 'validation.password_repeat'],
    ['qwertyuiop', 'validation.password_common'],
    ['abcdefghijkl', 'validation.password_sequence'],
    ['meikalainen1', 'validation.password_personal'],
    ['Kirkkonummi2025', 'validation.password_personal'],
  ];
  for (const [password, key] of refused) assert.equal(await passwordProblem(password, person), key, JSON.stringify(password));
  // Finnish from the language package; Swedish and library words from our own list.
  for (const password of [
    'salasana123',
    'kirjasto2024',
    'Kirjastokortti',
    'lösenord123',
    'l0s3n0rd123',
    'bibliotek1',
    'hemligt123',
    'helsingfors1',
  ]) {
    const problem = await passwordProblem(password, person);
    assert.ok(problem && hasMessage(problem), `${password} → ${problem}`);
  }
});

test('passphrases and random passwords pass, the public demo password too', async () => {
  for (const password of ['hevonen satula akku', 'kissa koira talo', 'a8Fz-Qp2-Lx9', 'kanava-demo-2026', 'correct horse battery']) {
    assert.equal(await passwordProblem(password, person), undefined, password);
  }
  assert.equal(
    await passwordProblem('kanava-demo-2026', ['admin@demo.kanava.test', 'Aino Admin', 'demo', 'Kanavan demokirjasto']),
    undefined,
  );
});

test('only the first 64 characters are analysed: a weak start is refused however it ends', async () => {
  assert.equal(await passwordProblem('a'.repeat(64) + 'Zq8!rT3#xV9$', []), 'validation.password_repeat');
  assert.equal(await passwordProblem('x7Gq!p2Lm#9Rz&4Kw'.repeat(12).slice(0, 200), []), undefined);
});

test('user inputs are split into their words', () => {
  assert.deepEqual(userInputWords(['Maija.Meikalainen@Kirkkonummi.fi', undefined, ' ']), [
    'maija.meikalainen@kirkkonummi.fi',
    'maija',
    'meikalainen',
    'kirkkonummi',
  ]);
});
