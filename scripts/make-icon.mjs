// @ts-check
// Draws the app icon, build/icon.png (512×512 RGBA), with Node built-ins only: a dark rounded
// square holding a tally gate (four strokes and a slash through them). electron-builder turns it
// into the .icns, .ico and Linux icon sets. Run: node scripts/make-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // per axis: 16 samples a pixel smooth the edges

const BACKGROUND = [20, 22, 26];
const STROKE = [94, 234, 212];
const SLASH = [251, 191, 36];

/**
 * Distance from (px, py) to a rounded rectangle (negative inside).
 * @param {number} px @param {number} py @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1 @param {number} r
 */
function roundedRect(px, py, x0, y0, x1, y1, r) {
  const qx = Math.abs(px - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(py - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/**
 * Distance from (px, py) to a segment with round caps of radius r (negative inside).
 * @param {number} px @param {number} py @param {number} ax @param {number} ay @param {number} bx @param {number} by @param {number} r
 */
function capsule(px, py, ax, ay, bx, by, r) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy) - r;
}

/** @type {[number, number, number, number][]} */
const strokes = [150, 218, 286, 354].map((x) => [x, 128, x, 384]);
/** @type {[number, number, number, number]} */
const slash = [104, 352, 408, 160];

/**
 * Colour and coverage at one sample point, painting back to front.
 * @param {number} x @param {number} y
 */
function sample(x, y) {
  if (roundedRect(x, y, 24, 24, 488, 488, 96) > 0) return null;
  if (capsule(x, y, ...slash, 22) <= 0) return SLASH;
  if (strokes.some((s) => capsule(x, y, ...s, 22) <= 0)) return STROKE;
  return BACKGROUND;
}

function render() {
  const rowBytes = 1 + SIZE * 4;
  const raw = Buffer.alloc(rowBytes * SIZE); // each row: filter byte 0, then RGBA
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = py * rowBytes + 1 + px * 4;
      if (a > 0) {
        raw[o] = Math.round(r / a);
        raw[o + 1] = Math.round(g / a);
        raw[o + 2] = Math.round(b / a);
        raw[o + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
      }
    }
  }
  return raw;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** @param {Buffer} raw */
function png(raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../build/icon.png', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, png(render()));
console.log(`wrote ${out.pathname} (${SIZE}×${SIZE})`);
