import { afterEach, describe, expect, it, vi } from 'vitest';
import { getLang, setLang, t } from '../src/i18n';
import { catalogue, parts } from './support/catalogue';

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

describe('loading the catalogue on demand', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  async function freshCatalogue() {
    vi.resetModules(); // a copy of the module with nothing loaded yet, as on a first visit
    return import('../src/i18n');
  }

  it('has only the frame in the first load, and a role part in the current language when asked', async () => {
    const i18n = await freshCatalogue();
    expect(i18n.t('login.title')).toBe('Logowanie');
    expect(i18n.hasMessage('cg.title')).toBe(false);

    await i18n.loadMessages('caregiver');

    expect(i18n.t('cg.title')).toBe('Moje wizyty');
    expect(i18n.hasMessage('adm.title')).toBe(false); // another role's part stays on the server
  });

  it('switches language once the other language of the same parts has arrived', async () => {
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
    const i18n = await freshCatalogue();
    await i18n.loadMessages('caregiver');

    const switching = i18n.setLang('en');
    expect(i18n.getLang()).toBe('pl'); // no screen in English with Polish holes
    await switching;

    expect(i18n.getLang()).toBe('en');
    expect(i18n.t('cg.title')).toBe('My visits');
  });

  it('loads the rest of the language when a screen asks for a key of a part not loaded', async () => {
    const i18n = await freshCatalogue();
    const redrawn = new Promise<void>((resolve) => i18n.onLangChange(() => resolve()));

    expect(i18n.t('adm.title')).toBe('adm.title');
    await redrawn;

    expect(i18n.t('adm.title')).not.toBe('adm.title');
  });
});
