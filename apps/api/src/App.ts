/**
 * The HTTP API, built by `makeApp` so tests call it through `app.request` without a
 * server. Every route of `Routes.all` is mounted the same way: the caller's token turned
 * into the acting user, the input decoded by the route's Schemas, one use case called,
 * the answer encoded by the route's Schema; a refusal becomes problem+json by the one
 * table of `Problem`. The behaviour routes share (request ids, logging, security headers,
 * body limits, rate limits, CORS) is here too.
 */
import { type Actor, ApiToken, type DomainError, Idempotency } from "@phungpao/domain"
import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { Hono, type Context } from "hono"
import { bodyLimit } from "hono/body-limit"
import { cors } from "hono/cors"
import { routePath } from "hono/route"
import { createHash, randomUUID } from "node:crypto"
import type { IncomingMessage } from "node:http"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { RateLimiterMemory } from "rate-limiter-flexible"
import * as OpenApi from "./OpenApi.js"
import * as Problem from "./Problem.js"
import { type Answer, decode, honoPath, type Route } from "./Route.js"
import * as Routes from "./Routes.js"
import { type Readiness, readiness, type Services } from "./Services.js"

/** Runs a program on the server's ports: its exit, at once or later (see `Run.runner`). */
export type Run = <A, E>(program: Effect.Effect<A, E, Services | Readiness>) => Exit.Exit<A, E> | Promise<Exit.Exit<A, E>>

export interface Options {
  readonly run: Run
  /** Where the one line per request goes (default: standard output). */
  readonly log?: (line: Readonly<Record<string, unknown>>) => void
  /** Requests a token may make in `perSeconds` (default 600 in 60 s); writes count 5. */
  readonly rateLimit?: { readonly points: number; readonly perSeconds: number }
  /** Largest body accepted, in bytes (default 1 MiB). */
  readonly bodyLimit?: number
  /** Origins allowed to call from a browser (default none: CORS off). */
  readonly corsOrigins?: ReadonlyArray<string>
  /**
   * How long a token's user, once read, is taken as they were (default 2,000 ms): a token
   * revoked, or a user changed, elsewhere counts from then on. 0 reads them on every request.
   */
  readonly tokenCacheMs?: number
  readonly routes?: ReadonlyArray<Route>
  /** The folder uploads are kept in for the workers (see `Imports`): storage every worker reads. */
  readonly uploads: string
}

export type App = Hono<Env>

type Env = { Variables: { requestId: string; actor?: string } }

/**
 * The headers of an answer made here: its media type, the security headers (as Hono's
 * `secureHeaders` sets them by default, with `Cross-Origin-Resource-Policy: same-origin`)
 * and its request id, written as one object literal. V8 makes such a literal in one step,
 * where spreading the security headers into a new object cost some 10 µs a request under
 * load (measured in the server, against 0.5 µs for the literal).
 */
const answerHeaders = (contentType: string, requestId: string): Record<string, string> => ({
  "content-type": contentType,
  "cross-origin-resource-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=15552000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "SAMEORIGIN",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
  "x-request-id": requestId
})

/** The security headers of every answer (those of `answerHeaders` less its media type and request id). */
export const securityHeaders: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(answerHeaders("", "")).filter(([name]) => name !== "content-type" && name !== "x-request-id")
)
const securityEntries = Object.entries(securityHeaders)

/**
 * Answers made with their headers whole (security headers and request id included) as a
 * plain object: @hono/node-server writes those as they are, where a web `Headers` has to
 * be built, filled one header at a time and read back for every answer. Such an answer
 * carries this mark; the frame adds the headers to any other answer (and to one a
 * middleware changed: CORS's headers, set on the context's answer, make a new answer of it).
 */
const complete: unique symbol = Symbol("phungpao.complete")
type Marked = Response & { [complete]?: true }

const send = (c: Context, body: string, status: number, contentType: string, extra?: Readonly<Record<string, string>>): Response => {
  const headers = answerHeaders(contentType, c.get("requestId") as string)
  if (extra !== undefined) for (const name in extra) headers[name] = extra[name]!
  const res: Marked = new Response(body, { status, headers })
  res[complete] = true
  return res
}

const problem = (c: Context, p: Problem.Problem, headers?: Readonly<Record<string, string>>) =>
  send(c, JSON.stringify(p), p.status, "application/problem+json", headers)

const json = (c: Context, value: unknown, status: number) => send(c, JSON.stringify(value), status, "application/json")

/** Who a public route acts as: nobody, over no area (such routes hold no personal data). */
const anonymous: Actor.Actor = { id: "anonymous", role: "agencyOfficer", scope: [] }

/**
 * A request's body as text. With a Content-Length (checked against the limit already) it
 * is read from Node's request stream, as it arrives, not through the web stream a
 * `Request` would make of it: a fifth of a small POST's cost. Otherwise as Hono reads it.
 */
const bodyText = (c: Context): Promise<string> => {
  const incoming = (c.env as { readonly incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming === undefined || c.req.header("content-length") === undefined) return c.req.text()
  // Its events, not an async iterator: one promise for the body, not one a chunk.
  return new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
    incoming.once("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")))
    incoming.once("error", reject)
  })
}

/** Whether encoding by a Schema changes anything: only a transformation does (refinements, brands and structs pass values through). */
const transforms = (ast: AST.AST, seen = new Set<AST.AST>()): boolean => {
  if (seen.has(ast)) return false
  seen.add(ast)
  switch (ast._tag) {
    case "Transformation":
      return true
    case "Refinement":
      return transforms(ast.from, seen)
    case "Suspend":
      return transforms(ast.f(), seen)
    case "Union":
      return ast.types.some((t) => transforms(t, seen))
    case "TupleType":
      return ast.elements.some((e) => transforms(e.type, seen)) || ast.rest.some((r) => transforms(r.type, seen))
    case "TypeLiteral":
      return ast.propertySignatures.some((p) => transforms(p.type, seen)) || ast.indexSignatures.some((i) => transforms(i.type, seen))
    case "Declaration":
      return true
    default:
      return false
  }
}

const bearer = (header: string | undefined) => /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1]

const isFile = <O>(answer: Answer<O>): answer is Extract<Answer<O>, { readonly _file: true }> =>
  typeof answer === "object" && answer !== null && (answer as { _file?: unknown })._file === true

const standalone = (() => {
  let text: string | undefined
  return () => (text ??= readFileSync(createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js"), "utf8"))
})()

const docsPage = `<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phungpao API · พุ่งเป้า</title>
</head>
<body>
<script id="api-reference" data-url="/openapi.json"></script>
<script src="/docs/scalar.js"></script>
</body>
</html>
`

export const makeApp = (options: Options) => {
  const { run } = options
  const routes = options.routes ?? Routes.all
  const log = options.log ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`))
  const limit = options.rateLimit ?? { points: 600, perSeconds: 60 }
  const limiter = new RateLimiterMemory({ points: limit.points, duration: limit.perSeconds })
  const document = OpenApi.document(routes)
  const tokenCacheMs = options.tokenCacheMs ?? 2000
  const known = new Map<string, { readonly actor: Actor.Actor; readonly until: number }>()
  /** The acting user of a secret: from the books, or from what they said less than `tokenCacheMs` ago. */
  const authenticate = (secret: string | undefined, hash: string) => {
    const now = Date.now()
    const seen = known.get(hash)
    if (seen !== undefined && seen.until > now) return Exit.succeed(seen.actor)
    const remember = (exit: Exit.Exit<Actor.Actor, DomainError>) => {
      if (Exit.isSuccess(exit) && tokenCacheMs > 0) {
        if (known.size > 10_000) known.clear()
        known.set(hash, { actor: exit.value, until: now + tokenCacheMs })
      } else known.delete(hash)
      return exit
    }
    const exit = run(ApiToken.authenticate(secret))
    return exit instanceof Promise ? exit.then(remember) : remember(exit)
  }
  // A route's answer is encoded by its Schema, unless the Schema changes nothing on the way out.
  const identical = new Set(routes.filter((r) => !transforms(r.response.ast)).map((r) => r.operationId))
  const app = new Hono<Env>()

  // The frame of every request: its id (the caller's X-Request-Id when well formed, as
  // Hono's `requestId` takes it), the security headers on its answer, and its log line.
  app.use(async (c, next) => {
    const started = performance.now()
    const asked = c.req.header("x-request-id")
    const id = asked === undefined || asked === "" || asked.length > 255 || /[^\w\-=]/.test(asked) ? randomUUID() : asked
    c.set("requestId", id)
    await next()
    const res = c.res
    if ((res as Marked)[complete] !== true) {
      for (const [name, value] of securityEntries) res.headers.set(name, value)
      res.headers.set("x-request-id", id)
      res.headers.delete("x-powered-by")
    }
    // One line a request: never a body, a query, a token, a citizen ID or a name; the
    // route is the template (`/v1/households/:houseCode`), not the address asked for.
    log({
      at: new Date().toISOString(),
      requestId: c.get("requestId"),
      method: c.req.method,
      route: c.res.status === 404 && c.get("actor") === undefined && routePath(c) === "/*" ? "(none)" : routePath(c),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      actor: c.get("actor") ?? null
    })
  })
  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
    app.use(cors({ origin: [...options.corsOrigins], allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"], exposeHeaders: ["Retry-After", "X-Request-Id"] }))
  }
  // Every body's limit: an upload route's own, or the general one. A GET carries no body; a
  // body with a Content-Length is measured by it (and read later from Node's stream, see
  // `bodyText`); only a body sent in chunks goes through Hono's limit, which has to make a
  // whole web `Request` of it.
  const tooLarge = (c: Context, max: number) =>
    problem(c, Problem.http(413, "BodyTooLarge", "Body too large", "ข้อมูลที่ส่งมาใหญ่เกินไป", `the body is larger than ${max} bytes`))
  const general = options.bodyLimit ?? 1024 * 1024
  const limits = new Map(
    [...new Set([general, ...routes.flatMap((r) => (r.upload === undefined ? [] : [r.upload.maxBytes]))])].map((max) => [
      max,
      bodyLimit({ maxSize: max, onError: (c) => tooLarge(c, max) })
    ])
  )
  const maxOf = new Map(routes.flatMap((r) => (r.upload === undefined ? [] : [[honoPath(r.path), r.upload.maxBytes] as const])))
  app.use((c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next()
    const max = maxOf.get(c.req.path) ?? general
    const length = c.req.header("content-length")
    if (length !== undefined && /^\d+$/.test(length)) return Number(length) > max ? Promise.resolve(tooLarge(c, max)) : next()
    return limits.get(max)!(c, next)
  })

  app.get("/health", (c) => c.json({ status: "ok" }))
  app.get("/ready", async (c) => {
    const exit = await run(readiness)
    if (Exit.isSuccess(exit) && exit.value.length === 0) return c.json({ status: "ready" })
    const detail = Exit.isSuccess(exit) ? `migrations not run: ${exit.value.join(", ")}` : "the database does not answer"
    return problem(c, Problem.http(503, "NotReady", "Not ready", "ยังไม่พร้อม", detail))
  })
  app.get("/openapi.json", (c) => c.json(document))
  app.get("/docs", (c) => c.html(docsPage))
  app.get("/docs/scalar.js", (c) => c.body(standalone(), 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" }))

  for (const route of routes) {
    const what = `${route.method.toUpperCase()} ${route.path}`
    app.on(route.method.toUpperCase(), honoPath(route.path), async (c) => {
      let actor = anonymous
      let rateKey = `ip:${c.req.header("x-forwarded-for") ?? "local"}`
      if (route.auth === "token") {
        const secret = bearer(c.req.header("authorization"))
        const hash = createHash("sha256").update(secret ?? "").digest("hex")
        const known = authenticate(secret, hash)
        const authenticated = known instanceof Promise ? await known : known
        if (Exit.isFailure(authenticated)) {
          const failure = Cause.failureOption(authenticated.cause)
          if (failure._tag === "None") return problem(c, Problem.defect(c.get("requestId")))
          return problem(c, Problem.ofDomain(failure.value), { "www-authenticate": 'Bearer realm="phungpao"' })
        }
        actor = authenticated.value
        c.set("actor", actor.id)
        rateKey = `token:${hash.slice(0, 32)}`
      }
      try {
        await limiter.consume(rateKey, route.writes ? 5 : 1)
      } catch (refused) {
        const wait = Math.max(1, Math.ceil(((refused as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000))
        return problem(c, Problem.http(429, "TooManyRequests", "Too many requests", "เรียกถี่เกินไป", `try again in ${wait} s`), { "retry-after": String(wait) })
      }

      const params = route.params === undefined ? { ok: true as const, value: {} } : decode(route.params, c.req.param(), "path", "ignore")
      if (!params.ok) return problem(c, Problem.notFound())
      const query = route.query === undefined ? { ok: true as const, value: {} } : decode(route.query, c.req.query(), "query", "ignore")
      if (!query.ok) return problem(c, Problem.invalidInput(query.issues))
      let body: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issues: ReadonlyArray<{ path: string; reason: string }> } = { ok: true, value: undefined }
      let upload: { readonly bytes: Uint8Array; readonly mediaType: string } | undefined
      if (route.upload !== undefined) {
        const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase()
        if (!route.upload.mediaTypes.includes(mediaType)) {
          return problem(c, Problem.invalidInput([{ path: "Content-Type", reason: `must be one of ${route.upload.mediaTypes.join(", ")}` }], 415))
        }
        upload = { bytes: new Uint8Array(await c.req.arrayBuffer()), mediaType }
      } else if (route.body !== undefined) {
        let raw: unknown
        try {
          raw = JSON.parse(await bodyText(c))
        } catch {
          return problem(c, Problem.invalidInput([{ path: "(body)", reason: "is not JSON" }]))
        }
        body = decode(route.body, raw, "", "error")
        if (!body.ok) return problem(c, Problem.invalidInput(body.issues))
      }
      const header = route.idempotency === "none" ? undefined : c.req.header("idempotency-key")
      let key: Idempotency.Key
      if (header === undefined && route.idempotency === "required") {
        return problem(c, Problem.invalidInput([{ path: "Idempotency-Key", reason: "is required: the same key sent again gives back the first answer" }]))
      }
      if (header === undefined) key = `api:${randomUUID()}` as Idempotency.Key
      else {
        const decoded = decode(Idempotency.Key, header, "Idempotency-Key")
        if (!decoded.ok) return problem(c, Problem.invalidInput([{ path: "Idempotency-Key", reason: decoded.issues[0]!.reason }]))
        key = decoded.value
      }

      // A program that ran to its end at once is taken as it is: no turn of the event loop for it.
      const ran = run(route.handler({ params: params.value, query: query.value, body: body.value, actor, key, what, upload, uploads: options.uploads }))
      const exit = ran instanceof Promise ? await ran : ran
      if (Exit.isFailure(exit)) {
        const failure = Cause.failureOption(exit.cause)
        if (failure._tag === "Some") return problem(c, Problem.ofDomain(failure.value as DomainError))
        const error = Cause.squash(exit.cause)
        // The stack says where; the message may quote data, so it stays out of the log.
        process.stderr.write(`${JSON.stringify({ requestId: c.get("requestId"), defect: error instanceof Error ? error.name : typeof error, stack: error instanceof Error ? (error.stack ?? "").split("\n").slice(1, 8).map((l) => l.trim()) : [] })}\n`)
        return problem(c, Problem.defect(c.get("requestId")))
      }
      const answer = exit.value
      if (isFile(answer)) {
        return send(c, answer.body, route.status, answer.mediaType, { "content-disposition": `attachment; filename="${answer.name}"` })
      }
      if (route.revokesTokens === true) known.clear()
      if (identical.has(route.operationId)) return json(c, answer, route.status)
      const encoded = Schema.encodeEither(route.response)(answer)
      if (encoded._tag === "Left") {
        process.stderr.write(`${JSON.stringify({ requestId: c.get("requestId"), defect: "ResponseEncoding", route: what })}\n`)
        return problem(c, Problem.defect(c.get("requestId")))
      }
      return json(c, encoded.right, route.status)
    })
  }

  app.notFound((c) => problem(c, Problem.notFound()))
  app.onError((error, c) => {
    process.stderr.write(`${JSON.stringify({ requestId: c.get("requestId"), defect: error.name })}\n`)
    return problem(c, Problem.defect(c.get("requestId")))
  })
  return app
}
