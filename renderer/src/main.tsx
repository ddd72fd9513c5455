import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './i18n'
import './app/shell.css'
import { Root } from './features/print/Root'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
)
