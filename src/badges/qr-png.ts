import QRCode from 'qrcode';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const out = Buffer.alloc(typed.length + 8);
  out.writeUInt32BE(body.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), typed.length + 4);
  return out;
}

/**
 * The QR code of `text` as an 8-bit greyscale PNG without alpha, `scale` pixels a module and a
 * quiet zone of `margin` modules. pdfkit embeds such a PNG's data as it is, where the RGBA PNG of
 * `qrcode` would be decoded and split into colour and alpha for every badge (twenty times slower
 * on a sheet of 500).
 */
export function qrPng(text: string, scale = 4, margin = 2): Buffer {
  // One byte-mode segment: the code is ASCII, and letting qrcode search the cheapest mix of modes
  // costs more than everything else on the badge.
  const { modules } = QRCode.create([{ data: Buffer.from(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  const size = (modules.size + 2 * margin) * scale;
  const stride = size + 1; // a filter byte (0: none) before each row
  const rows = Buffer.alloc(stride * size, 0xff);
  for (let row = 0; row < modules.size; row++) {
    const first = (row + margin) * scale * stride;
    rows[first] = 0;
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      const x = first + 1 + (column + margin) * scale;
      rows.fill(0, x, x + scale);
    }
    for (let copy = 1; copy < scale; copy++)
      rows.copy(rows, first + copy * stride, first, first + stride);
  }
  for (let y = 0; y < size; y++) rows[y * stride] = 0;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per sample
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
