// A wall's name in the UI's language: config names are "中文 · English".
export function localName(name: string, locale: string): string {
  const [zh, en] = name.split(' · ');
  return (locale === 'en' ? (en ?? zh) : zh) ?? name;
}
