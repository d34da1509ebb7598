import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from './api.js';
import { errorText } from './errors.js';
import { translate, type MessageKey } from './i18n.js';

const sv = (key: MessageKey, values?: Record<string, string | number>) => translate('sv', key, values);

test("the server's translated message is shown as it is; otherwise our own translated text", () => {
  assert.equal(
    errorText(new ApiError(409, 'already_claimed', 'Bo sköter redan den här konversationen.'), sv),
    'Bo sköter redan den här konversationen.',
  );
  assert.equal(errorText(new ApiError(0, 'network', ''), sv), translate('sv', 'error.network'));
  assert.equal(errorText(new ApiError(502, 'bad_response', ''), sv), translate('sv', 'error.server'));
  assert.equal(errorText(new TypeError('Failed to fetch'), sv), translate('sv', 'error.unexpected'));
});
