// Writes the PWA icons (public/icon-192.png, public/icon-512.png, public/icon-maskable-512.png)
// with only Node's built-in modules: a blue square with a white case folder ("teczka") drawn
// inside the central safe zone, so the same picture also works as a maskable icon.
// Run: npm run icons  (the PNGs are committed; this is only needed to change them).
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BLUE = [11, 87, 208, 255];
const WHITE = [255, 255, 255, 255];
const LIGHT = [214, 228, 255, 255];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Colour of pixel (x, y) in a size×size icon, drawn in unit coordinates. */
function pixel(x, y, size) {
  const u = (x + 0.5) / size;
  const v = (y + 0.5) / size;
  const inRect = (x0, y0, x1, y1) => u >= x0 && u < x1 && v >= y0 && v < y1;
  if (inRect(0.24, 0.3, 0.46, 0.37)) return WHITE; // folder tab
  if (inRect(0.24, 0.36, 0.76, 0.72)) {
    return inRect(0.24, 0.44, 0.76, 0.47) ? LIGHT : WHITE; // folder body with a flap line
  }
  return BLUE;
}

function png(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y, size)).copy(row, 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const pub = fileURLToPath(new URL('../public/', import.meta.url));
writeFileSync(pub + 'icon-192.png', png(192));
writeFileSync(pub + 'icon-512.png', png(512));
writeFileSync(pub + 'icon-maskable-512.png', png(512));
console.log('icons written to', pub);
