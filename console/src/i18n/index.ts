/**
 * @module i18next with the bundled zh-CN and English catalogues. The language comes from `?lng=`,
 * then localStorage, then the browser. Glossary: 守护进程 = DaemonSet, 节点 = Node, 容器组 = Pod;
 * Kubernetes field names stay in English.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

/** Languages the console speaks. */
export const languages = ['en', 'zh-CN'] as const;
/** Language is one of languages. */
export type Language = (typeof languages)[number];

const KEY = 'everynode.lng';

function pick(value: string | null | undefined): Language | undefined {
  if (!value) return undefined;
  if (value.toLowerCase().startsWith('zh')) return 'zh-CN';
  if (value.toLowerCase().startsWith('en')) return 'en';
  return undefined;
}

/** initialLanguage picks the language at start. */
export function initialLanguage(): Language {
  return (
    pick(new URLSearchParams(window.location.search).get('lng')) ??
    pick(localStorage.getItem(KEY)) ??
    pick(navigator.language) ??
    'en'
  );
}

/** setLanguage switches and remembers the language. */
export async function setLanguage(lng: Language): Promise<void> {
  localStorage.setItem(KEY, lng);
  document.documentElement.lang = lng;
  await i18n.changeLanguage(lng);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
