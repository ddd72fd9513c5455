/**
 * Whether an order's reply box (with its own picker) is on screen: Ctrl+/ then belongs to it,
 * and the app-wide copy-only picker stays out of the way.
 */
let mounted = 0

export function replyPickerMounted(): () => void {
  mounted++
  return () => {
    mounted--
  }
}

export function isReplyPickerMounted(): boolean {
  return mounted > 0
}
