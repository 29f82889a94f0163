// The personal-data masking policy (shared/masking.ts) on realistic 12345-hotline texts: names by
// their context (single and compound surnames, 2-4 characters, several in one text, next to phone
// numbers), phone numbers (spaced, dashed, full-width, +86), ID cards (X, full-width), plates (new
// energy, with a dot or spaces), house numbers; and the words, dates, amounts, counts, places and
// grid codes that must stay as they are.
import { describe, expect, it } from 'vitest';
import { maskPersonalData, maskPersonName } from '../../shared/masking.ts';

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

  // the disguises of the hostile review (issue 23), each exactly as it was sent
  it.each([
    ['dots', '电话138.1234.5678请回电', '电话[电话]请回电'],
    ['slashes', '电话138/1234/5678', '电话[电话]'],
    ['brackets', '座机(022)2345-6789', '座机[电话]'],
    ['zero-width spaces', '电话138\u200b1234\u200b5678', '电话[电话]'],
    ['a zero-width joiner and a soft hyphen', '身份证120101\u200d19900101\u00ad1234', '身份证[身份证号]'],
    ['full-width digits with zero-width ones between', '电话１３８\u200b１２３４\u200b５６７８', '电话[电话]'],
    ['a full-width ＠', '邮箱zhangsan＠qq.com', '邮箱[邮箱]'],
    ['written backwards under a right-to-left override', '电话\u202e8765 4321 831\u202c请回电', '电话[电话]请回电'],
    ['a name with a zero-width space inside', '市民张\u200b晓明反映', '市民张*明反映'],
  ])('masks a number or a name disguised by %s', (_how, text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it('keeps dates written with dots and slashes, times and amounts', () => {
    for (const text of ['2026.11.24起停水', '2026/11/24 10:30', '维修费1.5万元', '第3.2.1条']) expect(maskPersonalData(text)).toBe(text);
  });
});

describe('names in free text', () => {
  it.each([
    // single surnames, two and three characters, after a role word or before a reporting verb
    ['市民张晓明来电反映小区门口生活垃圾堆放未清运', '市民张*明来电反映小区门口生活垃圾堆放未清运'],
    ['市民张强反映楼道灯不亮', '市民张*反映楼道灯不亮'],
    ['居民李娜家中暖气不热，已持续三天', '居民李*家中暖气不热，已持续三天'],
    ['业主刘洋与物业因停车费发生争执', '业主刘*与物业因停车费发生争执'],
    ['村民田建军反映，村口石桥护栏损坏，高温天气路面开裂，何时修复', '村民田*军反映，村口石桥护栏损坏，高温天气路面开裂，何时修复'],
    ['小区张晓明反映楼上漏水', '小区张*明反映楼上漏水'],
    ['张晓明（男，56岁）反映邻居占用楼道', '张*明（男，56岁）反映邻居占用楼道'],
    ['老人王秀英独居，申请助餐服务', '老人王*英独居，申请助餐服务'],
    ['一位叫李建华的老人走失', '一位叫李*华的老人走失'],
    ['户主为张晓明，常年不在家', '户主为张*明，常年不在家'],
    ['市民常女士反映：楼上住户王建国家漏水，物业不处理', '市民常女士反映：楼上住户王*国家漏水，物业不处理'],
    ['业主于晓光反映物业收费不合理', '业主于*光反映物业收费不合理'],
    // compound surnames: 欧阳娜娜 -> 欧**娜
    ['居民欧阳娜娜投诉广场舞音响声音过大', '居民欧**娜投诉广场舞音响声音过大'],
    ['联系人：欧阳建国、诸葛亮亮', '联系人：欧**国、诸**亮'],
    // several names in one text, listed or each with its cue
    ['举报人孙丽丽、钱伟称，工地拖欠5名工人工资共计12万元', '举报人孙*丽、钱*称，工地拖欠5名工人工资共计12万元'],
    ['市民张三和李四反映小区停水未通知', '市民张*和李*反映小区停水未通知'],
    ['张晓明、李娜反映楼道堆物，网格员赵志刚已到场', '张*明、李*反映楼道堆物，网格员赵*刚已到场'],
    ['张强等人反映小区停水未通知', '张*等人反映小区停水未通知'],
    // next to a phone number, after 联系人：
    ['联系人：王建国，电话138 1234 5678', '联系人：王*国，电话[电话]'],
    ['联系人张晓明13812345678，请回电', '联系人张*明[电话]，请回电'],
    ['投诉人：周建华，电话：022 2345 6789，反映邻居家装修噪声', '投诉人：周*华，电话：[电话]，反映邻居家装修噪声'],
    ['南开区万兴街道居民万红梅反映供暖不热，联系电话１３９ ８７６５ ４３２１', '南开区万兴街道居民万*梅反映供暖不热，联系电话[电话]'],
    ['来电人称其母亲王秀兰（身份证号120103195803152228）独居', '来电人称其母亲王*兰（身份证号[身份证号]）独居'],
    // a short field that is a name and nothing else (an escalation's `by`)
    ['王建国', '王*国'],
    ['欧阳娜娜', '欧**娜'],
  ])('%s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    // forms of address and anonymised names identify nobody
    '市民王先生反映小区门口垃圾未清运',
    '李女士来电咨询供暖时间',
    '张师傅称已维修',
    '王某反映邻居噪音',
    '刘某某投诉物业',
    '邻居王大爷反映楼道堆物',
    // words that begin with a surname character
    '周边居民反映上周五夜间施工噪声',
    '马路上车辆违章停放',
    '高温天气路面开裂',
    '黄色液体流入河道',
    '方向指示牌损坏',
    '安全隐患任何时间都可能发生',
    '居民张贴小广告',
    '居民向社区反映',
    '市民于今日来电',
    '施工方称已办理许可',
    '市民路过时发现井盖缺失',
    '车主称车位被占',
    '谢谢',
    // places: districts, streets, villages, roads
    '和平区南京路街道',
    '河东区王家庄村民反映',
    '西青区张家窝镇',
    '武清区',
    '宁河区',
    '高新区',
    '黄河道与白堤路交口',
    '卫津路金街附近',
    '小区西门口',
    // dates, times, amounts, counts, metro lines, years, units and the ones that acted
    '2026年11月24日14:30左右',
    '11月2号晚',
    '罚款300元',
    '涉及3户居民，5辆车',
    '地铁1号线',
    '2025-2026年度',
    '共计5000000元',
    '街道吹哨',
    '区级职能部门',
    '街道综合执法队',
    // a grid code (15 digits) is not personal: it stays
    '网格120101001001001巡查发现',
    '120101001001001',
  ])('leaves %s as it is', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('numbers in free text', () => {
  it.each([
    // phones: spaced, dashed, full-width, +86, landlines with area code in brackets
    ['+86 138 1234 5678', '[电话]'],
    ['联系方式8613912345678', '联系方式[电话]'],
    ['手机：139-1234-5678', '手机：[电话]'],
    ['座机０２２－２３４５６７８９', '座机[电话]'],
    ['座机（022）2345 6789', '座机[电话]'],
    ['电话2345-6789', '电话[电话]'],
    // ID cards: 18 digits with X, full-width, spaced; a 15-digit first-generation number with a birth date
    ['身份证１２０１０１１９９００１０１１２３Ｘ', '身份证[身份证号]'],
    ['身份证号 120101 19900101 123x', '身份证号 [身份证号]'],
    ['老身份证120101900101123', '老身份证[身份证号]'],
    ['银行卡6222 0212 3456 7890 123', '银行卡[卡号]'],
    // plates: province and letter kept, the rest masked (a new-energy plate has one more)
    ['车牌号津A·12345的轿车', '车牌号津A*****的轿车'],
    ['津A12345长期占用消防通道', '津A*****长期占用消防通道'],
    ['车牌津 A 1234 5', '车牌津A*****'],
    ['新能源车津AD12345', '新能源车津A******'],
    ['全角津Ａ１２３４５', '全角津A*****'],
    ['车主王建国的车辆津B88888占道', '车主王*国的车辆津B*****占道'],
    // house numbers
    ['12号楼3单元501室漏水', '*号楼*单元*室漏水'],
    ['全角１２号院门口', '全角*号院门口'],
    ['5号楼3门502楼道堆物', '*号楼*门*楼道堆物'],
    ['河东区大王庄街道3-2-501住户', '河东区大王庄街道*-*-*住户'],
    ['3号楼张晓明家漏水', '*号楼张*明家漏水'],
  ])('%s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it('masks everything at once in a long hotline record, and the problem stays readable', () => {
    const text =
      '市民张晓明（身份证号12010119900101123X，电话138 1234 5678）来电反映：河西区友谊路街道某小区12号楼3单元501室楼下，车牌津A·D1234 5的轿车长期占用消防通道，邻居李娜、欧阳建国也曾反映，请尽快处理。';
    expect(maskPersonalData(text)).toBe(
      '市民张*明（身份证号[身份证号]，电话[电话]）来电反映：河西区友谊路街道某小区*号楼*单元*室楼下，车牌津A******的轿车长期占用消防通道，邻居李*、欧**国也曾反映，请尽快处理。',
    );
  });

  it('is a name-masking rule for fields that are names', () => {
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('王小明')).toBe('王*明');
    expect(maskPersonName('欧阳娜娜')).toBe('欧**娜');
  });
});

describe('what a new user found unmasked (masking policy 3)', () => {
  it.each([
    ['非本单位职责，请联系王小明（津A·12345车主）', '非本单位职责，请联系王*明（津A*****车主）'],
    ['已转告李娜处理，回访张先生满意', '已转告李*处理，回访张先生满意'],
    ['请回电一三八一二三四五六七八', '请回电[电话]'],
    ['请回电 幺三八 一二三四 五六七八', '请回电 [电话]'],
    ['邮箱wangxm@163.com，微信wxm13812345678', '邮箱[邮箱]，微信[账号]'],
    ['QQ号：123456789，微信号: wang_xm-1990', 'QQ号：[账号]，微信号: [账号]'],
    ['来信a.b@example.org', '来信[邮箱]'],
  ])('%s', (text, expected) => {
    expect(maskPersonalData(text)).toBe(expected);
  });

  it.each(['联系方式见附件', '联系物业处理', '请联系王家庄村委会', '一二三楼道灯不亮', '第一二三四五六期工程', '走访周边居民'])('keeps %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});
