import type { Category, Platform } from '../../../shared/tickets/model'
import type { Rng } from './random'

/**
 * The words of generated tickets: what customers of Pinduoduo, Taobao/Tmall, JD, Douyin and
 * Meituan shops write, and what agents reply. Every description template belongs to an
 * `intent` and carries `tags`, so a benchmark can say which tickets a query should find
 * from how they were written, not from any search engine's output.
 */

export const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 72],
  ['李', 70],
  ['张', 66],
  ['刘', 54],
  ['陈', 46],
  ['杨', 32],
  ['黄', 24],
  ['赵', 22],
  ['吴', 20],
  ['周', 20],
  ['徐', 15],
  ['孙', 14],
  ['马', 13],
  ['朱', 12],
  ['胡', 12],
  ['郭', 11],
  ['何', 10],
  ['高', 10],
  ['林', 10],
  ['罗', 9],
  ['郑', 9],
  ['梁', 8],
  ['谢', 7],
  ['宋', 6],
  ['唐', 6],
  ['许', 6],
  ['韩', 6],
  ['冯', 5],
  ['邓', 5],
  ['曹', 5],
  ['彭', 5],
  ['曾', 5],
  ['肖', 5],
  ['田', 4],
  ['董', 4],
  ['袁', 4],
  ['潘', 4],
  ['于', 4],
  ['蒋', 4],
  ['蔡', 4],
  ['余', 4],
  ['杜', 4],
  ['叶', 4],
  ['程', 4],
  ['苏', 3],
  ['魏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['沈', 3],
  ['姚', 3],
  ['卢', 3],
  ['姜', 3],
  ['崔', 3],
  ['钟', 3],
  ['谭', 3],
  ['陆', 3],
  ['汪', 3],
  ['范', 3],
  ['金', 3],
  ['石', 3],
  ['廖', 3],
  ['贾', 2],
  ['夏', 2],
  ['韦', 2],
  ['付', 2],
  ['方', 2],
  ['白', 2],
  ['邹', 2],
  ['孟', 2],
  ['熊', 2],
  ['秦', 2],
  ['邱', 2],
  ['江', 2],
  ['尹', 2],
  ['薛', 2],
  ['欧阳', 1],
  ['上官', 1],
  ['司马', 1],
]

export const GIVEN_NAMES = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '丹',
  '玲',
  '婷',
  '浩',
  '宇',
  '欣怡',
  '子涵',
  '梓萱',
  '一诺',
  '俊杰',
  '浩然',
  '雨桐',
  '思远',
  '佳怡',
  '建华',
  '志强',
  '晓燕',
  '海燕',
  '文博',
  '嘉豪',
  '诗涵',
  '梦瑶',
  '宇航',
  '晨曦',
  '子轩',
  '雅琪',
  '国庆',
  '春梅',
  '红霞',
  '振华',
  '立新',
  '美玲',
  '少华',
  '天佑',
  '若曦',
  '家乐',
  '心怡',
] as const

export const NICK_PARTS = ['小', '大', '爱', '快乐', '阳光', '甜甜', '忙碌', '安静', '追风']
export const NICK_TAILS = ['猫咪', '宝贝', '少年', '的日子', '小熊', '橙子', '妈妈', '同学', '鱼']

export const PROVINCES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['广东省', ['广州市天河区', '深圳市南山区', '东莞市南城街道', '佛山市禅城区']],
  ['浙江省', ['杭州市西湖区', '宁波市鄞州区', '温州市鹿城区', '义乌市稠城街道']],
  ['江苏省', ['南京市鼓楼区', '苏州市工业园区', '无锡市梁溪区', '徐州市云龙区']],
  ['北京市', ['朝阳区', '海淀区', '丰台区', '通州区']],
  ['上海市', ['浦东新区', '徐汇区', '闵行区', '宝山区']],
  ['四川省', ['成都市武侯区', '成都市高新区', '绵阳市涪城区']],
  ['湖北省', ['武汉市洪山区', '武汉市江汉区', '宜昌市西陵区']],
  ['山东省', ['济南市历下区', '青岛市市南区', '临沂市兰山区']],
  ['河南省', ['郑州市金水区', '洛阳市西工区', '南阳市卧龙区']],
  ['福建省', ['厦门市思明区', '福州市鼓楼区', '泉州市丰泽区']],
]
export const STREETS = [
  '人民路',
  '建设路',
  '中山路',
  '解放路',
  '文化路',
  '新华路',
  '长江路',
  '和平街',
  '幸福路',
  '学府路',
]
export const ESTATES = [
  '阳光花园',
  '翠苑小区',
  '锦绣家园',
  '华府名城',
  '碧桂园',
  '万科城',
  '绿地小区',
  '金色港湾',
]

export type ProductGroup = 'clothes' | 'electronics' | 'home' | 'food' | 'beauty'

export const PRODUCTS: Record<ProductGroup, readonly string[]> = {
  clothes: ['羊毛衫', '连衣裙', '羽绒服', '牛仔裤', '卫衣', '运动鞋', '衬衫', '打底裤'],
  electronics: ['蓝牙耳机', '充电宝', '电饭煲', '空气炸锅', '电动牙刷', '吹风机', '台灯', '数据线'],
  home: ['保温杯', '收纳箱', '四件套', '拖鞋', '洗衣液', '抽纸', '玻璃杯', '不粘锅'],
  food: ['坚果礼盒', '赣南脐橙', '牛肉干', '螺蛳粉', '猕猴桃', '土鸡蛋'],
  beauty: ['口红', '面膜', '粉底液', '洗面奶', '防晒霜'],
}

export const DEFECTS: Record<ProductGroup, readonly string[]> = {
  clothes: ['起球', '掉色', '开线', '有色差', '有异味'],
  electronics: ['无法开机', '充不进电', '有杂音', '按键失灵', '外壳有划痕'],
  home: ['漏水', '有裂纹', '有异味', '涂层脱落'],
  food: ['发霉', '坏果', '快过期了', '包装漏气'],
  beauty: ['用了过敏', '有异味', '漏液'],
}

export const DISHES = [
  '黄焖鸡米饭',
  '麻辣烫',
  '珍珠奶茶',
  '炸鸡套餐',
  '牛肉面',
  '酸菜鱼',
  '煲仔饭',
  '水饺',
]

export const PLATFORM_GROUPS: Record<Platform, readonly ProductGroup[]> = {
  pdd: ['home', 'food', 'clothes', 'home'],
  taobao: ['clothes', 'electronics', 'home', 'beauty'],
  jd: ['electronics', 'electronics', 'home'],
  douyin: ['beauty', 'food', 'clothes'],
  meituan: [],
  eleme: [],
  other: ['home'],
}

export const COURIERS = [
  '顺丰',
  '中通',
  '圆通',
  '韵达',
  '申通',
  '京东物流',
  '邮政EMS',
  '极兔',
] as const
export type Courier = (typeof COURIERS)[number]

/** Tracking numbers in each courier's format. */
export function trackingNo(rng: Rng, courier: Courier): string {
  switch (courier) {
    case '顺丰':
      return 'SF' + rng.int(1, 9) + rng.digits(12)
    case '中通':
      return '7' + rng.int(3, 8) + rng.digits(12)
    case '圆通':
      return 'YT' + rng.int(1, 9) + rng.digits(12)
    case '韵达':
      return '43' + rng.digits(13)
    case '申通':
      return '77' + rng.digits(13)
    case '京东物流':
      return 'JDVC' + rng.digits(11)
    case '邮政EMS':
      return '98' + rng.digits(11)
    case '极兔':
      return 'JT' + rng.int(1, 9) + rng.digits(12)
  }
}

/** Order numbers as each platform prints them. `day` is the purchase date (UTC+8). */
export function orderNo(rng: Rng, platform: Platform, day: Date): string {
  const yy = String(day.getUTCFullYear() % 100).padStart(2, '0')
  const mm = String(day.getUTCMonth() + 1).padStart(2, '0')
  const dd = String(day.getUTCDate()).padStart(2, '0')
  switch (platform) {
    case 'pdd':
      return `${yy}${mm}${dd}-${rng.int(1, 9)}${rng.digits(14)}`
    case 'taobao':
      return rng.chance(0.7) ? rng.int(1, 4) + rng.digits(18) : rng.int(1, 4) + rng.digits(17)
    case 'jd':
      return rng.int(2, 3) + rng.digits(11)
    case 'douyin':
      return '69' + rng.digits(17)
    case 'meituan':
      return rng.int(1, 9) + rng.digits(18)
    case 'eleme':
      return '50' + rng.digits(17)
    case 'other':
      return rng.digits(16)
  }
}

export interface Slots {
  product: string
  defect: string
  dish: string
  courier: Courier
  days: number
  tracking: string
}

export interface Template {
  intent: string
  category: Category
  tags: readonly string[]
  text: (s: Slots) => string
}

const t = (
  intent: string,
  category: Category,
  tags: readonly string[],
  text: (s: Slots) => string,
): Template => ({ intent, category, tags, text })

/** Descriptions of goods bought online (not food delivery). */
export const GOODS_TEMPLATES: readonly Template[] = [
  t('logistics.not_received', 'logistics', ['not_received'], () => '一直没收到货，麻烦帮忙查一下'),
  t(
    'logistics.not_received',
    'logistics',
    ['not_received', 'signed'],
    () => '快递显示已签收，但是我根本没收到货',
  ),
  t(
    'logistics.not_received',
    'logistics',
    ['not_received'],
    (s) => `下单${s.days}天了还没有收到货，到底什么时候能到`,
  ),
  t(
    'logistics.not_received',
    'logistics',
    ['not_received', 'tracking_stuck'],
    (s) => `物流信息${s.days}天没更新了，货到底到哪了`,
  ),
  t(
    'logistics.not_received',
    'logistics',
    ['not_received', 'signed'],
    (s) => `${s.courier}说已经派送了，我家里没人签收，也没接到电话`,
  ),
  t(
    'logistics.not_received',
    'logistics',
    ['not_received', 'tracking_stuck'],
    () => '物流一直停在中转站不动，快一个星期了',
  ),
  t(
    'logistics.damaged',
    'logistics',
    ['damaged'],
    (s) => `收到的${s.product}外包装破损严重，里面东西也压坏了`,
  ),
  t('logistics.damaged', 'logistics', ['damaged'], (s) => `快递箱子被压扁了，${s.product}摔坏了`),
  t('logistics.damaged', 'logistics', ['damaged'], (s) => `包裹破损，${s.product}少了一件`),
  t('logistics.damaged', 'logistics', ['damaged'], (s) => `外箱破了个大洞，${s.product}有明显磕碰`),
  t(
    'logistics.damaged',
    'logistics',
    ['damaged'],
    (s) => `${s.courier}送来的时候包装就是破损的，当场拍了照片`,
  ),
  t(
    'logistics.delay',
    'logistics',
    ['not_shipped'],
    (s) => `拍下${s.days}天了还没发货，催一下发货`,
  ),
  t(
    'logistics.delay',
    'logistics',
    ['not_shipped'],
    () => '说好48小时内发货，到现在都没发，什么情况',
  ),
  t('logistics.delay', 'logistics', ['slow'], (s) => `${s.courier}太慢了，${s.days}天还在路上`),
  t(
    'quality.defect',
    'quality',
    ['defect'],
    (s) => `${s.product}用了${s.days}天就${s.defect}，质量太差了`,
  ),
  t(
    'quality.defect',
    'quality',
    ['defect'],
    (s) => `${s.product}有质量问题，${s.defect}，要求退货`,
  ),
  t(
    'quality.defect',
    'quality',
    ['defect', 'exchange'],
    (s) => `收到的${s.product}${s.defect}，能不能换一个新的`,
  ),
  t(
    'quality.defect',
    'quality',
    ['defect'],
    (s) => `刚拆开${s.product}就发现${s.defect}，是不是发了次品`,
  ),
  t(
    'quality.mismatch',
    'quality',
    ['mismatch'],
    (s) => `收到的${s.product}和图片不一样，颜色差很多`,
  ),
  t(
    'quality.mismatch',
    'quality',
    ['mismatch', 'size'],
    (s) => `${s.product}尺码和详情页写的不符，明显偏小`,
  ),
  t('quality.mismatch', 'quality', ['mismatch'], () => '商品与描述不符，感觉被骗了'),
  t(
    'quality.mismatch',
    'quality',
    ['mismatch', 'wrong_item'],
    (s) => `发错货了，我买的是${s.product}，收到的是别的东西`,
  ),
  t('refund.not_arrived', 'refund', ['refund_not_arrived'], () => '退款还没到账，已经等了好几天了'),
  t(
    'refund.not_arrived',
    'refund',
    ['refund_not_arrived'],
    (s) => `申请退款${s.days}天了钱还没退回来`,
  ),
  t(
    'refund.not_arrived',
    'refund',
    ['refund_not_arrived'],
    () => '商家已经同意退款了，但是我一直没收到钱',
  ),
  t(
    'refund.not_arrived',
    'refund',
    ['refund_not_arrived'],
    () => '退款显示成功，可银行卡里没有到账',
  ),
  t('refund.request', 'refund', ['refund_only'], (s) => `${s.product}不想要了，申请仅退款`),
  t('refund.request', 'refund', ['refund_only'], () => '拍错了，麻烦直接退款，还没发货'),
  t('refund.request', 'refund', ['shipping_fee'], () => '退货的运费谁承担？要求退运费'),
  t('refund.request', 'refund', ['price_drop'], (s) => `刚买${s.days}天就降价了，要求补差价`),
  t(
    'return.exchange',
    'return_exchange',
    ['size', 'exchange'],
    (s) => `${s.product}尺码偏小，想换大一码`,
  ),
  t(
    'return.exchange',
    'return_exchange',
    ['exchange', 'color'],
    (s) => `${s.product}想换个颜色，黑色的还有吗`,
  ),
  t(
    'return.exchange',
    'return_exchange',
    ['return_address'],
    (s) => `${s.product}要退货，退货地址是哪里`,
  ),
  t(
    'return.exchange',
    'return_exchange',
    ['seven_days'],
    (s) => `${s.product}七天无理由退货可以吗，吊牌还在`,
  ),
  t('return.pickup', 'return_exchange', ['pickup'], () => '预约了上门取件，快递员一直没来'),
  t(
    'return.pickup',
    'return_exchange',
    ['returned'],
    (s) => `已经寄回了，退货单号${s.tracking}，请查收`,
  ),
  t('order.change', 'order_change', ['address'], () => '地址填错了，帮忙改一下收货地址'),
  t('order.change', 'order_change', ['address'], () => '能不能修改收货地址，搬家了'),
  t('order.change', 'order_change', ['cancel'], () => '不想要了，能不能取消订单'),
  t(
    'order.change',
    'order_change',
    ['out_of_stock'],
    (s) => `${s.product}是不是缺货了，什么时候有货`,
  ),
  t(
    'complaint',
    'review_complaint',
    ['attitude'],
    () => '客服态度太差了，问了半天没人理，我要投诉',
  ),
  t(
    'complaint',
    'review_complaint',
    ['attitude', 'courier'],
    (s) => `${s.courier}快递员态度恶劣，还让我自己去驿站拿`,
  ),
  t('complaint', 'review_complaint', ['bad_review'], () => '已经给了差评，你们必须给个说法'),
  t(
    'complaint',
    'review_complaint',
    ['bad_review'],
    (s) => `${s.product}这么差，我要给差评并且投诉到平台`,
  ),
  t('suggestion', 'suggestion', ['packaging'], () => '建议包装再加厚一点，运输容易压坏'),
  t('suggestion', 'suggestion', ['more_options'], (s) => `希望${s.product}能多出几个颜色`),
  t('other', 'other', ['invoice'], () => '请问发票怎么开，需要开公司抬头'),
  t('other', 'other', ['invoice'], () => '能不能开增值税专用发票'),
  t('other', 'other', ['points'], () => '会员积分怎么用，可以抵现金吗'),
]

/** Food-delivery (Meituan/Ele.me) descriptions. */
export const FOOD_TEMPLATES: readonly Template[] = [
  t('food.cold', 'quality', ['cold'], (s) => `外卖送到的时候${s.dish}已经凉了`),
  t('food.cold', 'quality', ['cold', 'late'], () => '送餐超时四十分钟，饭菜都凉透了'),
  t('food.hair', 'quality', ['hair'], (s) => `${s.dish}里吃出了头发，太恶心了`),
  t('food.missing', 'quality', ['missing_item'], (s) => `少送了一份${s.dish}，订单上明明有`),
  t('food.missing', 'quality', ['missing_item'], () => '餐具没给，饮料也少送了一杯'),
  t('food.spilled', 'quality', ['spilled'], (s) => `${s.dish}洒了一袋子，汤全漏出来了`),
  t('food.late', 'logistics', ['late'], () => '骑手送餐超时一个小时，要求赔付'),
  t('refund.not_arrived', 'refund', ['refund_not_arrived'], () => '订单取消了，退款还没到账'),
  t('complaint', 'review_complaint', ['attitude'], () => '骑手态度很差，打电话还骂人，我要投诉'),
  t('complaint', 'review_complaint', ['bad_review'], (s) => `${s.dish}太咸了，已经给了差评`),
]

export const GREETINGS = [
  '亲，您好，这边是售后客服，',
  '您好亲，非常抱歉给您带来不好的体验，',
  '亲亲，看到您的留言了，',
  '您好，感谢您的耐心等待，',
]

/** Replies and notes written for an intent; generic ones carry no topic words. */
export const FOLLOW_UPS: Record<string, { replies: readonly string[]; notes: readonly string[] }> =
  {
    'logistics.not_received': {
      replies: [
        '已经帮您联系快递核实包裹去向，有结果马上告诉您',
        '麻烦您先问一下家人或者驿站是否代收了',
        '快递那边说正在派送，请留意电话',
      ],
      notes: [
        '顾客称未收到货，已提交快递查件',
        '快递反馈包裹在中转站滞留',
        '驿站确认包裹被误放其他柜子',
      ],
    },
    'logistics.damaged': {
      replies: [
        '非常抱歉商品在运输途中破损了，麻烦拍一下外包装和商品的照片',
        '照片收到了，这边马上为您安排补发',
        '破损的商品不用寄回，直接为您补发新的',
      ],
      notes: [
        '顾客提供了破损照片，外箱明显挤压',
        '运输破损，已向快递发起理赔',
        '补发单号已告知顾客',
      ],
    },
    'logistics.delay': {
      replies: [
        '已经帮您催促仓库尽快发货了',
        '仓库今天会安排发出，发货后单号会同步给您',
        '实在抱歉让您久等了，已经加急处理',
      ],
      notes: ['仓库爆单，发货延迟', '已加急，预计今晚发出'],
    },
    'quality.defect': {
      replies: [
        '麻烦您拍一段视频或者照片给我们看一下问题',
        '这边确认是质量问题，可以为您换新或者退货退款',
        '换货已经登记，新的商品今天发出',
      ],
      notes: ['质检确认为批次问题', '顾客选择换货，已登记', '同批次商品已通知仓库排查'],
    },
    'quality.mismatch': {
      replies: [
        '非常抱歉，可能是拍摄光线导致的色差，可以为您办理退货',
        '已核实是仓库发错了，马上为您重新发货',
        '退货运费由我们承担',
      ],
      notes: ['仓库拣货错误', '色差投诉，已反馈给运营修改主图'],
    },
    'refund.not_arrived': {
      replies: [
        '退款已经原路退回，一般一到三个工作日到账',
        '已经帮您查询了，财务今天会处理',
        '请您查看一下支付宝账单或者银行卡流水',
      ],
      notes: ['财务确认退款已打款', '退款卡在平台审核，已催促'],
    },
    'refund.request': {
      replies: [
        '已经为您提交退款申请，请留意平台通知',
        '运费险会在退货签收后自动理赔',
        '差价会通过优惠券的形式补偿给您',
      ],
      notes: ['已同意仅退款', '顾客要求补差价，按规则给予优惠券'],
    },
    'return.exchange': {
      replies: [
        '退货地址已经发给您了，寄回时请备注订单号',
        '换货已经登记，收到退回的商品后马上发新的',
        '支持七天无理由退货，请保持吊牌完好',
      ],
      notes: ['顾客申请换大一码', '已发送退货地址'],
    },
    'return.pickup': {
      replies: ['已经帮您重新预约上门取件', '退货包裹已经签收，正在为您办理退款'],
      notes: ['快递员未按时取件，已投诉网点', '退货已入库'],
    },
    'order.change': {
      replies: [
        '地址已经帮您修改好了，请核对一下',
        '订单已经为您取消，款项原路退回',
        '这款暂时缺货，预计下周到货',
      ],
      notes: ['已修改收货地址', '顾客取消订单'],
    },
    complaint: {
      replies: [
        '非常抱歉让您不愉快了，我们一定会改进',
        '已经把您的意见反馈给主管，会认真处理',
        '为表歉意给您发了一张无门槛优惠券',
      ],
      notes: ['顾客情绪激动，已安抚', '主管已介入处理投诉', '顾客同意修改评价'],
    },
    suggestion: {
      replies: ['感谢您的建议，已经反馈给相关部门', '您的建议很有价值，我们会认真考虑'],
      notes: ['建议已转给运营'],
    },
    other: {
      replies: ['发票会在确认收货后开具，请填写抬头和税号', '积分可以在下单时直接抵扣'],
      notes: ['已登记开票信息'],
    },
    'food.cold': {
      replies: ['非常抱歉餐品凉了影响您用餐，给您部分退款', '已经提醒骑手注意保温'],
      notes: ['出餐慢导致送达时已凉', '已给予部分退款'],
    },
    'food.hair': {
      replies: ['实在对不起，这是我们后厨的失误，全额退款给您', '已经要求后厨全员佩戴帽子'],
      notes: ['后厨卫生问题，已全额退款'],
    },
    'food.missing': {
      replies: ['非常抱歉漏装了，马上给您补送', '少送的部分已经退款'],
      notes: ['打包漏装，已补送'],
    },
    'food.spilled': {
      replies: ['非常抱歉汤洒了，给您重新做一份送过去'],
      notes: ['打包封口不严，已提醒'],
    },
    'food.late': {
      replies: ['超时的情况已经反馈给配送站，给您赔付代金券'],
      notes: ['配送超时，已赔付'],
    },
  }

export const GENERIC_UPDATES = [
  '顾客表示理解，同意等待处理结果',
  '顾客补充了照片和视频',
  '顾客来电询问处理进度',
  '已通过短信告知顾客最新进展',
  '顾客同意方案，等待执行',
]

export const DEPARTMENT_TALKS: Record<
  string,
  { discussed: string; agreed: string; measure: string }
> = {
  warehouse: {
    discussed: '核实库存和发货记录',
    agreed: '仓库有货，可以补发或换货',
    measure: '今天安排发出',
  },
  logistics: {
    discussed: '查询包裹轨迹和派送情况',
    agreed: '快递负责联系顾客重新派送',
    measure: '发起查件工单',
  },
  finance: { discussed: '确认退款处理进度', agreed: '财务当天完成退款', measure: '退款原路返回' },
  qc: {
    discussed: '检查同批次商品质量',
    agreed: '确认存在质量问题',
    measure: '下架同批次商品并通知仓库',
  },
}

export const RESOLUTIONS = [
  '问题已解决，顾客确认满意',
  '已补发新品，顾客已签收',
  '退款已到账，顾客确认',
  '已换货，顾客表示满意',
  '已给予补偿，顾客接受',
]

export const SATISFACTION_COMMENTS = [
  '处理得很快，谢谢',
  '客服很耐心',
  '还行吧',
  '等太久了',
  '问题解决了就好',
]

export function isFoodPlatform(p: Platform): boolean {
  return p === 'meituan' || p === 'eleme'
}
