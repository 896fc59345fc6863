/** Lower-case, without accents or punctuation: "Médecins Sans Frontières" → "medecins sans frontieres". */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words a directory search can start with, for the name and the acronym. */
export function searchTerms(name: string, acronym: string | null): string[] {
  const words = `${normalise(name)} ${acronym ? normalise(acronym) : ''}`
    .split(' ')
    .filter(Boolean);
  if (acronym) words.push(normalise(acronym).replace(/ /g, ''));
  return [...new Set(words)].map((word) => word.slice(0, 60));
}

/** The upper bound of a prefix range: every string starting with `prefix` sorts below it. */
export function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}
