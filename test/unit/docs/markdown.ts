// Just enough Markdown reading for the docs test: fenced blocks, inline code, headings with the
// anchors GitHub gives them, pipe tables and links. Deliberately small: the docs are ours, and a
// construct this does not read (a table in HTML, say) shows up as a missing entry, not a pass.

export interface CodeBlock {
  /** The info string's first word (`csv`, `sh`), or ''. */
  lang: string;
  text: string;
}

export interface Heading {
  level: number;
  text: string;
  /** Text of the heading's section: up to the next heading of the same or a higher level. */
  body: string;
}

export interface Link {
  target: string;
  /** The line it is on, for messages. */
  line: number;
}

// An opening fence, its info string's first word, the block, and the closing fence of the same indent.
const FENCE = /^([ \t]*)(```+|~~~+)[ \t]*([^\s`]*)[^\n]*\n([\s\S]*?)\n\1\2[ \t]*$/gm;

export function codeBlocks(md: string): CodeBlock[] {
  return [...md.matchAll(FENCE)].map((m) => ({ lang: m[3], text: m[4] }));
}

/** The text with every fenced block blanked (its lines kept, so line numbers still match). */
export function withoutCodeBlocks(md: string): string {
  return md.replace(FENCE, (block) => block.replace(/[^\n]/g, ''));
}

/** Contents of the inline code spans outside fenced blocks (a span may cross a line break). */
export function inlineCode(md: string): string[] {
  return [...withoutCodeBlocks(md).matchAll(/(`+)([^`][\s\S]*?)\1(?!`)/g)].map((m) => m[2].replace(/\s*\n\s*/g, ' ').trim());
}

/** The lines of shell in fenced blocks (`sh`, `bash` or none), a trailing `\` joining a line to the next. */
export function shellLines(md: string): string[] {
  return codeBlocks(md)
    .filter((b) => ['', 'sh', 'bash', 'shell', 'console'].includes(b.lang))
    .flatMap((b) => b.text.replace(/\\\n/g, ' ').split('\n'));
}

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
export function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function headings(md: string): Heading[] {
  const lines = withoutCodeBlocks(md).split('\n');
  const raw = lines.flatMap((line, i) => {
    const m = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    return m ? [{ level: m[1].length, text: m[2], at: i }] : [];
  });
  const source = md.split('\n');
  return raw.map((h, k) => {
    const next = raw.slice(k + 1).find((o) => o.level <= h.level);
    return { level: h.level, text: h.text, body: source.slice(h.at + 1, next ? next.at : source.length).join('\n') };
  });
}

/** The anchors of a file's headings, with GitHub's `-1`, `-2` suffixes for repeats. */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings(md)) {
    const base = slug(h.text.replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The section under the heading whose text is `text` (exactly), or throws: a renamed heading must fail loudly. */
export function section(md: string, text: string): string {
  const h = headings(md).find((x) => x.text === text);
  if (!h) throw new Error(`no heading "${text}"`);
  return h.body;
}

/**
 * The rows of the pipe tables in `md` (outside fenced blocks), as trimmed cells; `\|` is a pipe
 * inside a cell, and a cell that is one code span loses its backticks. Separator rows are left out.
 */
export function tableRows(md: string): string[][] {
  return withoutCodeBlocks(md)
    .split('\n')
    .filter((line) => /^\s*\|.*\|\s*$/.test(line) && !/^\s*\|[\s:|-]+\|\s*$/.test(line))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) =>
          cell
            .trim()
            .replace(/\\\|/g, '|')
            .replace(/^`([^`]*)`$/, '$1'),
        ),
    );
}

/** Links `[text](target)` and images outside code, with their line numbers. */
export function links(md: string): Link[] {
  const text = withoutCodeBlocks(md).replace(/`[^`]*`/g, (code) => code.replace(/[^\n]/g, ' '));
  const out: Link[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1], line: i + 1 });
  });
  return out;
}
