import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import en from '../locales/en.json';
import zh from '../locales/zh.json';
import { accessHint, ApiError, errorMessage, isForbidden, parseErrorBody } from './errors';

describe('parseErrorBody', () => {
  const cases: { name: string; http: number; text: string; body: string; code: number; message: string; reason: string }[] = [
    {
      name: 'a bare Status keeps its code, reason and message',
      http: 422,
      text: 'Unprocessable Entity',
      body: JSON.stringify({ kind: 'Status', status: 'Failure', code: 422, reason: 'Invalid', message: 'replicas: must be >= 0' }),
      code: 422,
      message: 'replicas: must be >= 0',
      reason: 'Invalid',
    },
    {
      // as ks-apiserver answers when the extension's APIService is not Available
      name: 'ks-apiserver ErrStatus (503) renders as its message',
      http: 503,
      text: 'Service Unavailable',
      body: JSON.stringify({
        ErrStatus: {
          metadata: {},
          status: 'Failure',
          message: 'service unavailable: okgconsole.kubesphere.io/v1alpha1 is not available',
          reason: 'ServiceUnavailable',
          code: 503,
        },
      }),
      code: 503,
      message: 'service unavailable: okgconsole.kubesphere.io/v1alpha1 is not available',
      reason: 'ServiceUnavailable',
    },
    {
      name: 'ErrStatus of a dead backend (502) without a code takes the HTTP status',
      http: 502,
      text: 'Bad Gateway',
      body: JSON.stringify({ ErrStatus: { status: 'Failure', message: 'dial tcp 10.0.0.9:80: connect: connection refused', reason: 'BadGateway' } }),
      code: 502,
      message: 'dial tcp 10.0.0.9:80: connect: connection refused',
      reason: 'BadGateway',
    },
    {
      name: 'plain text keeps its text',
      http: 500,
      text: 'Internal Server Error',
      body: 'boom',
      code: 500,
      message: 'boom',
      reason: 'Internal Server Error',
    },
    {
      name: 'an HTML page falls back to the status text',
      http: 504,
      text: 'Gateway Timeout',
      body: '<html><body>timeout</body></html>',
      code: 504,
      message: 'Gateway Timeout',
      reason: 'Gateway Timeout',
    },
    {
      name: 'JSON that is neither Status nor ErrStatus is shown as sent',
      http: 500,
      text: 'Internal Server Error',
      body: '{"ErrStatus":"nope"}',
      code: 500,
      message: '{"ErrStatus":"nope"}',
      reason: 'Internal Server Error',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const err = parseErrorBody(c.http, c.text, c.body);
      expect(err).toBeInstanceOf(ApiError);
      expect(err.code).toBe(c.code);
      expect(err.reason).toBe(c.reason);
      expect(errorMessage(err)).toBe(c.message);
      expect(err.status.kind).toBe('Status');
    });
  }

  it('keeps the field causes of a wrapped Status', () => {
    const body = JSON.stringify({
      ErrStatus: { code: 422, message: 'bad', details: { causes: [{ field: 'spec.replicas', message: 'must be >= 0' }] } },
    });
    expect(parseErrorBody(422, '', body).fields).toEqual(['spec.replicas']);
  });
});

describe('refusals', () => {
  afterEach(() => setLanguage('en'));

  it('says which permission to ask for, in the user language, only for 403', () => {
    const forbidden = parseErrorBody(403, 'Forbidden', JSON.stringify({ kind: 'Status', status: 'Failure', code: 403, message: 'forbidden' }));
    expect(isForbidden(forbidden)).toBe(true);
    expect(accessHint(forbidden)).toBe(en.OKG_FORBIDDEN);
    setLanguage('zh');
    expect(accessHint(forbidden)).toBe(zh.OKG_FORBIDDEN);
    expect(errorMessage(forbidden)).toBe('forbidden');
    const notFound = parseErrorBody(404, 'Not Found', '{"kind":"Status","code":404,"message":"gone"}');
    expect(isForbidden(notFound)).toBe(false);
    expect(accessHint(notFound)).toBeUndefined();
    expect(accessHint(new Error('x'))).toBeUndefined();
  });
});
