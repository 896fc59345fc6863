/**
 * The characters the PDF's built-in Helvetica can show (Windows-1252: all of Latin-1 and
 * € Š š Ž ž Œ œ Ÿ ƒ and typographic quotes and dashes). Anything else is folded to its base letter
 * when it has one (ł → l is not, ă → a is) and otherwise shown as "?": scripts beyond Latin need an
 * embedded font, which badges do not carry yet.
 */
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

function printable(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (
    (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.includes(char)
  );
}

const FOLDED: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ß: 'ß' };

export function badgeText(text: string): string {
  return Array.from(text.normalize('NFC'))
    .map((char) => {
      if (printable(char)) return char;
      if (FOLDED[char]) return FOLDED[char];
      // Drop accents from the outside in: "ễ" keeps its circumflex as "ê", which Latin-1 has.
      let marks = char.normalize('NFD');
      while (/[\u0300-\u036f]$/.test(marks)) {
        marks = marks.slice(0, -1);
        const base = marks.normalize('NFC');
        if (Array.from(base).every(printable)) return base;
      }
      return '?';
    })
    .join('');
}
