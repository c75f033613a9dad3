import { getLang, setLang, t } from '../i18n';

/** The other language, named in that language. Its accessible name begins with the words it
 * shows (WCAG 2.5.3, label in name): "English, zmień język na angielski". */
export function LangSwitch() {
  const other = getLang() === 'pl' ? 'en' : 'pl';
  return (
    <button type="button" class="ghost" data-testid="lang-switch" onClick={() => void setLang(other)}>
      <span lang={other}>{t('lang.switch')}</span>
      <span class="visually-hidden">, {t('lang.switchLabel')}</span>
    </button>
  );
}
