import { useEffect, useState } from 'react'
import { App } from '../../app/App'
import { PrintApp } from './PrintApp'

const isPrint = () => window.location.hash.startsWith('#/print/')

/** The app, or the print view when the route is `#/print/…` (no shell, no sign-in screen). */
export function Root() {
  const [print, setPrint] = useState(isPrint)
  useEffect(() => {
    const on = () => setPrint(isPrint())
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return print ? <PrintApp key={window.location.hash} /> : <App />
}
