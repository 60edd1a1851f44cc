import i18next from 'i18next';
import { useEffect, useReducer } from 'react';
import en from '../locales/en.json';
import zh from '../locales/zh.json';

export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Both catalogues; the KubeSphere entry hands them to the host as `locales`. */
export const locales: Record<Language, Record<string, string>> = { en, zh };

export const STORAGE_KEY = 'okg-console.lang';

/** "zh-CN" -> "zh"; anything we do not ship -> undefined. */
export function normalizeLanguage(lang: string | null | undefined): Language | undefined {
  const base = (lang ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : undefined;
}

// Our own instance: inside KubeSphere the host owns the global i18next; we never touch it.
// Keys are flat (OKG_*): no key or namespace separators.
export const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: 'en',
  fallbackLng: 'en',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export const t: Translate = (key, vars) => i18n.t(key, vars ?? {}) as string;

export function currentLanguage(): Language {
  return normalizeLanguage(i18n.language) ?? 'en';
}

export function setLanguage(lang: Language): void {
  if (lang !== i18n.language) void i18n.changeLanguage(lang);
}

/** Re-renders the caller when the language changes and returns the translate function. */
export function useT(): Translate {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    i18n.on('languageChanged', bump);
    return () => i18n.off('languageChanged', bump);
  }, []);
  return t;
}

export function useLanguage(): Language {
  useT();
  return currentLanguage();
}
