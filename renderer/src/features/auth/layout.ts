import type { CSSProperties } from 'react'

/** The auth screens sit centred in the content area, below the shell's status bar. */
export const screenStyle: CSSProperties = {
  display: 'flex',
  flexDirection: 'column',
  alignItems: 'center',
  justifyContent: 'center',
  gap: 8,
  minHeight: '70vh',
  padding: 24,
}
