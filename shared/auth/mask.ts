/**
 * Masking customer data for lists, search results and exports (DESIGN §6). Pure functions:
 * the same masking in the services, the UI and the exporters. The mask never reveals the
 * length of what it hides beyond what the format itself shows.
 */

const STARS = '****'

/** 13812341234 → 138****1234; +86 138 1234 1234 → +86 138****1234; 021-12345678 → 021-****5678. */
export function maskPhone(phone: string): string {
  const s = phone.trim()
  const digits = s.replace(/\D/g, '')
  if (digits.length < 7) return s.length <= 2 ? '*'.repeat(s.length) : s.slice(0, 1) + STARS
  // A mainland mobile number, possibly after a country code: keep the carrier prefix and the
  // last four digits, as the platforms do.
  const mobile = /^(\+?86[\s-]?)?(1\d{2})[\s-]?\d{4}[\s-]?(\d{4})$/.exec(s)
  if (mobile) return `${mobile[1] ?? ''}${mobile[2]}${STARS}${mobile[3]}`
  const landline = /^(0\d{2,3})[\s-]?\d*(\d{4})$/.exec(s)
  if (landline) return `${landline[1]}-${STARS}${landline[2]}`
  return `${digits.slice(0, 3)}${STARS}${digits.slice(-4)}`
}

/** 张三 → 张*, 张三丰 → 张**, 欧阳娜娜 → 欧***; Latin names keep their first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length === 0) return ''
  if (chars.length === 1) return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 4))
}

const ADDRESS_PREFIX =
  /^((?:[^省市区县]{2,8}?(?:省|自治区|特别行政区))?(?:[^省市区县]{2,10}?(?:市|自治州|地区|盟))?(?:[^省市区县]{1,10}?(?:区|县|市|旗))?)/

/**
 * 浙江省杭州市西湖区文三路 90 号 → 浙江省杭州市西湖区****: the district stays (enough to see
 * where a parcel goes), the street and house number do not.
 */
export function maskAddress(address: string): string {
  const s = address.trim()
  if (!s) return ''
  const prefix = ADDRESS_PREFIX.exec(s)?.[1] ?? ''
  if (prefix && prefix.length < s.length) return prefix + STARS
  return [...s].slice(0, 2).join('') + STARS
}

/** A contact of any kind: phone numbers as phones, e-mail as a***@qq.com, other ids (WeChat) as w****9. */
export function maskContact(contact: string): string {
  const s = contact.trim()
  if (!s) return ''
  if (/^[+\d][\d\s-]{6,}$/.test(s)) return maskPhone(s)
  const at = s.indexOf('@')
  if (at > 0) return `${s[0]}***${s.slice(at)}`
  const chars = [...s]
  if (chars.length <= 2) return '*'.repeat(chars.length)
  return `${chars[0]}${STARS}${chars[chars.length - 1]}`
}

// ---- personal data typed into free text ------------------------------------------------------

/** A digit as typed: ASCII or full-width (０-９, common in Chinese input methods). */
const D = '[0-9\\uFF10-\\uFF19]'
/** What people type between digit groups: spaces, dashes (ASCII, full-width, dashes). */
const SEP = '[ \\t\\u3000\\-\\uFF0D\\u2010-\\u2014]'
const NOT_DIGIT_BEFORE = '(?<![0-9\\uFF10-\\uFF19])'
const NOT_DIGIT_AFTER = '(?![0-9\\uFF10-\\uFF19])'

/** 13812345678, 138 1234 5678, 138-1234-5678, +86 138…, full-width digits. */
const MOBILE = `(?:[+\\uFF0B]?(?:86|\\uFF18\\uFF16)${SEP}?)?[1\\uFF11][3-9\\uFF13-\\uFF19]${D}(?:${SEP}?${D}){8}`
/** 021-12345678, 0571 8888 6666, (021)12345678, 0755-8888-666. */
const LANDLINE = `(?:[0\\uFF10]${D}{2,3}|[(\\uFF08][0\\uFF10]${D}{2,3}[)\\uFF09])${SEP}?${D}{3,4}${SEP}?${D}{4}`
/** An 18-character resident ID number (15-digit old ones too), possibly grouped by spaces. */
const ID_CARD = `${D}{6}${SEP}?(?:19|20|\\uFF11\\uFF19|\\uFF12\\uFF10)${D}{2}${SEP}?${D}{4}${SEP}?${D}{3}[0-9Xx\\uFF10-\\uFF19\\uFF38]`

const CJK = '\\u4e00-\\u9fa5'
/** 文三路90号, 张江路88弄3号, 幸福小区3栋502, 民族大道1号2单元301室. */
const ROAD = `[${CJK}A-Za-z0-9]{1,12}?(?:路|街|大道|大街|巷|弄|胡同)${SEP}*${D}+${SEP}*(?:号|弄)`
const ESTATE = `[${CJK}]{2,10}?(?:小区|花园|公寓|大厦|新村|家园|广场|苑|村)${SEP}*${D}+${SEP}*(?:栋|幢|号楼|号|组)`
const UNIT = `(?:${SEP}*${D}+${SEP}*(?:栋|幢|号楼|单元|楼|层|室|号))*(?:${SEP}*${D}{3,4}(?![号${CJK}]))?`
const ADMIN = `(?:[${CJK}]{2,8}?(?:省|自治区))?(?:[${CJK}]{2,10}?(?:市|自治州|地区|盟))?(?:[${CJK}]{1,10}?(?:区|县|旗))?`

export type PersonalKind = 'phone' | 'idCard' | 'address'

export interface PersonalSpan {
  kind: PersonalKind
  start: number
  end: number
  text: string
}

const DETECT = new RegExp(
  `(?<id>${NOT_DIGIT_BEFORE}(?:${ID_CARD})${NOT_DIGIT_AFTER})` +
    `|(?<mobile>${NOT_DIGIT_BEFORE}${MOBILE}${NOT_DIGIT_AFTER})` +
    `|(?<land>${NOT_DIGIT_BEFORE}${LANDLINE}${NOT_DIGIT_AFTER})` +
    `|(?<addr>${ADMIN}(?:${ROAD}|${ESTATE})${UNIT})`,
  'g',
)

/** Words that introduce an address and are not part of it (确认地址文三路… → 文三路…). */
const ADDRESS_LEAD = /^.*(?:地址|住址|收货|寄到|送到|发到|改到|改成|住在|位于|[是在为：:，,、\s])/

function fullWidthToAscii(s: string): string {
  return s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}

/**
 * Phone numbers (mainland mobile, landline), resident ID numbers and detailed addresses (a road
 * and house number, or an estate and building) typed into free text, in order of position.
 */
export function findPersonalData(text: string): PersonalSpan[] {
  const out: PersonalSpan[] = []
  if (!text) return out
  DETECT.lastIndex = 0
  for (let m = DETECT.exec(text); m; m = DETECT.exec(text)) {
    let start = m.index
    let found = m[0]
    const g = m.groups ?? {}
    let kind: PersonalKind
    if (g.id) {
      // A resident ID holds a birth date: 18 digits without one are an order or parcel number.
      const ascii = fullWidthToAscii(found).replace(/\D/g, '')
      const month = Number(ascii.slice(10, 12))
      const day = Number(ascii.slice(12, 14))
      if (month < 1 || month > 12 || day < 1 || day > 31) continue
      kind = 'idCard'
    } else if (g.mobile || g.land) kind = 'phone'
    else {
      kind = 'address'
      // A lazy match may start on the words before the address (…确认地址文三路90号).
      const lead = ADMIN_LEAD_TRIM(found)
      start += lead
      found = found.slice(lead)
      if ([...found].length < 4) continue
    }
    out.push({ kind, start, end: start + found.length, text: found })
  }
  return out
}

function ADMIN_LEAD_TRIM(found: string): number {
  // Cut the words that introduce the address (确认地址…, 寄到…) before its first place name.
  const place =
    /(?:省|自治区|市|自治州|地区|盟|区|县|旗|路|街|大道|巷|弄|胡同|小区|花园|公寓|大厦|新村|家园|广场|苑|村)/.exec(
      found,
    )
  const head = place ? found.slice(0, place.index) : found
  const lead = ADDRESS_LEAD.exec(head)
  return lead ? lead[0].length : 0
}

/** An ID number as platforms show it: 110101********123X → 110****123X. */
export function maskIdCard(id: string): string {
  const s = fullWidthToAscii(id).replace(/\s/g, '')
  return `${s.slice(0, 3)}${STARS}${s.slice(-4)}`
}

/** One detected span, masked the way the same data in a contact field is. */
export function maskSpan(span: PersonalSpan): string {
  if (span.kind === 'idCard') return maskIdCard(span.text)
  if (span.kind === 'phone') {
    const ascii = fullWidthToAscii(span.text)
      .replace(/[\u3000\uFF0D\u2010-\u2014]/g, '-')
      .replace(/[\uFF0B]/g, '+')
      .replace(/[\uFF08]/g, '(')
      .replace(/[\uFF09]/g, ')')
    const phone = ascii.replace(/^\((0\d{2,3})\)/, '$1-')
    const land = /^(0\d{2,3})[\s-]+[\d\s-]*(\d{4})$/.exec(phone)
    if (land) return `${land[1]}-${STARS}${land[2]}`
    return maskPhone(phone)
  }
  // In running text only the district stays; the road, estate and number do not.
  let prefix = ADDRESS_PREFIX.exec(span.text)?.[1] ?? ''
  if (prefix.endsWith('小区')) prefix = ''
  return (prefix.length < span.text.length ? prefix : '') + STARS
}

/**
 * Free text (a description, a note, a reply) with every phone number, ID number and detailed
 * address in it masked (DESIGN §6): what lists, search results, the order view, the customer
 * archive and exports show. The clear text only through the audited reveal.
 */
export function maskFreeText(text: string): string {
  const spans = findPersonalData(text)
  if (spans.length === 0) return text
  let out = ''
  let at = 0
  for (const s of spans) {
    out += text.slice(at, s.start) + maskSpan(s)
    at = s.end
  }
  return out + text.slice(at)
}
