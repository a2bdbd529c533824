import { pick } from '../territory/prng';

// Common surnames (weighted by repetition) and given-name characters, for synthetic demo people.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const COMMON = '王李张刘陈林黄'.split('');
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌玉兰辉鹏宇浩然子涵欣怡梓萱一诺佳琪雨桐俊杰思远晨曦海燕晓东春梅丽华建华德明淑珍秋菊永康家豪嘉怡诗涵博文'.split(
    '',
  );

export function personName(rand: () => number): string {
  const surname = rand() < 0.35 ? pick(rand, COMMON) : pick(rand, SURNAMES);
  const len = rand() < 0.7 ? 2 : 1;
  let given = '';
  for (let i = 0; i < len; i++) given += pick(rand, GIVEN);
  return surname + given;
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '170',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

export function mobileNumber(rand: () => number): string {
  let rest = '';
  for (let i = 0; i < 8; i++) rest += Math.floor(rand() * 10);
  return pick(rand, MOBILE_PREFIXES) + rest;
}
