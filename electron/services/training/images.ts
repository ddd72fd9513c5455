import { lessonImages } from '../../../shared/content/checks'

/**
 * The lesson images shipped in resources/content/images, bundled into the main process at
 * build time and handed to the window as data: URLs: no file path, protocol or remote fetch is
 * involved, and the window's CSP already allows data: images.
 */
const files = import.meta.glob('../../../resources/content/images/*.svg', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

const byPath = new Map<string, string>()
for (const [file, text] of Object.entries(files)) {
  const name = file.slice(file.lastIndexOf('/') + 1)
  byPath.set(
    `images/${name}`,
    `data:image/svg+xml;base64,${Buffer.from(text, 'utf8').toString('base64')}`,
  )
}

/** Image path as written in a lesson (`images/x.svg`, `./images/x.svg`) → data: URL, for those shipped. */
export function lessonImageUrls(body: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of lessonImages(body)) {
    const url = byPath.get(p.replace(/^\.\//, ''))
    if (url) out[p] = url
  }
  return out
}
