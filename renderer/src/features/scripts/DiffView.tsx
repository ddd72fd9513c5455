import { diffText } from '@shared/scripts/diff'

/** Two versions of a text, changes marked inside lines (bodies are often one long line). */
export function DiffView({ before, after }: { before: string; after: string }) {
  const lines = diffText(before, after)
  return (
    <div className="script-diff" data-testid="script-diff">
      {lines.map((line, i) => (
        <div key={i} className={`diff-line diff-${line.kind}`}>
          {line.parts.map((p, j) =>
            p.kind === 'same' ? (
              <span key={j}>{p.text}</span>
            ) : p.kind === 'added' ? (
              <ins key={j}>{p.text}</ins>
            ) : (
              <del key={j}>{p.text}</del>
            ),
          )}
        </div>
      ))}
    </div>
  )
}
