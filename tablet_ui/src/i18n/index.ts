// Every piece of text the person reads. Polish first; English as a switch that persists.
// The messages are kept by who reads them, one module each; this one holds what reads them
// (`t`, `label`, the dates, the language choice) and loads them.
//
// Only the frame's messages (`common`: sign-in, the top bar, errors) are in the first load, in
// both languages. Every other part is loaded when it is needed (`loadMessages`): the signed-in
// role's parts, in the current language only; the other language when the person switches.
// Each part in each language is a chunk of its own: `./part?lang=pl` is the part's module
// built once per language, and tree-shaking keeps only that language's messages in it.
import type { Lang, Role } from '../contract';
import { ROLE_PARTS, type Part } from './roleParts';
import type * as admin from './admin';
import type * as benefits from './benefits';
import type * as audit from './audit';
import type * as caregiver from './caregiver';
import type * as catalogue from './catalogue';
import type * as codes from './codes';
import * as common from './common';
import type * as coordinator from './coordinator';
import type * as decisionMaker from './decisionMaker';
import type * as household from './household';
import type * as inKind from './inKind';
import type * as intake from './intake';
import type * as manager from './manager';
import type * as receivables from './receivables';
import type * as returns from './returns';
import type * as search from './search';
import type * as socialContracts from './socialContracts';
import type * as socialWorker from './socialWorker';
import type * as workload from './workload';

type Catalogue = typeof common.pl &
  typeof codes.pl &
  typeof socialWorker.pl &
  typeof search.pl &
  typeof household.pl &
  typeof socialContracts.pl &
  typeof intake.pl &
  typeof decisionMaker.pl &
  typeof coordinator.pl &
  typeof caregiver.pl &
  typeof manager.pl &
  typeof audit.pl &
  typeof returns.pl &
  typeof admin.pl &
  typeof benefits.pl &
  typeof inKind.pl &
  typeof receivables.pl &
  typeof workload.pl &
  typeof catalogue.pl;

export type MessageKey = keyof Catalogue;
type Messages = Partial<Record<MessageKey, string>>;

export type { Part } from './roleParts';

// `({ pl }) => pl`: the destructuring tells Rollup which export is used, so the other
// language's messages are left out of the chunk.
const LOADERS: Record<Lang, Record<Part, () => Promise<Messages>>> = {
  pl: {
    codes: () => import('./codes?lang=pl').then(({ pl }) => pl),
    socialWorker: () => import('./socialWorker?lang=pl').then(({ pl }) => pl),
    search: () => import('./search?lang=pl').then(({ pl }) => pl),
    household: () => import('./household?lang=pl').then(({ pl }) => pl),
    socialContracts: () => import('./socialContracts?lang=pl').then(({ pl }) => pl),
    intake: () => import('./intake?lang=pl').then(({ pl }) => pl),
    decisionMaker: () => import('./decisionMaker?lang=pl').then(({ pl }) => pl),
    coordinator: () => import('./coordinator?lang=pl').then(({ pl }) => pl),
    caregiver: () => import('./caregiver?lang=pl').then(({ pl }) => pl),
    manager: () => import('./manager?lang=pl').then(({ pl }) => pl),
    audit: () => import('./audit?lang=pl').then(({ pl }) => pl),
    returns: () => import('./returns?lang=pl').then(({ pl }) => pl),
    admin: () => import('./admin?lang=pl').then(({ pl }) => pl),
    benefits: () => import('./benefits?lang=pl').then(({ pl }) => pl),
    inKind: () => import('./inKind?lang=pl').then(({ pl }) => pl),
    receivables: () => import('./receivables?lang=pl').then(({ pl }) => pl),
    workload: () => import('./workload?lang=pl').then(({ pl }) => pl),
    catalogue: () => import('./catalogue?lang=pl').then(({ pl }) => pl),
  },
  en: {
    codes: () => import('./codes?lang=en').then(({ en }) => en),
    socialWorker: () => import('./socialWorker?lang=en').then(({ en }) => en),
    search: () => import('./search?lang=en').then(({ en }) => en),
    household: () => import('./household?lang=en').then(({ en }) => en),
    socialContracts: () => import('./socialContracts?lang=en').then(({ en }) => en),
    intake: () => import('./intake?lang=en').then(({ en }) => en),
    decisionMaker: () => import('./decisionMaker?lang=en').then(({ en }) => en),
    coordinator: () => import('./coordinator?lang=en').then(({ en }) => en),
    caregiver: () => import('./caregiver?lang=en').then(({ en }) => en),
    manager: () => import('./manager?lang=en').then(({ en }) => en),
    audit: () => import('./audit?lang=en').then(({ en }) => en),
    returns: () => import('./returns?lang=en').then(({ en }) => en),
    admin: () => import('./admin?lang=en').then(({ en }) => en),
    benefits: () => import('./benefits?lang=en').then(({ en }) => en),
    inKind: () => import('./inKind?lang=en').then(({ en }) => en),
    receivables: () => import('./receivables?lang=en').then(({ en }) => en),
    workload: () => import('./workload?lang=en').then(({ en }) => en),
    catalogue: () => import('./catalogue?lang=en').then(({ en }) => en),
  },
};

export const ALL_PARTS = Object.keys(LOADERS.pl) as Part[];

export function partsOf(role: Role): Part[] {
  return ROLE_PARTS[role] ?? ALL_PARTS;
}

const messages: Record<Lang, Messages> = { pl: { ...common.pl }, en: { ...common.en } };
const loaded: Record<Lang, Map<Part, Promise<void>>> = { pl: new Map(), en: new Map() };
const settled: Record<Lang, Set<Part>> = { pl: new Set(), en: new Set() };
let wanted: Part[] = [];

function load(lang: Lang, part: Part): Promise<void> {
  let pending = loaded[lang].get(part);
  if (!pending) {
    pending = LOADERS[lang][part]().then(
      (part_messages) => {
        Object.assign(messages[lang], part_messages);
        settled[lang].add(part);
      },
      (error: unknown) => {
        loaded[lang].delete(part); // offline and not yet precached: asked again next time
        throw error;
      },
    );
    loaded[lang].set(part, pending);
  }
  return pending;
}

function loadAll(lang: Lang, parts: Part[]): Promise<void> {
  return Promise.all(parts.map((part) => load(lang, part))).then(() => undefined);
}

/** Load the parts `role`'s screens read, in the current language (and remember them, so a
 * switch of language loads the same parts in the other one). */
export function loadMessages(role: Role): Promise<void> {
  wanted = partsOf(role);
  return loadAll(current, wanted);
}

/** Every part in both languages (the tests, which render any screen). */
export function loadEveryMessage(): Promise<void> {
  return Promise.all([loadAll('pl', ALL_PARTS), loadAll('en', ALL_PARTS)]).then(() => undefined);
}

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

function changed(): void {
  for (const listener of listeners) listener(current);
}

/** Switch the language; the screens change once its messages are loaded (at once if they are). */
export function setLang(lang: Lang): Promise<void> {
  storage()?.setItem(STORAGE_KEY, lang);
  const switched = () => {
    current = lang;
    changed();
  };
  if (wanted.every((part) => settled[lang].has(part))) {
    switched();
    return Promise.resolve();
  }
  return loadAll(lang, wanted).then(switched, switched);
}

/** Called with the language whenever it changes or more messages arrive, so screens redraw. */
export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let fetchingEverything: Lang | null = null;

/** A key of a part not loaded: load every part of the language once, then redraw. */
function missing(lang: Lang): void {
  if (fetchingEverything === lang || ALL_PARTS.every((part) => settled[lang].has(part))) return;
  fetchingEverything = lang;
  void loadAll(lang, ALL_PARTS).then(changed, () => undefined).finally(() => {
    fetchingEverything = null;
  });
}

/** Whether the current language's loaded messages have `key`. */
export function hasMessage(key: string): key is MessageKey {
  return key in messages[current];
}

/** The message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const message = messages[current][key];
  if (message === undefined) missing(current);
  return (message ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The message in both languages, in the API's error shape (for errors made on the tablet);
 * a language not loaded gives the current one's text. */
export function both(key: MessageKey): Record<Lang, string> {
  const text = t(key);
  return { pl: messages.pl[key] ?? text, en: messages.en[key] ?? text };
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
  const key = `${prefix}${code}`;
  return hasMessage(key) ? t(key) : code;
}
