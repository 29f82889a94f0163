import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../shared/masking.ts';

describe('personal data masking', () => {
  it.each([
    ['市民反映小区门口垃圾堆放，联系电话13812345678', '13812345678'],
    ['联系电话：138 1234 5678，请回电', '138 1234 5678'],
    ['联系电话１３８１２３４５６７８', '１３８１２３４５６７８'],
    ['座机022-23456789有人接听', '23456789'],
    ['身份证号120101199001011234', '120101199001011234'],
    ['身份证 12010119900101123X 的居民', '12010119900101123X'],
  ])('masks the number in %s', (text, secret) => {
    const masked = maskPersonalData(text);
    expect(masked).not.toContain(secret);
    expect(masked).not.toMatch(/\d{7,}/);
  });

  it('masks house numbers but keeps the place and the problem', () => {
    expect(maskPersonalData('河东区某小区3号楼2单元漏水')).toBe('河东区某小区*号楼*单元漏水');
  });

  it('leaves hotline names and short numbers alone', () => {
    expect(maskPersonalData('12345热线转办：路灯不亮')).toBe('12345热线转办：路灯不亮');
  });
});
