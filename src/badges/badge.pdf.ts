import PDFDocument from 'pdfkit';
import { badgeText } from './badge-text';
import { qrPng } from './qr-png';

/** What one badge shows, already in the reader's language. */
export interface BadgeFace {
  name: string;
  position: string;
  organisation: string;
  country: string;
  consultation: string;
  dates: string;
  place: string;
  host: string;
  code: string;
  shortCode: string;
}

/** One A6 badge a page, or an A4 sheet of 4 (2 × 2, each A6) or 8 (2 × 4) for staff to cut. */
export type BadgeLayout = 1 | 4 | 8;

const A4: [number, number] = [595.28, 841.89];
const A6: [number, number] = [297.64, 419.53];
const CODE_LINE = 46;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function cells(layout: BadgeLayout): Box[] {
  if (layout === 1) return [{ x: 0, y: 0, w: A6[0], h: A6[1] }];
  const rows = layout / 2;
  const w = A4[0] / 2;
  const h = A4[1] / rows;
  return Array.from({ length: layout }, (_, i) => ({
    x: (i % 2) * w,
    y: Math.floor(i / 2) * h,
    w,
    h,
  }));
}

/** Writes one line, shrinking the font until it fits the width (a long name stays on one line). */
function fitted(doc: PDFKit.PDFDocument, text: string, box: Box, y: number, size: number) {
  let fontSize = size;
  doc.fontSize(fontSize);
  while (fontSize > 6 && doc.widthOfString(text) > box.w) doc.fontSize(--fontSize);
  doc.text(text, box.x, y, { width: box.w, align: 'center', lineBreak: false });
  return y + fontSize * 1.25;
}

/** The code beneath the QR code, in fixed-width lines, so a person can compare or type it. */
function codeLines(code: string): string {
  return code.match(new RegExp(`.{1,${CODE_LINE}}`, 'g'))!.join('\n');
}

function drawBadge(doc: PDFKit.PDFDocument, face: BadgeFace, cell: Box, cut: boolean) {
  const pad = cell.w * 0.07;
  const box = { x: cell.x + pad, y: cell.y + pad, w: cell.w - 2 * pad, h: cell.h - 2 * pad };
  if (cut)
    doc
      .save()
      .lineWidth(0.3)
      .dash(3, { space: 3 })
      .rect(cell.x, cell.y, cell.w, cell.h)
      .stroke('#999999')
      .restore();
  const scale = Math.min(1, cell.h / A6[1] + 0.2);
  let y = box.y;
  doc.fillColor('#444444').font('Helvetica');
  y = fitted(doc, badgeText(face.host), box, y, 8 * scale);
  doc.fillColor('#000000').font('Helvetica-Bold');
  y = fitted(doc, badgeText(face.consultation), box, y, 10 * scale);
  doc.font('Helvetica');
  y = fitted(doc, badgeText(`${face.dates} · ${face.place}`), box, y, 8 * scale);
  y += 8 * scale;
  doc.font('Helvetica-Bold');
  y = fitted(doc, badgeText(face.name), box, y, 20 * scale);
  doc.font('Helvetica');
  if (face.position) y = fitted(doc, badgeText(face.position), box, y, 10 * scale);
  y = fitted(doc, badgeText(face.organisation), box, y, 11 * scale);
  y = fitted(doc, badgeText(face.country), box, y, 10 * scale);
  const codeHeight = 4 * 5.5 * scale + 12 * scale;
  const qrSize = Math.max(60, Math.min(box.w * 0.6, box.y + box.h - y - codeHeight - 4));
  const png = qrPng(face.code);
  doc.image(png, box.x + (box.w - qrSize) / 2, y + 2, { width: qrSize, height: qrSize });
  y += qrSize + 4;
  doc.font('Helvetica-Bold');
  y = fitted(doc, face.shortCode, box, y, 9 * scale);
  doc.font('Courier').fontSize(4.6 * scale);
  doc.text(codeLines(face.code), box.x, y, { width: box.w, align: 'center', lineGap: 0.5 });
}

/**
 * The badges as a PDF stream, drawn as it is read: nothing is stored. Fonts are the PDF's built-in
 * Helvetica and Courier (Windows-1252, which covers Latin-1; see badge-text.ts for other scripts).
 */
export function badgePdf(
  faces: BadgeFace[],
  layout: BadgeLayout,
  title: string,
): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: layout === 1 ? A6 : A4,
    margin: 0,
    autoFirstPage: false,
    info: { Title: badgeText(title), Creator: 'Convene' },
  });
  const boxes = cells(layout);
  void (async () => {
    try {
      for (const [i, face] of faces.entries()) {
        if (i % layout === 0) {
          // A page at a time, so a sheet of 500 never holds the event loop for long.
          await new Promise((resolve) => setImmediate(resolve));
          doc.addPage();
        }
        drawBadge(doc, face, boxes[i % layout], layout !== 1);
      }
      if (!faces.length) doc.addPage();
      doc.end();
    } catch (error) {
      doc.emit('error', error);
    }
  })();
  return doc;
}

/** The whole PDF in memory, for a mail attachment (rendered by the worker at send time). */
export function badgePdfBuffer(
  faces: BadgeFace[],
  layout: BadgeLayout,
  title: string,
): Promise<Buffer> {
  const doc = badgePdf(faces, layout, title);
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
