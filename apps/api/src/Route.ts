/**
 * A route of the API as data: its method and path, the Schemas that decode its path,
 * query and body, the Schema of its answer, the action of `Access.table` it needs, and a
 * handler that calls one use case with the acting user. `mount` turns a list of routes
 * into Hono handlers and `OpenApi.document` into the OpenAPI document, from the same
 * Schemas, so the document cannot drift from what the server decodes.
 */
import type { Access, Actor, DomainError, Idempotency } from "@phungpao/domain"
import type * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Services } from "./Services.js"

/** What a handler gets: the decoded input, the acting user, the idempotency key, and how to name the route on record. */
export interface Input<P, Q, B> {
  readonly params: P
  readonly query: Q
  readonly body: B
  readonly actor: Actor.Actor
  /** The `Idempotency-Key` header, or a fresh key when a write came without one (and may). */
  readonly key: Idempotency.Key
  /** `METHOD /path/{template}`: what an audit entry names. */
  readonly what: string
  /** An upload's bytes and media type, for a route that takes a file (`upload`). */
  readonly upload: { readonly bytes: Uint8Array; readonly mediaType: string } | undefined
  /** The folder uploads are kept in for the workers (`Imports`). */
  readonly uploads: string
}

/** A handler's answer: a value the route's Schema encodes, or a file (CSV) with its media type. */
export type Answer<O> = O | { readonly _file: true; readonly mediaType: string; readonly body: string; readonly name: string }

export interface Route<P = any, Q = any, B = any, O = any> {
  readonly method: "get" | "post"
  /** OpenAPI's template form: `/v1/households/{houseCode}`. */
  readonly path: string
  readonly operationId: string
  readonly tag: string
  readonly summary: string
  readonly description?: string
  /** The right it needs (documented; the use case checks it). */
  readonly action?: Access.Action
  /** `public`: no token needed (it holds no personal data). */
  readonly auth: "token" | "public"
  readonly params?: Schema.Struct<any>
  readonly query?: Schema.Struct<any>
  readonly body?: Schema.Schema<B, any>
  readonly response: Schema.Schema<O, any>
  readonly status: 200 | 201 | 202
  /** It changes something: takes `Idempotency-Key`, and is rate-limited as a write. */
  readonly writes: boolean
  /**
   * How a write takes `Idempotency-Key`: `optional` (default; a fresh key without one),
   * `required` (refused without one), or `none` (a write that is the same however often it
   * is sent, as cancelling a job: the header is not read).
   */
  readonly idempotency?: "optional" | "required" | "none"
  /** Also answers `?format=csv` with this media type. */
  readonly csv?: boolean
  /** Reads households or their journey: part of the suite that checks a caller sees nothing outside their areas. */
  readonly scoped?: boolean
  /** Takes `?unmask=true`. */
  readonly unmask?: boolean
  /** Revokes tokens: the tokens' users this server keeps are forgotten. */
  readonly revokesTokens?: boolean
  /** Takes a file as its body (not JSON): the media types it reads and its own size limit. */
  readonly upload?: { readonly mediaTypes: ReadonlyArray<string>; readonly maxBytes: number }
  readonly handler: (input: Input<P, Q, B>) => Effect.Effect<Answer<O>, DomainError, Services>
}

/** Defines a route, inferring its input and output types from its Schemas. */
export const define = <PF extends Schema.Struct.Fields = {}, QF extends Schema.Struct.Fields = {}, B = undefined, O = unknown>(
  route: Omit<Route, "auth" | "status" | "writes" | "params" | "query" | "body" | "response" | "handler"> & {
    readonly auth?: Route["auth"]
    readonly status?: Route["status"]
    /** Default: a POST that needs a token changes something. */
    readonly writes?: boolean
    readonly params?: Schema.Struct<PF>
    readonly query?: Schema.Struct<QF>
    readonly body?: Schema.Schema<B, any>
    readonly response: Schema.Schema<O, any>
    readonly handler: (
      input: Input<Schema.Struct.Type<PF>, Schema.Struct.Type<QF>, NoInfer<B>>
    ) => Effect.Effect<Answer<NoInfer<O>>, DomainError, Services>
  }
): Route =>
  ({
    ...route,
    auth: route.auth ?? "token",
    status: route.status ?? (route.method === "post" ? 201 : 200),
    writes: route.writes ?? (route.method === "post" && route.auth !== "public")
  }) as Route

/** Hono's form of an OpenAPI path template: `{houseCode}` → `:houseCode`. */
export const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1")

/** A field at fault and why, never its value. */
export interface Issue {
  readonly path: string
  readonly reason: string
}

const pathText = (path: ReadonlyArray<PropertyKey>, root: string) =>
  path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`), root)

// Effect's messages quote the value they got ("Expected …, actual "3301…""): the value
// may be personal data, so a reason keeps what was expected and drops what was sent.
const withoutValue = (message: string) =>
  message
    .replace(/,?\s*(actual\s|got\s")[\s\S]*$/, "")
    .replace(/\s*\n[\s\S]*$/, "")
    .trim()

/** Why a value did not decode, field by field. */
export const issues = (error: ParseResult.ParseError, root: string): ReadonlyArray<Issue> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    path: pathText(issue.path, root) || root || "(body)",
    reason:
      issue._tag === "Missing"
        ? "is required"
        : issue._tag === "Unexpected"
          ? "is not a field a caller may set"
          : withoutValue(issue.message) || "is not valid"
  }))

/** Decodes input: excess fields of a body are refused (no mass assignment); a query's other parameters are left to the route. */
// A decoder made once for each Schema and treatment of excess fields, not on every request.
const decoders = { error: new WeakMap<object, (u: unknown) => any>(), ignore: new WeakMap<object, (u: unknown) => any>() }

export const decode = <A>(schema: Schema.Schema<A, any, any>, value: unknown, root: string, excess: "error" | "ignore" = "error") => {
  let decoder = decoders[excess].get(schema)
  if (decoder === undefined) decoders[excess].set(schema, (decoder = Schema.decodeUnknownEither(schema as Schema.Schema<A, any>, { errors: "all", onExcessProperty: excess })))
  const result = decoder(value) as ReturnType<ReturnType<typeof Schema.decodeUnknownEither<A, any>>>
  return result._tag === "Right" ? ({ ok: true, value: result.right } as const) : ({ ok: false, issues: issues(result.left, root) } as const)
}
