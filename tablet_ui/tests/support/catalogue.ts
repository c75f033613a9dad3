// The whole catalogue at once, as the tests read it: the app itself loads its parts on demand
// (src/i18n/index.ts).
import type { MessageKey } from '../../src/i18n';
import * as admin from '../../src/i18n/admin';
import * as benefits from '../../src/i18n/benefits';
import * as caregiver from '../../src/i18n/caregiver';
import * as codes from '../../src/i18n/codes';
import * as common from '../../src/i18n/common';
import * as coordinator from '../../src/i18n/coordinator';
import * as decisionMaker from '../../src/i18n/decisionMaker';
import * as household from '../../src/i18n/household';
import * as intake from '../../src/i18n/intake';
import * as manager from '../../src/i18n/manager';
import * as returns from '../../src/i18n/returns';
import * as search from '../../src/i18n/search';
import * as socialContracts from '../../src/i18n/socialContracts';
import * as socialWorker from '../../src/i18n/socialWorker';

type Messages = Record<string, string>;

export const parts: Record<string, { pl: Messages; en: Messages }> = {
  common, codes, socialWorker, search, household, socialContracts, intake, decisionMaker, coordinator, caregiver, manager, returns, admin, benefits,
};

const merged = (lang: 'pl' | 'en') => Object.assign({}, ...Object.values(parts).map((part) => part[lang])) as Record<MessageKey, string>;

export const catalogue = { pl: merged('pl'), en: merged('en') };
