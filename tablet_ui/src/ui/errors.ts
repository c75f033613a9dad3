import { ApiError, NetworkError } from '../api';
import type { ApiErrorInfo } from '../contract';
import { getLang, t } from '../i18n';

/** The text to show for an API error (its message in the chosen language) or a lost connection. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.info.message[getLang()];
  if (error instanceof NetworkError) return t('error.network');
  return String(error);
}

export function errorInfoText(info: ApiErrorInfo): string {
  return info.message[getLang()] ?? info.code;
}
