import jsQR from 'jsqr';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';
import { PNG } from 'pngjs';
import { deflateSync, inflateSync } from 'node:zlib';

/** A stream's bytes with its FlateDecode undone (the only filter pdfkit writes). */
function streamBytes(stream: PDFRawStream): Buffer {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const raw = Buffer.from(stream.contents);
  return filter === PDFName.of('FlateDecode') ? inflateSync(raw) : raw;
}

/** Windows-1252 from 0x80 to 0x9f (the rest of the first 256 is Latin-1); pdfkit's WinAnsiEncoding. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const decoder = {
  decode: (bytes: Buffer) =>
    Array.from(bytes, (b) =>
      b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b),
    ).join(''),
};

/** The text a content stream shows (Tj and TJ operands), one entry per operator, Windows-1252 decoded. */
function shownText(content: string): string[] {
  const decode = (operand: string): string => {
    const parts: string[] = [];
    for (const m of operand.matchAll(/<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
      if (m[1] !== undefined)
        parts.push(decoder.decode(Buffer.from(m[1].replace(/\s/g, ''), 'hex')));
      else
        parts.push(
          m[2].replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
            /^[0-7]+$/.test(e)
              ? String.fromCharCode(parseInt(e, 8))
              : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ??
                e),
          ),
        );
    }
    return parts.join('');
  };
  const shown: string[] = [];
  for (const m of content.matchAll(
    /(\[(?:[^\]\\]|\\.)*\]|<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\))\s*(TJ|Tj)/g,
  ))
    shown.push(decode(m[1]));
  return shown;
}

export interface PdfPage {
  width: number;
  height: number;
  /** Each text-showing operator's string, in drawing order. */
  texts: string[];
}

/** Parses a PDF with pdf-lib and reads back what each page writes. */
export async function readPdf(bytes: Buffer): Promise<{ pages: PdfPage[]; document: PDFDocument }> {
  const document = await PDFDocument.load(bytes);
  const pages = document.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams: PDFRawStream[] = [];
    if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++)
        streams.push(contents.lookup(i, PDFStream) as PDFRawStream);
    } else if (contents) streams.push(contents as PDFRawStream);
    const text = streams.map((s) => streamBytes(s).toString('latin1')).join('\n');
    const { width, height } = page.getSize();
    return { width, height, texts: shownText(text) };
  });
  return { pages, document };
}

export interface PdfImage {
  width: number;
  height: number;
  /** RGBA, 8 bits a channel. */
  rgba: Uint8ClampedArray;
}

/** Undoes the PNG row filters of a /DecodeParms Predictor ≥ 10 image by reading it as a PNG. */
function unpredict(data: Buffer, width: number, height: number, colors: number): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = colors === 3 ? 2 : 0;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(data)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const decoded = PNG.sync.read(png);
  const out = Buffer.alloc(width * height * colors);
  for (let i = 0; i < width * height; i++)
    for (let c = 0; c < colors; c++) out[i * colors + c] = decoded.data[i * 4 + c];
  return out;
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Every image XObject of the PDF, decoded to RGBA pixels (8-bit grey or RGB, as pdfkit writes PNGs). */
export function pdfImages(document: PDFDocument): PdfImage[] {
  const images: PdfImage[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    if (object.dict.lookup(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    if (object.dict.lookup(PDFName.of('SMask')) === undefined && isSoftMask(document, object))
      continue;
    const width = (object.dict.lookup(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (object.dict.lookup(PDFName.of('Height')) as PDFNumber).asNumber();
    const space = object.dict.lookup(PDFName.of('ColorSpace'));
    const colors = space === PDFName.of('DeviceGray') ? 1 : 3;
    let data = streamBytes(object);
    const parms = object.dict.lookup(PDFName.of('DecodeParms'));
    const predictor = parms instanceof PDFDict ? parms.lookup(PDFName.of('Predictor')) : undefined;
    if (predictor instanceof PDFNumber && predictor.asNumber() >= 10)
      data = unpredict(data, width, height, colors);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = data[i * colors + (colors === 1 ? 0 : c)];
      rgba[i * 4 + 3] = 255;
    }
    images.push({ width, height, rgba });
  }
  return images;
}

/** Whether another image names this one as its /SMask (an alpha channel, not a picture). */
function isSoftMask(document: PDFDocument, candidate: PDFRawStream): boolean {
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const mask = object.dict.get(PDFName.of('SMask'));
    if (mask instanceof PDFRef && document.context.lookup(mask) === candidate) return true;
  }
  return false;
}

/** What a QR code image says, or null when jsQR finds none. */
export function decodeQr(image: PdfImage): string | null {
  return jsQR(image.rgba, image.width, image.height)?.data ?? null;
}
