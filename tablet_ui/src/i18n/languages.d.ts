// A message part built for one language (`./common?lang=pl`, see index.ts): only that
// language's export is used. The keys are typed by `MessageKey` in index.ts.
declare module '*?lang=pl' {
  export const pl: Record<string, string>;
}
declare module '*?lang=en' {
  export const en: Record<string, string>;
}
