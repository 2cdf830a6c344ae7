/** @module The language switch (English / 中文). */
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage, type Language } from '../i18n/index.ts';

/** LanguageSwitch switches the console's language at once. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      data-testid="language-switch"
      size="small"
      value={i18n.language as Language}
      options={languages.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
      onChange={(l) => void setLanguage(l)}
    />
  );
}
