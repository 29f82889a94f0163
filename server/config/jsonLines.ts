// The line of each value in a JSON text, by its path ("dutyList.3.category"), so that a refused
// configuration file names the line an editor jumps to, not only the path. A small scanner over text
// JSON.parse has already accepted: it does not validate, it only counts lines.

/** Line numbers (1-based) of every value's start, keyed by its dotted path ('' is the whole file). */
export function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const string = (): string => {
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string) => {
    skip();
    lines.set(path, line);
    const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
    const c = text[i];
    if (c === '{') {
      i++;
      for (;;) {
        skip();
        if (text[i] === '}') break;
        if (text[i] === ',') {
          i++;
          continue;
        }
        const key = string();
        skip();
        i++; // the colon
        value(at(key));
      }
      i++;
    } else if (c === '[') {
      i++;
      for (let n = 0; ; ) {
        skip();
        if (text[i] === ']') break;
        if (text[i] === ',') {
          i++;
          continue;
        }
        value(at(n++));
      }
      i++;
    } else if (c === '"') string();
    else while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
  };
  value('');
  return lines;
}

/** The line of `path`, or of its nearest ancestor that has one (a missing field's object). */
export function lineOf(lines: Map<string, number>, path: string): number {
  for (let p = path; ; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const n = lines.get(p);
    if (n !== undefined || p === '') return n ?? 1;
  }
}
