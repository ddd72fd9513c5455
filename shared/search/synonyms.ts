import { normalizeText } from './tokenize'

/**
 * After-sales synonyms and near-words (issue 17): customers and agents name the same problem
 * in different words (刮花 for 划痕, 反应慢 for 卡顿, 被冒领 for 显示签收却没收到), and no
 * tokenizer can see that two words share a meaning without sharing a character. The table is
 * applied when a query is read, never when text is indexed, so a shop's own additions (设置 →
 * 搜索同义词, a shop-wide setting) work at once, without rebuilding the index.
 *
 * Each group is a set of phrases one may find for another. A phrase ending in `*` stands for
 * every indexed word starting with it (漆* finds 漆面, 漆一块…); keep those to distinctive
 * characters.
 */
export const DEFAULT_SYNONYMS: readonly (readonly string[])[] = [
  ['掉漆', '脱漆', '漆面掉了', '漆掉了', '涂层脱落', '掉皮', '漆面', '漆*'],
  ['起球', '掉毛', '起毛', '毛球', '小疙瘩', '球球'],
  ['缩水', '洗了变小', '变小', '缩了', '短了', '洗小了'],
  ['异味', '有股味', '怪味', '难闻', '臭味', '发臭', '刺鼻', '味道大', '甲醛味', '有味道'],
  ['划痕', '刮花', '划伤', '刮伤', '划了', '刮痕', '擦痕', '划花'],
  ['卡顿', '反应慢', '很卡', '卡死', '卡住', '运行慢', '死机', '都卡', '特别卡'],
  [
    '显示签收但没收到',
    '没签收',
    '签收了没收到',
    '显示签收',
    '已签收',
    '被冒领',
    '丢件',
    '没拿到',
    '没见到',
    '快递丢了',
  ],
  ['没发货', '催发货', '还没发货', '催单', '不发货', '没寄出', '发出去', '还没发'],
  ['物流不动', '物流没动', '没动了', '不走', '滞留', '卡在', '停在', '不更新', '没更新'],
  ['漏水', '渗漏', '渗水', '滴水', '冒水', '往下淌', '湿漉漉', '漏了水'],
  ['破损', '破了', '磕坏', '压坏', '摔坏', '碎了', '裂了', '压扁', '变形', '摔碎', '摔得'],
  ['漏发', '少件', '缺件', '少配件', '缺配件', '少了一个', '没有放进来', '缺螺丝', '缺零件'],
  ['不合身', '偏小', '偏大', '尺码不对', '码数不对', '太紧', '买大了', '买小了', '差一截', '勒得'],
  ['质量差', '质量不行', '做工差', '做工粗糙', '线头', '开线', '针脚', '粗糙', '用料'],
  [
    '色差',
    '颜色不一样',
    '和图片不一样',
    '跟图片不符',
    '颜色发灰',
    '颜色比图片',
    '两个样',
    '差别大',
  ],
  ['充不进电', '充不上电', '充不进去', '不充电', '电量', '充电口', '充不满'],
  ['过敏', '红疹', '起疹子', '起疹', '肿了', '又痒', '发痒', '皮肤'],
  ['假货', '冒牌货', '山寨货', '山寨', '仿的', '仿品', '高仿', '不是正品', '防伪', '不是官方'],
  ['噪音', '杂音', '声音大', '嗡嗡', '咔咔', '动静', '吵得'],
  ['霉变', '发霉', '长毛', '绿毛', '变质', '坏掉', '放坏', '酸味', '馊了'],
  ['超时', '送得慢', '送餐慢', '晚了', '迟到', '才送到', '钟头', '才来'],
  ['凉了', '冷掉', '不热乎', '凉透', '冰冰的', '温度', '冷了', '不热'],
  ['异物', '头发', '虫子', '不干净', '脏东西', '塑料片', '吃出', '苍蝇'],
  ['漏装', '少送', '漏送', '少给', '没给', '没放', '只送来', '少了一份'],
  ['洒了', '泼洒', '洒漏', '撒了', '汤流出来', '流出来', '漏得', '翻了', '汤汁'],
  ['口味重', '太咸', '咸得', '太辣', '难吃', '吃不下'],
  ['配送员', '骑手', '外卖小哥', '送餐员', '小哥'],
  [
    '退款没到账',
    '钱没到账',
    '没到账',
    '钱还没退',
    '没收到退款',
    '钱一直没收到',
    '款没到',
    '没回来',
  ],
  ['退差价', '补差价', '保价', '价保', '降价', '便宜了', '差价', '价格就低了'],
  ['开发票', '开票', '发票', '报销', '抬头'],
  ['改地址', '修改地址', '改收货地址', '地址填错', '地址写错', '换地址', '改一下地址'],
  ['退货地址', '退回地址', '寄回地址', '收件地址', '寄到哪', '退回去'],
  ['上门安装', '安装', '不会装', '组装', '装好'],
  ['送错地方', '送错', '送到隔壁', '放错', '别的楼', '送错小区'],
  ['商家不退款', '拒绝退款', '不同意', '驳回', '不处理退款'],
  ['发错货', '发错', '寄错', '货不对版', '不是我买的', '别的款'],
  ['换货', '换一个', '换个新的', '换新'],
  // Near-words an input method gets wrong, one for the other.
  ['到账', '到帐'],
  ['订单', '定单'],
  ['账号', '帐号'],
]

/** Words in a query that say what kind of thing follows, not what to find (订单号 2411…). */
export const QUERY_FILLERS: readonly string[] = [
  '订单编号',
  '订单号',
  '快递单号',
  '物流单号',
  '运单号',
  '单号',
  '手机号码',
  '手机号',
  '手机尾号',
  '电话号码',
  '电话',
  '尾号',
  '联系方式',
  '顾客',
  '买家',
  '客户',
]

export interface SynonymTable {
  /** Phrase (normalised) → the other phrases of its groups. */
  readonly alternatives: ReadonlyMap<string, readonly string[]>
  /** Phrases by length, longest first, for greedy matching inside a typed run. */
  readonly phrases: readonly string[]
}

const MAX_PHRASE = 12

/** Normalises a phrase as queries are: half-width, lower-case, spaces dropped. */
function clean(p: string): string {
  return normalizeText(p).replace(/\s+/g, '')
}

/**
 * Builds the table used at query time from groups (the defaults, then a shop's own). A phrase in
 * several groups gets the alternatives of all of them.
 */
export function synonymTable(
  ...groupLists: ReadonlyArray<readonly (readonly string[])[]>
): SynonymTable {
  const alt = new Map<string, Set<string>>()
  for (const groups of groupLists)
    for (const group of groups) {
      const members = [
        ...new Set(group.map(clean).filter((p) => p.length > 0 && p.length <= MAX_PHRASE)),
      ]
      if (members.length < 2) continue
      for (const p of members) {
        const key = p.endsWith('*') ? p.slice(0, -1) : p
        if (key.length < 1 || (p.endsWith('*') && key.length < 1)) continue
        let set = alt.get(key)
        if (!set) alt.set(key, (set = new Set()))
        for (const o of members) if (o !== p) set.add(o)
      }
    }
  const alternatives = new Map<string, readonly string[]>()
  for (const [k, v] of alt) if (k.length >= 2) alternatives.set(k, [...v])
  const phrases = [...alternatives.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
  return { alternatives, phrases }
}

/** The default table, built once. */
let defaults: SynonymTable | undefined
export function defaultSynonyms(): SynonymTable {
  defaults ??= synonymTable(DEFAULT_SYNONYMS)
  return defaults
}

/**
 * Parses what a supervisor types in Settings: one group a line, phrases separated by spaces,
 * commas, slashes or 、. Returns the groups and the lines that are not groups (one phrase only,
 * or a phrase too long), so the form can say which line is wrong.
 */
export function parseSynonymText(text: string): { groups: string[][]; bad: number[] } {
  const groups: string[][] = []
  const bad: number[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    const parts = line
      .split(/[\s,，、/／;；|]+/)
      .map((p) => p.trim())
      .filter(Boolean)
    if (parts.length === 0) return
    if (parts.length < 2 || parts.some((p) => clean(p).length > MAX_PHRASE || clean(p) === '*'))
      bad.push(i + 1)
    else groups.push(parts)
  })
  return { groups, bad }
}
