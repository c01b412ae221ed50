/**
 * Names of the simulated company: Chinese names of record with their romanised form for
 * English pages (people in pinyin, given name after the surname as they are read in China;
 * regions, branches and teams by their usual English names). Deterministic: the same number
 * always gives the same name.
 */

const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'Wang'],
  ['李', 'Li'],
  ['张', 'Zhang'],
  ['刘', 'Liu'],
  ['陈', 'Chen'],
  ['杨', 'Yang'],
  ['赵', 'Zhao'],
  ['黄', 'Huang'],
  ['周', 'Zhou'],
  ['吴', 'Wu'],
  ['徐', 'Xu'],
  ['孙', 'Sun'],
  ['胡', 'Hu'],
  ['朱', 'Zhu'],
  ['高', 'Gao'],
  ['林', 'Lin'],
  ['何', 'He'],
  ['郭', 'Guo'],
  ['马', 'Ma'],
  ['罗', 'Luo'],
  ['梁', 'Liang'],
  ['宋', 'Song'],
  ['郑', 'Zheng'],
  ['谢', 'Xie'],
  ['韩', 'Han'],
  ['唐', 'Tang'],
  ['冯', 'Feng'],
  ['于', 'Yu'],
  ['董', 'Dong'],
  ['萧', 'Xiao'],
  ['程', 'Cheng'],
  ['曹', 'Cao'],
  ['袁', 'Yuan'],
  ['邓', 'Deng'],
  ['许', 'Xu'],
  ['傅', 'Fu'],
  ['沈', 'Shen'],
  ['曾', 'Zeng'],
  ['彭', 'Peng'],
  ['吕', 'Lü'],
  ['苏', 'Su'],
  ['卢', 'Lu'],
  ['蒋', 'Jiang'],
  ['蔡', 'Cai'],
  ['贾', 'Jia'],
  ['丁', 'Ding'],
  ['魏', 'Wei'],
  ['薛', 'Xue'],
  ['叶', 'Ye'],
  ['阎', 'Yan'],
  ['余', 'Yu'],
  ['潘', 'Pan'],
  ['杜', 'Du'],
  ['戴', 'Dai'],
  ['夏', 'Xia'],
  ['钟', 'Zhong'],
  ['汪', 'Wang'],
  ['田', 'Tian'],
  ['任', 'Ren'],
  ['姜', 'Jiang'],
  ['范', 'Fan'],
];

const GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'Wei'],
  ['芳', 'Fang'],
  ['娜', 'Na'],
  ['敏', 'Min'],
  ['静', 'Jing'],
  ['磊', 'Lei'],
  ['军', 'Jun'],
  ['燕', 'Yan'],
  ['涛', 'Tao'],
  ['明', 'Ming'],
  ['超', 'Chao'],
  ['秀英', 'Xiuying'],
  ['慧', 'Hui'],
  ['强', 'Qiang'],
  ['平', 'Ping'],
  ['玲', 'Ling'],
  ['宇', 'Yu'],
  ['浩然', 'Haoran'],
  ['子涵', 'Zihan'],
  ['欣怡', 'Xinyi'],
  ['梓轩', 'Zixuan'],
  ['雨桐', 'Yutong'],
  ['思远', 'Siyuan'],
  ['晓东', 'Xiaodong'],
  ['建国', 'Jianguo'],
  ['海燕', 'Haiyan'],
  ['志强', 'Zhiqiang'],
  ['丽娟', 'Lijuan'],
  ['俊杰', 'Junjie'],
  ['婷婷', 'Tingting'],
  ['文博', 'Wenbo'],
  ['佳琪', 'Jiaqi'],
  ['国华', 'Guohua'],
  ['晨', 'Chen'],
  ['鹏', 'Peng'],
  ['洁', 'Jie'],
  ['斌', 'Bin'],
  ['琳', 'Lin'],
  ['凯', 'Kai'],
  ['雪', 'Xue'],
  ['博文', 'Bowen'],
  ['嘉怡', 'Jiayi'],
  ['天宇', 'Tianyu'],
  ['梦瑶', 'Mengyao'],
  ['一鸣', 'Yiming'],
  ['诗涵', 'Shihan'],
  ['亮', 'Liang'],
  ['红梅', 'Hongmei'],
  ['建华', 'Jianhua'],
  ['春燕', 'Chunyan'],
  ['旭', 'Xu'],
  ['颖', 'Ying'],
  ['昊', 'Hao'],
  ['倩', 'Qian'],
  ['振宇', 'Zhenyu'],
  ['晓雯', 'Xiaowen'],
  ['立新', 'Lixin'],
  ['雅婷', 'Yating'],
  ['金龙', 'Jinlong'],
  ['美玲', 'Meiling'],
  ['德华', 'Dehua'],
  ['少华', 'Shaohua'],
  ['家豪', 'Jiahao'],
  ['雨欣', 'Yuxin'],
  ['志伟', 'Zhiwei'],
  ['秀兰', 'Xiulan'],
  ['成龙', 'Chenglong'],
  ['丹', 'Dan'],
  ['辉', 'Hui'],
  ['蕾', 'Lei'],
  ['宏', 'Hong'],
];

/** A person's name in Chinese (e.g. 王伟) and in pinyin (Wang Wei), from their employee number. */
export function personName(n: number): { zh: string; en: string } {
  // A multiplicative hash spreads neighbouring numbers over the lists (no 王…, 李…, 张… in a row).
  const h = Math.imul(n + 1, 0x9e3779b1) >>> 0;
  const [sZh, sEn] = SURNAMES[h % SURNAMES.length] as readonly [string, string];
  const [gZh, gEn] = GIVEN[Math.floor(h / SURNAMES.length) % GIVEN.length] as readonly [string, string];
  return { zh: `${sZh}${gZh}`, en: `${sEn} ${gEn}` };
}

const REGIONS: readonly (readonly [string, string])[] = [
  ['华东', 'East China'],
  ['华南', 'South China'],
  ['华北', 'North China'],
  ['华中', 'Central China'],
  ['西南', 'Southwest China'],
  ['东北', 'Northeast China'],
  ['西北', 'Northwest China'],
];
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const zhNumber = (k: number): string =>
  k <= 10
    ? (ORDINALS[k - 1] as string)
    : k < 20
      ? `十${ORDINALS[k - 11] ?? ''}`
      : `${ORDINALS[Math.floor(k / 10) - 1]}十${ORDINALS[(k % 10) - 1] ?? ''}`;

/** Cities of the branches, by region (the first region's first branch is Shanghai). */
const CITIES: readonly (readonly (readonly [string, string])[])[] = [
  [
    ['上海', 'Shanghai'],
    ['杭州', 'Hangzhou'],
    ['南京', 'Nanjing'],
    ['苏州', 'Suzhou'],
    ['宁波', 'Ningbo'],
    ['合肥', 'Hefei'],
  ],
  [
    ['广州', 'Guangzhou'],
    ['深圳', 'Shenzhen'],
    ['厦门', 'Xiamen'],
    ['福州', 'Fuzhou'],
    ['南宁', 'Nanning'],
    ['东莞', 'Dongguan'],
  ],
  [
    ['北京', 'Beijing'],
    ['天津', 'Tianjin'],
    ['济南', 'Jinan'],
    ['青岛', 'Qingdao'],
    ['石家庄', 'Shijiazhuang'],
    ['太原', 'Taiyuan'],
  ],
  [
    ['武汉', 'Wuhan'],
    ['长沙', 'Changsha'],
    ['郑州', 'Zhengzhou'],
    ['南昌', 'Nanchang'],
    ['宜昌', 'Yichang'],
    ['洛阳', 'Luoyang'],
  ],
  [
    ['成都', 'Chengdu'],
    ['重庆', 'Chongqing'],
    ['昆明', 'Kunming'],
    ['贵阳', 'Guiyang'],
    ['绵阳', 'Mianyang'],
    ['遵义', 'Zunyi'],
  ],
  [
    ['沈阳', 'Shenyang'],
    ['大连', 'Dalian'],
    ['长春', 'Changchun'],
    ['哈尔滨', 'Harbin'],
    ['吉林', 'Jilin'],
    ['鞍山', 'Anshan'],
  ],
  [
    ['西安', "Xi'an"],
    ['兰州', 'Lanzhou'],
    ['银川', 'Yinchuan'],
    ['西宁', 'Xining'],
    ['乌鲁木齐', 'Urumqi'],
    ['宝鸡', 'Baoji'],
  ],
];

/** The r-th region (0-based): 华东一区 / East China 1, 华南一区, …, then 华东二区. */
export function regionName(r: number): { zh: string; en: string } {
  const [zh, en] = REGIONS[r % REGIONS.length] as readonly [string, string];
  const k = Math.floor(r / REGIONS.length) + 1;
  return { zh: `${zh}${zhNumber(k)}区`, en: `${en} ${k}` };
}

/** The b-th branch (0-based) of the r-th region: 上海分公司 / Shanghai Branch. */
export function branchName(r: number, b: number): { zh: string; en: string } {
  const cities = CITIES[r % CITIES.length] as readonly (readonly [string, string])[];
  const [zh, en] = cities[b % cities.length] as readonly [string, string];
  const round = Math.floor(r / CITIES.length) * Math.ceil(10 / cities.length) + Math.floor(b / cities.length);
  return round === 0
    ? { zh: `${zh}分公司`, en: `${en} Branch` }
    : { zh: `${zh}第${zhNumber(round + 1)}分公司`, en: `${en} Branch ${round + 1}` };
}

/** The k-th team (1-based) of a branch: 上海销售一组 / Shanghai Sales Team 1. */
export function teamName(branch: { zh: string; en: string }, k: number): { zh: string; en: string } {
  const city = branch.zh.replace(/(第.+)?分公司$/, '');
  const cityEn = branch.en.replace(/ Branch( \d+)?$/, '');
  return { zh: `${city}销售${zhNumber(k)}组`, en: `${cityEn} Sales Team ${k}` };
}
