// Reading a line's tags, when a window keeps them for an event: the JSON `tags` object (already
// checked to be an object of strings by the parser) or StatsD's `#k:v,k2:v2,flag`. Only lines with
// tags come here; their texts come from a cache (text-cache.ts), so repeated tags make no strings.
import * as ascii from './ascii';
import { JsonScanner } from './json-scan';
import { decodeJsonString } from './json-string';
import { TAGS_JSON, TAGS_STATSD, type ParsedEvent } from './parsed-event';
import { TextCache } from './text-cache';

const { CLOSE_BRACE, COLON, COMMA } = ascii;

/** Where a line's tags go: each tag of an occurrence worth `weight` (TagCounts). */
export interface TagSink {
  add(key: string, value: string, weight: number): void;
}

const scanner = new JsonScanner();
const texts = new TextCache();
let scratch = Buffer.alloc(256);

/** A JSON string's value: the contents between its quotes at [start, end), escapes decoded. */
function jsonText(buf: Buffer, start: number, end: number, escaped: boolean): string {
  if (!escaped) return texts.text(buf, start, end);
  if (scratch.length < end - start) scratch = Buffer.alloc(Math.max(end - start, scratch.length * 2));
  return texts.text(scratch, 0, decodeJsonString(buf, start, end, scratch));
}

function readJsonTags(buf: Buffer, start: number, end: number, sink: TagSink, weight: number): void {
  let i = scanner.ws(buf, start + 1, end); // past `{`
  while (i < end && buf[i] !== CLOSE_BRACE) {
    const keyEnd = scanner.string(buf, i, end);
    const key = jsonText(buf, i + 1, keyEnd - 1, scanner.escaped);
    i = scanner.ws(buf, scanner.ws(buf, keyEnd, end) + 1, end); // past `:`
    const valueEnd = scanner.string(buf, i, end);
    sink.add(key, jsonText(buf, i + 1, valueEnd - 1, scanner.escaped), weight);
    i = scanner.ws(buf, valueEnd, end);
    if (buf[i] === COMMA) i = scanner.ws(buf, i + 1, end);
  }
}

/** `k:v,k2:v2,flag`: a tag without `:` has the value "". */
function readStatsdTags(buf: Buffer, start: number, end: number, sink: TagSink, weight: number): void {
  let i = start;
  while (i < end) {
    let comma = i;
    let colon = -1;
    for (; comma < end && buf[comma] !== COMMA; comma++) if (colon < 0 && buf[comma] === COLON) colon = comma;
    if (comma > i) {
      if (colon < 0) sink.add(texts.text(buf, i, comma), '', weight);
      else sink.add(texts.text(buf, i, colon), texts.text(buf, colon + 1, comma), weight);
    }
    i = comma + 1;
  }
}

/** Adds each tag of the event (none when it has none) to `sink`, worth `weight`. */
export function readTags(ev: ParsedEvent, sink: TagSink, weight: number): void {
  if (ev.tagsFormat === TAGS_JSON) readJsonTags(ev.tagsBuf, ev.tagsStart, ev.tagsEnd, sink, weight);
  else if (ev.tagsFormat === TAGS_STATSD) readStatsdTags(ev.tagsBuf, ev.tagsStart, ev.tagsEnd, sink, weight);
}
