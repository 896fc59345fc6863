import { decodeQr, pdfImages, readPdf } from '../../test/support/pdf-reader';
import { BadgeFace, BadgeLayout, badgePdfBuffer } from './badge.pdf';

const face = (n: number): BadgeFace => ({
  name: `Awa Ndiaye-Diallo ${n}`,
  position: 'Programme officer',
  organisation: 'Réseau des migrants',
  country: 'Senegal',
  consultation: 'Migrants and Development',
  dates: '13 – 14 September 2027',
  place: 'IOM Headquarters, Geneva',
  host: 'International Organization for Migration',
  code: `CV1.${String(n).padStart(3, '0')}${'Ab-_'.repeat(33)}x`,
  shortCode: `ABCD${n}`,
});

describe('badge PDF', () => {
  it.each([
    [1, 9, 9, 298, 420],
    [4, 9, 3, 595, 842],
    [8, 9, 2, 595, 842],
  ] as const)(
    'lays %i badge(s) a page: %i badges on %i pages of %ix%i points, each with its name, code and a QR code that reads back',
    async (layout: BadgeLayout, count, pages, width, height) => {
      const faces = Array.from({ length: count }, (_, i) => face(i + 1));
      const pdf = await readPdf(await badgePdfBuffer(faces, layout, 'Badges'));
      expect(pdf.pages).toHaveLength(pages);
      expect(Math.round(pdf.pages[0].width)).toBe(width);
      expect(Math.round(pdf.pages[0].height)).toBe(height);
      const text = pdf.pages.flatMap((p) => p.texts).join('\n');
      for (const f of faces) {
        expect(text).toContain(f.name);
        expect(text.replace(/\n/g, '')).toContain(f.code);
      }
      expect(text).toContain('Réseau des migrants');
      expect(text).toContain('13 – 14 September 2027 · IOM Headquarters, Geneva');
      const codes = pdfImages(pdf.document).map(decodeQr);
      expect(codes.sort()).toEqual(faces.map((f) => f.code).sort());
    },
  );

  it('shows Latin-1 as it is and folds what Helvetica cannot draw', async () => {
    const pdf = await readPdf(
      await badgePdfBuffer([{ ...face(1), name: 'Zoë Łukasz Nguyễn 王' }], 1, 'x'),
    );
    expect(pdf.pages[0].texts).toContain('Zoë Lukasz Nguyên ?');
  });
});
