import { normalizeLanguage, STORAGE_KEY, type Language } from './index';

function cookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const hit = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

interface KsGlobals {
  user?: { lang?: string };
}

/**
 * Inside KubeSphere: follow the host's language. ks-console 4.1 takes the user's setting
 * (globals.user.lang, from spec.lang) before anything else and writes it to its `lang`
 * cookie, so the cookie only matters when the user has no setting.
 */
export function hostLanguage(): Language {
  const globals = (window as unknown as { globals?: KsGlobals }).globals;
  return (
    normalizeLanguage(globals?.user?.lang) ??
    normalizeLanguage(cookie('lang')) ??
    normalizeLanguage(navigator.language) ??
    'en'
  );
}

/** Standalone: what the user picked last (remembered), else the browser's language. */
export function storedLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  return normalizeLanguage(stored) ?? normalizeLanguage(navigator.language) ?? 'en';
}

export function rememberLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
}
