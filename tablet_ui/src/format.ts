// Numbers, money, hours, durations and dates as a person reads them, in the current language,
// through `Intl`: "31,50 zł", "2 h", "1 h 30 min", "5 maja 2025" (Polish) or "PLN 31.50",
// "2 h", "5 May 2025" (English). The server sends decimals as strings ("31.50", "2.00").
import { getLang } from './i18n';

export { formatDate, formatDateTime } from './i18n';

const LOCALES = { pl: 'pl-PL', en: 'en-GB' } as const;
const NBSP = '\u00a0';

const locale = () => LOCALES[getLang()];

function toNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** A plain number, with at most two decimals and none when whole: "2", "2,5", "1 234". */
export function formatNumber(value: string | number | null | undefined): string {
  const n = toNumber(value);
  if (n === null) return value === null || value === undefined ? '' : String(value);
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(n);
}

/** An amount in złoty: "31,50 zł". */
export function formatMoney(value: string | number | null | undefined): string {
  const n = toNumber(value);
  if (n === null) return value === null || value === undefined ? '' : String(value);
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'PLN' }).format(n);
}

/** Hours: "2 h", "2,5 h". */
export function formatHours(value: string | number | null | undefined): string {
  const n = formatNumber(value);
  return n ? `${n}${NBSP}h` : '';
}

/** A percentage given in percent ("10.00" → "10%"). */
export function formatPercent(value: string | number | null | undefined): string {
  const n = toNumber(value);
  if (n === null) return value === null || value === undefined ? '' : String(value);
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 2 }).format(n / 100);
}

/** A duration in minutes: "45 min", "2 h", "1 h 30 min". */
export function formatDuration(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '';
  const whole = Math.round(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  const number = new Intl.NumberFormat(locale());
  const parts = [h ? `${number.format(h)}${NBSP}h` : '', m || !h ? `${number.format(m)}${NBSP}min` : ''];
  return parts.filter(Boolean).join(' ');
}

/** The time of day of an instant, in the tablet's time zone: "10:05". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}
