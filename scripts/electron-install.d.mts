export type InstallFailure = 'stalled' | 'unreachable' | 'http' | 'checksum' | 'failed'
export interface EnsureOptions {
  electronDir: string
  env?: NodeJS.ProcessEnv
  stallMs?: number
  memoFile: string
  now?: number
  retry?: boolean
  onProgress?: (bytes: number) => void
}
export type EnsureResult =
  | { exe: string; fetched: boolean }
  | { exe: null; reason: InstallFailure; detail: string; failedAt: number; remembered: boolean }
export const MEMO_TTL_MS: number
export function ensureElectron(opts: EnsureOptions): Promise<EnsureResult>
export function failureMessage(r: Extract<EnsureResult, { exe: null }>): string
export function classifyInstallError(stderr: string): { reason: InstallFailure; detail: string }
