import { afterEach, describe, expect, it } from 'vitest';
import { hostLanguage } from '../i18n/detect';

// ks-console 4.1 picks the user's setting (globals.user.lang, from spec.lang) first and writes
// it to its `lang` cookie; the bundle must land on the same language as the host around it.
describe('the host language', () => {
  const setGlobals = (lang?: string) => {
    (window as unknown as { globals?: unknown }).globals = lang === undefined ? undefined : { user: { lang } };
  };
  const setCookie = (lang?: string) => {
    document.cookie = lang === undefined ? 'lang=; expires=Thu, 01 Jan 1970 00:00:00 GMT' : `lang=${lang}`;
  };
  afterEach(() => {
    setGlobals(undefined);
    setCookie(undefined);
  });

  const cases: { name: string; user?: string; cookie?: string; want: string }[] = [
    { name: "the user's setting beats an older cookie", user: 'zh', cookie: 'en', want: 'zh' },
    { name: 'an English setting beats a Chinese cookie', user: 'en', cookie: 'zh', want: 'en' },
    { name: 'the cookie when the user has no setting', cookie: 'zh', want: 'zh' },
    { name: 'a language we do not ship falls through to the cookie', user: 'tc', cookie: 'zh', want: 'zh' },
    { name: "the browser's language last (jsdom: en-US)", want: 'en' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      setGlobals(c.user);
      setCookie(c.cookie);
      expect(hostLanguage()).toBe(c.want);
    });
  }
});
