// Every piece of text the person reads. Polish first; English as a switch that persists.
// The messages are kept by who reads them, one module each; this one merges them into the one
// catalogue and holds what reads it (`t`, `label`, the dates, the language choice).
import type { Lang } from '../contract';
import * as admin from './admin';
import * as benefits from './benefits';
import * as caregiver from './caregiver';
import * as codes from './codes';
import * as common from './common';
import * as coordinator from './coordinator';
import * as decisionMaker from './decisionMaker';
import * as intake from './intake';
import * as household from './household';
import * as manager from './manager';
import * as audit from './audit';
import * as returns from './returns';
import * as search from './search';
import * as socialContracts from './socialContracts';
import * as socialWorker from './socialWorker';

/** The catalogue's parts; a key is defined in exactly one of them (tests/i18n.test.ts). */
export const parts = { common, codes, socialWorker, search, household, socialContracts, intake, decisionMaker, coordinator, caregiver, manager, audit, returns, admin, benefits };

const pl = {
  ...common.pl,
  ...codes.pl,
  ...socialWorker.pl,
  ...search.pl,
  ...household.pl,
  ...socialContracts.pl,
  ...intake.pl,
  ...decisionMaker.pl,
  ...coordinator.pl,
  ...caregiver.pl,
  ...manager.pl,
  ...audit.pl,
  ...returns.pl,
  ...admin.pl,
  ...benefits.pl,
};

export type MessageKey = keyof typeof pl;

const en: Record<MessageKey, string> = {
  ...common.en,
  ...codes.en,
  ...socialWorker.en,
  ...search.en,
  ...household.en,
  ...socialContracts.en,
  ...intake.en,
  ...decisionMaker.en,
  ...coordinator.en,
  ...caregiver.en,
  ...manager.en,
  ...audit.en,
  ...returns.en,
  ...admin.en,
  ...benefits.en,
};

export const catalogue: Record<Lang, Record<MessageKey, string>> = { pl, en };

const STORAGE_KEY = 'teczka.lang';
const listeners = new Set<(lang: Lang) => void>();

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked
  }
}

let current: Lang = storage()?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'pl';

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  storage()?.setItem(STORAGE_KEY, lang);
  for (const listener of listeners) listener(lang);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return (catalogue[current][key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The message in both languages, in the API's error shape (for errors made on the tablet). */
export function both(key: MessageKey): Record<Lang, string> {
  return { pl: catalogue.pl[key], en: catalogue.en[key] };
}

const LOCALES: Record<Lang, string> = { pl: 'pl-PL', en: 'en-GB' };

/** A `YYYY-MM-DD` date as the person reads it (no time-zone shift). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return t('common.none');
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return new Date(y, m - 1, d).toLocaleDateString(LOCALES[current], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

export const OFFICE_TIME_ZONE = 'Europe/Warsaw';

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // The office's time, whatever the device's zone: an access at 12:00 in Warsaw reads 12:00.
  return date.toLocaleString(LOCALES[current], { dateStyle: 'medium', timeStyle: 'short', timeZone: OFFICE_TIME_ZONE });
}

/** A code's label (`prefix` + code) if the catalogue has one, otherwise the code itself. */
export function label(prefix: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return t('common.none');
  const key = `${prefix}${code}` as MessageKey;
  return key in catalogue[current] ? t(key) : code;
}
