// UTF-8 checks on byte ranges, without decoding to strings: names and users are kept as bytes
// on the hot path, so their validity and their length in characters are read from the bytes.

/**
 * Number of Unicode code points in bytes [start, end) of buf, or -1 when they are not valid
 * UTF-8 (overlong forms, surrogates, code points above U+10FFFF and truncated sequences are
 * invalid, as in the WHATWG decoder).
 */
export function utf8CodePoints(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let count = 0;
  while (i < end) {
    const c = buf[i];
    if (c < 0x80) {
      i++;
      count++;
      continue;
    }
    let more: number;
    // The allowed range of the second byte narrows for the forms that would be overlong,
    // surrogates or beyond U+10FFFF.
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return -1;
    if (i + more >= end) return -1;
    const c1 = buf[i + 1];
    if (c1 < lo || c1 > hi) return -1;
    for (let k = 2; k <= more; k++) {
      const ck = buf[i + k];
      if (ck < 0x80 || ck > 0xbf) return -1;
    }
    i += more + 1;
    count++;
  }
  return count;
}
