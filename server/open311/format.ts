// The two answer formats of Open311 GeoReport v2: XML (the spec's required one) and JSON, which the
// spec derives from the XML by the Spark convention — a list element becomes a JSON array of its
// children, an element a JSON object, an empty element null. Each answer is built once as plain
// data (`root` and `item` name the XML elements) and written in the format the path asked for.
import type { Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';

export const FORMATS = ['xml', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** A value of an answer's field: null is written as an empty element (XML) or null (JSON). */
export type Field = string | number | boolean | null;
export type Item = Record<string, Field>;

/** `services.json` -> {name: 'services', format: 'json'}; the name may itself hold dots (a service code). */
export function splitFormat(file: string): { name: string; format: Format | null } {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return { name: file, format: null };
  const given = file.slice(dot + 1).toLowerCase();
  return { name: file.slice(0, dot), format: (FORMATS as readonly string[]).includes(given) ? (given as Format) : null };
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true, processEntities: true });
/** Characters XML 1.0 cannot carry at all (C0 controls but tab, line feed, carriage return; U+FFFE/U+FFFF). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what the pattern is for
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Free text stored before this interface existed may hold control characters: XML gets U+FFFD in their place, never an unparseable document. */
function xmlSafe(item: Item): Item {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === 'string' ? v.replace(NOT_XML, '\uFFFD') : v]));
}

/** The XML document: the spec's declaration, then `<root>` holding one `<item>` per entry (or the single object's fields). */
export function toXml(root: string, item: string | null, data: readonly Item[] | Item): string {
  const body = Array.isArray(data) ? { [root]: data.length ? { [item ?? 'item']: data.map(xmlSafe) } : '' } : { [root]: xmlSafe(data as Item) };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(body) as string}`;
}

/** Writes an answer in the asked format, with the content types the spec names (UTF-8 both). */
export function sendAnswer(res: Response, format: Format, status: number, root: string, item: string | null, data: readonly Item[] | Item): void {
  res.status(status);
  if (format === 'json') res.type('application/json; charset=utf-8').send(JSON.stringify(data));
  else res.type('text/xml; charset=utf-8').send(toXml(root, item, data));
}
