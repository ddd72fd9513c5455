import { AppError, ErrorCode } from '../../shared/errors'
import type { PrintAdapter } from '../adapters/types'

export type PrintLanguage = 'zh-CN' | 'en'

/**
 * The print view's route for a shift summary token (renderer/src/features/print), in the
 * language the whole document is to be in (the print window starts in zh-CN otherwise).
 */
export function printRoute(token: string, language?: PrintLanguage): string {
  return `#/print/shift/${token}${language ? `?lang=${language}` : ''}`
}

/**
 * PDF of a shift summary with its charts: the print adapter loads the app's own print view in
 * a hidden window and prints it once the page marks itself ready. The browser build has no
 * such adapter: there the page opens the same print view and the browser prints it.
 */
export async function shiftPdf(
  print: PrintAdapter,
  pageUrl: string,
  token: string,
  language?: PrintLanguage,
): Promise<Uint8Array> {
  if (!print.toPdf) {
    throw new AppError(
      ErrorCode.unavailable,
      '浏览器版不能直接生成 PDF：请点「打印」，在打印窗口选择「另存为 PDF」',
    )
  }
  const base = pageUrl.split('#')[0]!
  return print.toPdf(base + printRoute(token, language))
}
