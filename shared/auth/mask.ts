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
