export function electronPackageDir(): string | null
export function findElectronBinary(dir?: string | null): string | null
