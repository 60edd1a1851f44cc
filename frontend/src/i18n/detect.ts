import { normalizeLanguage, STORAGE_KEY, type Language } from './index';

function cookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const hit = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

interface KsGlobals {
  user?: { lang?: string };
}

/** Inside KubeSphere: follow the host's language (its `lang` cookie, then the user's setting). */
export function hostLanguage(): Language {
  const globals = (window as unknown as { globals?: KsGlobals }).globals;
  return (
    normalizeLanguage(cookie('lang')) ??
    normalizeLanguage(globals?.user?.lang) ??
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
