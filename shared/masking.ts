// Personal-data masking for anything that reaches a wall screen or a log line (invariant 7).
// Thin but real: mobile and landline numbers, ID-card numbers and house numbers, including
// full-width digits and digits separated by spaces or dashes. Names are masked by the security issue.
const FULL_WIDTH_DIGIT = /[０-９]/g;

function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

const SEP = '[\\s-]?';
const d = (n: number) => Array.from({ length: n }, () => '\\d').join(SEP);
const ID_CARD = new RegExp(`(?<!\\d)${d(17)}${SEP}[\\dXx](?!\\d)`, 'g');
const MOBILE = new RegExp(`(?<!\\d)1${SEP}[3-9]${SEP}${d(9)}(?!\\d)`, 'g');
const LANDLINE = /(?<!\d)(0\d{2,3}[\s-]?)?\d{7,8}(?!\d)/g;
const HOUSE_NUMBER = /\d+\s*(号楼|号院|号|栋|单元|室)/g;

export function maskPersonalData(text: string): string {
  return toHalfWidth(text)
    .replace(ID_CARD, '[身份证号]')
    .replace(MOBILE, '[电话]')
    .replace(LANDLINE, '[电话]')
    .replace(HOUSE_NUMBER, '*$1');
}

/** A person's name as a screen may show it: 张三 -> 张*, 王小明 -> 王*明, 欧阳娜娜 -> 欧**娜. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
