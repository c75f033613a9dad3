import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogue, getLang, parts, setLang, t } from '../src/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  afterEach(() => {
    setLang('pl');
    vi.unstubAllGlobals();
  });

  it('has every message in Polish and English, with the same placeholders', () => {
    expect(Object.keys(catalogue.en).sort()).toEqual(Object.keys(catalogue.pl).sort());
    for (const key of Object.keys(catalogue.pl) as (keyof typeof catalogue.pl)[]) {
      expect(catalogue.pl[key].trim(), key).not.toBe('');
      expect(catalogue.en[key].trim(), key).not.toBe('');
      expect(placeholders(catalogue.en[key]), key).toEqual(placeholders(catalogue.pl[key]));
    }
  });

  it('defines each message once, in one of its parts, in both languages', () => {
    for (const lang of ['pl', 'en'] as const) {
      const definedIn = new Map<string, string[]>();
      for (const [part, messages] of Object.entries(parts)) {
        for (const key of Object.keys(messages[lang])) definedIn.set(key, [...(definedIn.get(key) ?? []), part]);
      }
      const twice = [...definedIn].filter(([, where]) => where.length > 1).map(([key, where]) => `${key}: ${where.join(', ')}`);
      expect(twice, lang).toEqual([]);
      expect([...definedIn.keys()].sort(), lang).toEqual(Object.keys(catalogue[lang]).sort());
    }
    for (const [part, messages] of Object.entries(parts)) {
      expect(Object.keys(messages.en).sort(), part).toEqual(Object.keys(messages.pl).sort());
    }
  });

  it('speaks Polish first, with the activity names social workers use', () => {
    expect(getLang()).toBe('pl');
    expect(t('activity.home_visit')).toBe('wizyta w miejscu zamieszkania');
    expect(t('activity.institution_contact')).toBe('kontakt z instytucją');
    expect(t('pending.badge')).toBe('oczekuje na wysłanie');
    expect(t('common.dataFrom', { time: '10:00' })).toBe('dane z 10:00');
  });

  it('switches to English and remembers the choice', () => {
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => stored.set(k, v) });

    setLang('en');

    expect(t('pending.badge')).toBe('pending');
    expect(stored.get('teczka.lang')).toBe('en');
  });
});
