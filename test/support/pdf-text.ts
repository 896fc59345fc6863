import jsQR from 'jsqr';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { inflateSync } from 'node:zlib';

/** A parsed PDF's streams, inflated: what its pages draw and the images they show. */
async function streams(pdf: Buffer) {
  const doc = await PDFDocument.load(pdf);
  const found: { dict: PDFDict; bytes: Buffer }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const filter = object.dict.get(PDFName.of('Filter'));
    const raw = Buffer.from(object.contents);
    found.push({
      dict: object.dict,
      bytes: filter?.toString() === '/FlateDecode' ? inflateSync(raw) : raw,
    });
  }
  return { doc, found };
}

function decodeLiteral(text: string): string {
  return text.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, escape: string) => {
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
    if (simple[escape]) return simple[escape];
    if (/^[0-7]+$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return escape;
  });
}

/**
 * The text a PDF's pages draw, in drawing order, one text operation per line: hex and literal
 * strings of Tj and TJ operators decoded as WinAnsi (Latin-1 for what a test compares). A TJ
 * offset wide as a space counts as one.
 */
export async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const { doc, found } = await streams(pdf);
  const lines: string[] = [];
  for (const { dict, bytes } of found) {
    if (dict.get(PDFName.of('Subtype'))) continue;
    const content = bytes.toString('latin1');
    for (const match of content.matchAll(
      /(\[(?:[^\]\\]|\\.)*\])\s*TJ|(<[0-9a-fA-F\s]*>|\((?:[^)\\]|\\.)*\))\s*Tj/g,
    )) {
      const parts = match[1] ?? match[2];
      let line = '';
      for (const piece of parts.matchAll(
        /<([0-9a-fA-F\s]*)>|\(((?:[^)\\]|\\.)*)\)|(-?\d+(?:\.\d+)?)/g,
      )) {
        if (piece[1] !== undefined)
          line += Buffer.from(piece[1].replace(/\s/g, ''), 'hex').toString('latin1');
        else if (piece[2] !== undefined) line += decodeLiteral(piece[2]);
        else if (Number(piece[3]) <= -200) line += ' ';
      }
      lines.push(line);
    }
  }
  return { pages: doc.getPageCount(), text: lines.join('\n') };
}

function unpredict(data: Buffer, width: number, colors: number): Buffer {
  const stride = width * colors;
  const rows = data.length / (stride + 1);
  const out = Buffer.alloc(rows * stride);
  for (let y = 0; y < rows; y++) {
    const type = data[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x];
      const left = x >= colors ? out[y * stride + x - colors] : 0;
      const up = y > 0 ? out[(y - 1) * stride + x] : 0;
      const upLeft = y > 0 && x >= colors ? out[(y - 1) * stride + x - colors] : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, type === 4 ? paeth() : 0][type] ?? 0;
      out[y * stride + x] = (raw + predictor) & 0xff;
    }
  }
  return out;
}

/** Every QR code drawn as an image in the PDF, decoded (8-bit grey or RGB images). */
export async function pdfQrCodes(pdf: Buffer): Promise<string[]> {
  const { found } = await streams(pdf);
  const codes: string[] = [];
  for (const { dict, bytes } of found) {
    if (dict.get(PDFName.of('Subtype'))?.toString() !== '/Image') continue;
    if (
      dict.get(PDFName.of('SMask')) === undefined &&
      dict.get(PDFName.of('ColorSpace')) === undefined
    )
      continue;
    const width = (dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const colors = dict.get(PDFName.of('ColorSpace'))?.toString() === '/DeviceGray' ? 1 : 3;
    const parms = dict.get(PDFName.of('DecodeParms'));
    const pixels = parms ? unpredict(bytes, width, colors) : bytes;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * colors + (colors === 1 ? 0 : c)];
      rgba[i * 4 + 3] = 255;
    }
    const qr = jsQR(rgba, width, height);
    if (qr) codes.push(qr.data);
  }
  return codes;
}
