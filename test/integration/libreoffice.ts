import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

/**
 * A real spreadsheet reading the exports (issue 22 item 4): LibreOffice Calc headless (Debian
 * libreoffice-calc-nogui) opens the files as a person's Calc would, saves what it holds as flat
 * ODS, and fods-cells.py reads the cell types, values, shown text and formulas back.
 */

const run = promisify(execFile)

export interface CalcCell {
  /** string, float, percentage, currency, date, … or null for an empty cell. */
  t: string | null
  v: string | number | boolean | null
  /** The text Calc shows. */
  s: string
  f: string | null
}
export type CalcBook = Record<string, CalcCell[][]>

/**
 * The CSV import the read-back states, as LibreOffice's filter options string (token by token):
 * comma-separated (44), fields quoted with " (34), UTF-8 (76), from line 1; every column
 * Standard (1), i.e. typed by content as Excel and WPS do on a double-click; language zh-CN
 * (2052); quoted fields not forced to text; special numbers (dates, times, percentages)
 * detected; not trimming spaces; and formulas evaluated. These are the least forgiving
 * settings: whatever stays text and whole here stays so in Excel and WPS.
 */
export function csvImportOptions(columns: number): string {
  const formats = Array.from({ length: columns }, (_, i) => `${i + 1}/1`).join('/')
  return [
    '44',
    '34',
    '76',
    '1',
    formats,
    '2052',
    'false',
    'true',
    'false',
    'false',
    'false',
    '-1',
    'true',
  ].join(',')
}

/** soffice takes 10–30 s to start on a busy machine; a conversion of a few files far less. */
export const SOFFICE_TIMEOUT_MS = 240_000

/**
 * Converts `files` to flat ODS in `outDir` with one soffice run (its start is the slow part),
 * in a profile of its own so parallel runs and a person's own LibreOffice never collide.
 * `infilter` forces the import filter (with its options) for every file of the run.
 */
export async function convertWithCalc(
  files: string[],
  outDir: string,
  infilter?: string,
): Promise<void> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-lo-profile-'))
  try {
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        ...(infilter ? [`--infilter=${infilter}`] : []),
        '--convert-to',
        'fods',
        '--outdir',
        outDir,
        ...files,
      ],
      { timeout: SOFFICE_TIMEOUT_MS },
    )
  } finally {
    fs.rmSync(profile, { recursive: true, force: true })
  }
  for (const f of files) {
    const out = path.join(outDir, path.basename(f).replace(/\.[^.]+$/, '.fods'))
    if (!fs.existsSync(out)) throw new Error(`LibreOffice did not convert ${f}`)
  }
}

/** The cells Calc holds in each flat ODS file, by file name (without .fods) then sheet name. */
export async function readCalc(fodsFiles: string[]): Promise<Record<string, CalcBook>> {
  const script = path.join(import.meta.dirname, 'fods-cells.py')
  const { stdout } = await run('/usr/bin/python3', [script, ...fodsFiles], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  })
  const parsed = JSON.parse(stdout) as Record<string, CalcBook>
  const out: Record<string, CalcBook> = {}
  for (const [k, v] of Object.entries(parsed)) out[k.replace(/\.fods$/, '')] = v
  return out
}

/** Every cell of a workbook, with where it is (for messages). */
export function* cellsOf(book: CalcBook): Generator<{ at: string; cell: CalcCell }> {
  for (const [sheet, rows] of Object.entries(book))
    for (let r = 0; r < rows.length; r++)
      for (let c = 0; c < rows[r]!.length; c++)
        yield { at: `${sheet}!R${r + 1}C${c + 1}`, cell: rows[r]![c]! }
}
