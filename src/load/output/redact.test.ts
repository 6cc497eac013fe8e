import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName, redactHeaders, redactUrl, REDACTED } from './redact.js';

test('redactHeaders hides auth, cookies and token-like headers, keeps the rest', () => {
  const out = redactHeaders({
    Authorization: 'Bearer abc',
    'proxy-authorization': 'Basic x',
    Cookie: 'sid=1',
    'Set-Cookie': ['a=1', 'b=2'],
    'X-Api-Key': 'k',
    'x-auth-token': 't',
    'X-Client-Secret': 's',
    'X-Password': 'p',
    Accept: 'application/json',
    'Content-Type': 'text/plain',
  });
  assert.deepEqual(out, {
    Authorization: REDACTED,
    'proxy-authorization': REDACTED,
    Cookie: REDACTED,
    'Set-Cookie': REDACTED,
    'X-Api-Key': REDACTED,
    'x-auth-token': REDACTED,
    'X-Client-Secret': REDACTED,
    'X-Password': REDACTED,
    Accept: 'application/json',
    'Content-Type': 'text/plain',
  });
  assert.equal(isSecretName('accept-encoding'), false);
});

test('redactUrl hides the password and secret query parameters', () => {
  assert.equal(redactUrl('http://u:hunter2@127.0.0.1:3000/a?token=abc&page=2'), 'http://u:REDACTED@127.0.0.1:3000/a?token=%5BREDACTED%5D&page=2');
  assert.equal(redactUrl('http://127.0.0.1/a?page=2'), 'http://127.0.0.1/a?page=2');
});
