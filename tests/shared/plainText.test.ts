// The one normalisation of inbound text (shared/plainText.ts), by hand-made examples.
import { describe, expect, it } from 'vitest';
import { isPlainText, plainText } from '../../shared/plainText.ts';

describe('plain text', () => {
  it('removes control and format characters, keeping line feeds', () => {
    expect(plainText('垃圾\u0000堆放\u0007\u001b[31m未清运')).toBe('垃圾堆放[31m未清运');
    expect(plainText('\ufeff路灯\u200b不亮\u200d\u2060\u00ad')).toBe('路灯不亮');
    expect(plainText('第一行\r\n第二行\u2028第三行\u2029第四行\r第五行')).toBe('第一行\n第二行\n第三行\n第四行\n第五行');
    expect(plainText('a\tb')).toBe('a b');
  });

  it('never keeps a bidi control; a right-to-left override’s run is stored as it was seen', () => {
    expect(plainText('电话\u202e8765 4321 831\u202c请回电')).toBe('电话138 1234 5678请回电');
    expect(plainText('电话\u202e8765 4321 831')).toBe('电话138 1234 5678'); // to the end without a PDF
    expect(plainText('a\u202ab\u202bc\u202dd\u2066e\u2067f\u2068g\u2069h\u200ei\u200fj\u061ck')).toBe('abcdefghijk');
  });

  it('makes full-width and other compatibility letters and digits plain, and leaves Chinese punctuation', () => {
    expect(plainText('电话：１３８１２３４５６７８，邮箱ａｂｃ＠ｑｑ．ｃｏｍ（工作日）')).toBe('电话：13812345678，邮箱abc@qq.com（工作日）');
    expect(plainText('①号楼 𝟏𝟐 ５０㎡')).toBe('1号楼 12 50m2');
    expect(plainText('市民反映：「垃圾」未清运！')).toBe('市民反映：「垃圾」未清运！');
  });

  it('composes what is decomposed (NFC) and is idempotent', () => {
    expect(plainText('Cafe\u0301')).toBe('Café');
    const once = plainText('\u202e１２\u200b３\u202c，\u0000ｘ');
    expect(plainText(once)).toBe(once);
    expect(isPlainText(once)).toBe(true);
    expect(isPlainText('a\u200bb')).toBe(false);
  });
});
