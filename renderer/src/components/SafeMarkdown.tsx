import DOMPurify from 'dompurify'
import { Marked } from 'marked'
import { useMemo } from 'react'

const marked = new Marked({ gfm: true, breaks: true, async: false })

// Links may go to the web, mail, or within the page; never javascript:, data: or vbscript:.
const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/)|\.{1,2}\/|[^:/?#]*(?:[/?#]|$))/i

const purify = DOMPurify(window)
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? ''
    if (!SAFE_URL.test(href.trim())) node.removeAttribute('href')
    node.setAttribute('rel', 'noopener noreferrer')
    node.setAttribute('target', '_blank')
  }
  if (node.tagName === 'IMG') {
    // No remote content (DESIGN §6): images only from the app itself or inline data of an image type.
    const src = node.getAttribute('src') ?? ''
    if (
      !/^(?:data:image\/(?:png|jpe?g|gif|webp);|\/(?!\/)|\.{1,2}\/|[^:/?#]+(?:[/?#]|$))/i.test(src)
    )
      node.removeAttribute('src')
  }
})

/**
 * Markdown (training materials, release notes) as HTML that cannot run anything: marked
 * renders, DOMPurify strips scripts, event handlers, styles, forms, frames and unsafe URLs.
 */
export function renderSafeMarkdown(source: string): string {
  const html = marked.parse(source) as string
  return purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: [
      'style',
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'object',
      'embed',
      'svg',
      'math',
    ],
    FORBID_ATTR: ['style', 'srcset', 'formaction', 'xlink:href'],
    ALLOW_DATA_ATTR: false,
  })
}

export function SafeMarkdown({
  source,
  className,
  ...rest
}: { source: string; className?: string } & Record<`data-${string}`, string>) {
  const html = useMemo(() => renderSafeMarkdown(source), [source])
  return (
    <div
      className={className ?? 'safe-markdown'}
      {...rest}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  )
}
