import type { z } from 'zod'

/**
 * Who may call a method. 'public' needs no sign-in (the first-start and sign-in screens);
 * 'signedIn' needs a signed-in person; a permission name is checked against the role table.
 */
export type Access = 'public' | 'signedIn' | `perm:${string}`

export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly access: Access
  /** Phantom: carries the result type; never set at run time. */
  readonly __result?: O
}

/** Declares a method: `method<Result>()(inputSchema, { access })`. */
export function method<O>() {
  return <I extends z.ZodType>(input: I, opts: { access?: Access } = {}): MethodSpec<I, O> => ({
    input,
    access: opts.access ?? 'signedIn',
  })
}

export type ServiceSpec = Record<string, MethodSpec>
export type ContractSpec = Record<string, ServiceSpec>

export type InputOf<M> = M extends MethodSpec<infer I, unknown> ? z.input<I> : never
export type ParsedOf<M> = M extends MethodSpec<infer I, unknown> ? z.output<I> : never
export type ResultOf<M> = M extends MethodSpec<z.ZodType, infer O> ? O : never

/** The API as the renderer sees it: every method async, taking the raw input. */
export type ClientApi<C extends ContractSpec> = {
  [S in keyof C]: { [K in keyof C[S]]: (input: InputOf<C[S][K]>) => Promise<ResultOf<C[S][K]>> }
}

/** A service implementation: every method gets the parsed input and the caller's context. */
export type ServiceImpl<S extends ServiceSpec, Ctx> = {
  [K in keyof S]: (input: ParsedOf<S[K]>, ctx: Ctx) => Promise<ResultOf<S[K]>> | ResultOf<S[K]>
}

/** What a transport answers: never a thrown error across the boundary. */
export type Envelope<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } }
