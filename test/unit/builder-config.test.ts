import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// Packaging needs Electron's download, so it can't run here: the config is checked with
// electron-builder's own schema validation and file matcher instead.
const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(text: string): unknown }
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util/out/DebugLogger') as {
  DebugLogger: new (enabled?: boolean) => unknown
}
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (p: string) => string,
    patterns: string[],
  ) => {
    createFilter(): (
      file: string,
      stat: { isDirectory(): boolean; moduleFullFilePath?: string },
    ) => boolean
  }
}

const root = path.resolve(import.meta.dirname, '../..')

interface BuilderConfig {
  appId: string
  productName: string
  files: string[]
  extraResources?: { from: string; to: string }[]
  electronFuses: Record<string, boolean>
  win: { icon: string; target: { target: string }[] }
  nsis: Record<string, unknown>
  linux: { icon: string; category: string; maintainer: string; target: { target: string }[] }
}

const config = yaml.load(
  fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'),
) as BuilderConfig

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('names the app', () => {
    expect(config.appId).toBe('com.kefudesk.app')
    expect(config.productName).toBe('Kefu Desk')
  })

  it('flips the fuses that stop the binary being used as Node or fed a changed app', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    })
  })

  it('builds an assisted, per-machine NSIS installer that keeps user data on uninstall', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis'])
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
    })
  })

  it('builds AppImage and deb for Linux, filed under Office, with a maintainer', () => {
    expect(config.linux.target.map((t) => t.target).sort()).toEqual(['AppImage', 'deb'])
    expect(config.linux.category).toBe('Office')
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/)
  })

  it('points at icons that exist: a 512 px PNG and an ICO', () => {
    const png = fs.readFileSync(path.join(root, config.linux.icon))
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(512)
    expect(png.readUInt32BE(20)).toBe(512)
    const ico = fs.readFileSync(path.join(root, config.win.icon))
    expect(ico.readUInt16LE(2)).toBe(1) // type: icon
    // one of the images is 256 px (stored as 0), which NSIS needs
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i])
    expect(sizes).toContain(0)
  })

  describe('files packed into app.asar', () => {
    const matcher = new FileMatcher(root, '/app', (p) => p, config.files)
    const filter = matcher.createFilter()
    const included = (rel: string) => filter(path.join(root, rel), { isDirectory: () => false })

    it('include the built app and package.json', () => {
      for (const rel of [
        'out/main/index.js',
        'out/main/web.js',
        'out/preload/index.cjs',
        'out/renderer/index.html',
        'out/renderer/assets/index-abc123.js',
        'package.json',
      ]) {
        expect(included(rel), rel).toBe(true)
      }
    })

    it('exclude sources, tests, tooling and docs', () => {
      for (const rel of [
        'electron/main.ts',
        'electron/services/tickets.ts',
        'renderer/src/main.tsx',
        'renderer/index.html',
        'shared/api/index.ts',
        'test/unit/security.test.ts',
        'test/e2e/shell.e2e.ts',
        'scripts/start.mjs',
        'docs/screenshot-zh.png',
        'resources/content/scripts.json',
        '.ci/run',
        'tsconfig.json',
        'electron.vite.config.ts',
        'electron-builder.yml',
        'README.md',
        'out/main/index.js.map',
        'out/main/some.d.ts',
      ]) {
        expect(included(rel), rel).toBe(false)
      }
    })
  })

  it('ships the default content once: bundled into the main process, with no loose copy', () => {
    expect(config.extraResources?.find((r) => r.from.startsWith('resources'))).toBeUndefined()
  })
})
