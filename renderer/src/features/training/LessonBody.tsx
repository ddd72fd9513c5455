import { useMemo } from 'react'
import { renderSafeMarkdown } from '../../components/SafeMarkdown'

/**
 * A lesson's markdown, sanitised by the shared renderer (DESIGN §6). Images the lesson names
 * (`images/x.svg`) are then pointed at the data: URLs the training service sent for the app's
 * own files; only exact, already-sanitised src values are swapped, nothing else is touched.
 */
export function LessonBody({ body, images }: { body: string; images: Record<string, string> }) {
  const html = useMemo(() => {
    let out = renderSafeMarkdown(body)
    for (const [path, url] of Object.entries(images)) {
      if (!/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/.test(url)) continue
      out = out.split(`src="${path}"`).join(`src="${url}"`)
    }
    return out
  }, [body, images])
  return (
    <div
      className="safe-markdown lesson-body"
      data-testid="lesson-body"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  )
}
