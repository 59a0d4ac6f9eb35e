/**
 * Chinese data the simulated call system speaks: names, teams, cities, CRM fields.
 * The real system is Chinese; the simulator must look like it.
 */
import { type Rng } from './prng';

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡',
  '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹',
  '彭', '曾', '萧', '田', '董', '潘', '袁', '蔡', '蒋', '余', '于', '杜', '叶', '程', '魏',
  '欧阳', '司马',
] as const;

const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛',
  '明', '超', '秀', '霞', '平', '刚', '桂', '英', '华', '慧', '建', '国', '志', '文', '辉',
  '鑫', '婷', '雪', '琳', '晨', '宇', '浩', '欣', '怡', '佳', '子', '涵', '梓', '轩', '雨',
  '嘉', '博', '思', '颖', '晓', '海', '波', '鹏', '飞', '红', '玉', '兰', '凤', '春', '燕',
] as const;

/** 号码归属地 as `省-市`. */
export const CITIES = [
  '北京-北京', '上海-上海', '天津-天津', '重庆-重庆', '广东-广州', '广东-深圳', '广东-东莞',
  '浙江-杭州', '浙江-宁波', '江苏-南京', '江苏-苏州', '四川-成都', '湖北-武汉', '湖南-长沙',
  '山东-济南', '山东-青岛', '河南-郑州', '河北-石家庄', '福建-福州', '福建-厦门', '安徽-合肥',
  '陕西-西安', '辽宁-沈阳', '吉林-长春', '黑龙江-哈尔滨', '云南-昆明', '广西-南宁', '江西-南昌',
] as const;

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155',
  '156', '157', '158', '159', '166', '170', '176', '177', '180', '181', '182', '185', '186',
  '187', '188', '189', '191', '198', '199',
] as const;

const INTENTS = ['A类(有意向)', 'B类(考虑中)', 'C类(无意向)', '未接触'] as const;
const NOTES = ['', '', '客户要求下午回电', '已发送产品资料', '对价格比较敏感', '家人做主', '已有同类产品'] as const;
const INTERESTS = ['理财', '保险', '贷款', '信用卡', '基金', '车险'] as const;
const SOURCES = ['线上广告', '老客户转介绍', '展会', '公众号'] as const;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1 -> 一, 10 -> 十, 12 -> 十二, 35 -> 三十五, 105 -> 一百零五, 110 -> 一百一十 (teams go up to 999). */
export function zhNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return DIGITS[n] ?? String(n);
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
  }
  const rest = n % 100;
  const head = `${DIGITS[Math.floor(n / 100)]}百`;
  if (rest === 0) return head;
  if (rest < 10) return `${head}零${DIGITS[rest]}`;
  // Inside a hundred, ten is said 一十: 一百一十五.
  return `${head}${rest < 20 ? '一' : ''}${zhNumber(rest)}`;
}

export function teamName(i: number): string {
  return `销售${zhNumber(i + 1)}组`;
}

export function personName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  const given = rng.next() < 0.6 ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return surname + given;
}

/** An 11-digit mainland mobile number such as 13812345678. */
export function mobileNumber(rng: Rng): string {
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(rng.int(10));
  return rng.pick(MOBILE_PREFIXES) + rest;
}

/** CRM field values of a customer record: strings and string arrays under Chinese field names. */
export function crmFields(rng: Rng): Record<string, string | string[]> {
  const interests = INTERESTS.filter(() => rng.next() < 0.3);
  return {
    年龄: String(22 + rng.int(45)),
    意向: rng.pick(INTENTS),
    备注: rng.pick(NOTES),
    多选: interests,
    来源: rng.pick(SOURCES),
    下拉框: String(1 + rng.int(5)),
    长文本: '',
  };
}

/** 获取短信内容: the SMS template an agent sends after a call. */
export function smsTemplate(agentName: string): string {
  return `【星海科技】尊敬的客户您好，我是刚才与您通话的客户经理${agentName}，产品资料已为您准备好，如有疑问请回复本短信或致电400-820-1234。退订回T`;
}
