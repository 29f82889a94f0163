// The masker and the text normaliser against disguise (fast-check): generated mobile, landline, ID
// card and bank card numbers, e-mail addresses and names, wrapped in generated disguises — other
// separators between the digits (dots, slashes, brackets, underscores), zero-width and other
// invisible characters inside, full-width digits and ＠, the whole written backwards under a
// right-to-left override — in a citizen's sentence. None may survive maskPersonalData: no run of the
// number's digits, no e-mail's local part, no full name. FUZZ_RUNS scales it (npm run test:fuzz).
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { maskPersonalData } from '../../shared/masking.ts';
import { plainText } from '../../shared/plainText.ts';
import { check, createTally } from './support/fuzzRun.ts';

const tally = createTally('masking');
afterAll(() => tally.report());

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([second, rest]) => `1${second}${rest}`);
const landline = fc
  .tuple(fc.constantFrom('022', '010', '0311'), fc.integer({ min: 2, max: 9 }), digits(7))
  .map(([area, first, rest]) => `${area}${first}${rest}`);
const idCard = fc
  .tuple(
    fc.constantFrom('120101', '120106', '110105'),
    fc.integer({ min: 1930, max: 2010 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    digits(3),
    fc.constantFrom('0', '5', '9', 'X'),
  )
  .map(([region, y, m, d, seq, check]) => `${region}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}${check}`);
const bankCard = fc.tuple(fc.constantFrom('6222', '6217', '4367'), digits(12)).map(([bin, rest]) => `${bin}${rest}`);

/** What may stand between two digits of a disguised number. */
const SEPARATORS = ['', ' ', '-', '.', '/', '_', '·', '\u200b', '\u200d', '\u00ad', '\ufeff', '\u2060', '\u3000', '－', '．'];
const separated = (n: string) =>
  fc.array(fc.constantFrom(...SEPARATORS), { minLength: n.length, maxLength: n.length }).map((seps) => [...n].map((c, i) => (i ? seps[i] : '') + c).join(''));
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z@]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Written backwards under RLO: a browser shows it forwards. */
const reversedUnderRlo = (s: string) => `\u202e${[...s].reverse().join('')}\u202c`;
/** A landline's area code in brackets: (022), (0311). */
const bracketedArea = (n: string) => {
  const area = ['022', '010', '0311'].find((a) => n.startsWith(a) && n.length === a.length + 8);
  return area ? `(${area})${n.slice(area.length)}` : n;
};

const disguised = (n: string) =>
  fc
    .tuple(separated(bracketedArea(n)), fc.boolean(), fc.boolean())
    .map(([s, wide, backwards]) => (backwards ? reversedUnderRlo(wide ? fullWidth(s) : s) : wide ? fullWidth(s) : s));
const sentence = (inner: string) =>
  fc.constantFrom(`联系电话${inner}请回电`, `市民反映，电话：${inner}。`, `身份证号${inner}，卡号见附件`, `${inner}`).map((s) => s);

const onlyDigits = (s: string) => plainText(s).replace(/[^0-9Xx]/g, '');

describe('masking against disguise', () => {
  for (const [kind, numbers] of [
    ['mobile', mobile],
    ['landline', landline],
    ['ID card', idCard],
    ['bank card', bankCard],
  ] as const) {
    it(`leaves no ${kind} number in any disguise`, async () => {
      await check(
        `masking: ${kind}`,
        fc.asyncProperty(
          numbers.chain((n) => disguised(n).chain((d) => sentence(d).map((text) => ({ n, text })))),
          async ({ n, text }) => {
            const out = maskPersonalData(text);
            const survived = onlyDigits(out).includes(n.replace(/^\((\d+)\)/, '$1'));
            tally.count(kind, survived ? 'survived' : 'masked');
            if (survived) throw new Error(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
          },
        ),
      );
    });
  }

  it('leaves no e-mail address, full-width ＠ and invisible characters included', async () => {
    const local = fc.stringMatching(/^[a-z][a-z0-9._]{2,10}[a-z0-9]$/);
    const domain = fc.constantFrom('qq.com', '163.com', 'tj.gov.cn', 'example.cn');
    await check(
      'masking: e-mail',
      fc.asyncProperty(fc.tuple(local, domain, fc.boolean(), fc.constantFrom('', '\u200b', '\u00ad')), async ([user, host, wide, zw]) => {
        const address = `${user}@${host}`;
        const written = [...(wide ? fullWidth(address) : address)].join(zw);
        const out = maskPersonalData(`邮箱${written}请联系`);
        const survived = plainText(out).includes(`${user}@`);
        tally.count('e-mail', survived ? 'survived' : 'masked');
        if (survived) throw new Error(`${JSON.stringify(written)} -> ${JSON.stringify(out)}`);
      }),
    );
  });

  it('leaves no full name with a role word before it, invisible characters inside it', async () => {
    const surname = fc.constantFrom('张', '王', '李', '刘', '陈', '欧阳');
    const given = fc.constantFrom('晓明', '建国', '秀英', '娜', '强', '志刚');
    await check(
      'masking: names',
      fc.asyncProperty(fc.tuple(surname, given, fc.constantFrom('', '\u200b', '\u200d', '\u00ad', '\u2060')), async ([s, g, zw]) => {
        const out = maskPersonalData(`市民${[...`${s}${g}`].join(zw)}反映楼道堆物`);
        const survived = out.includes(`${s}${g}`);
        tally.count('names', survived ? 'survived' : 'masked');
        if (survived) throw new Error(`${s}${g} -> ${JSON.stringify(out)}`);
      }),
    );
  });
});
