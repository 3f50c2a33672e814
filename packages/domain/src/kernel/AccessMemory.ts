/**
 * In-memory fakes of the API tokens' and the audit log's ports, for tests of use cases and
 * apps, and the reference the database adapters' contract suite is checked against. The
 * fake `Secrets` gives numbered secrets and a reversible "hash": never for real use.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Access from "./Access.js"
import type * as Actor from "./Actor.js"
import * as ApiToken from "./ApiToken.js"
import * as Audit from "./Audit.js"

/** Fresh tokens and audit log, and predictable secrets (`secret-1`, `secret-2`, …). */
export const layerMemory: Layer.Layer<ApiToken.Tokens | ApiToken.Secrets | Audit.AuditLog> = Layer.suspend(() => {
  const tokens = new Map<string, ApiToken.Stored>()
  const entries: Array<Audit.Entry> = []
  let count = 0
  let secrets = 0
  return Layer.mergeAll(
    Layer.succeed(ApiToken.Tokens, {
      next: () => Effect.sync(() => ++count),
      put: (token) => Effect.sync(() => void tokens.set(token.id, token)),
      byHash: (hash) => Effect.sync(() => Option.fromNullable([...tokens.values()].find((t) => t.hash === hash))),
      list: () => Effect.sync(() => [...tokens.values()]),
      revoke: (id, at) =>
        Effect.sync(() => {
          const token = tokens.get(id)
          if (token === undefined) return false
          if (token.revokedAt === undefined) tokens.set(id, { ...token, revokedAt: at })
          return true
        })
    }),
    Layer.succeed(ApiToken.Secrets, { fresh: Effect.sync(() => `secret-${++secrets}`), hash: (secret) => `fake-hash:${[...secret].reverse().join("")}` }),
    Layer.succeed(Audit.AuditLog, {
      append: (entry) => Effect.sync(() => void entries.push(entry)),
      list: (filter) =>
        Effect.sync(() =>
          entries.filter((e) => (filter.actor === undefined || e.actor === filter.actor) && (filter.since === undefined || e.at >= filter.since)))
    })
  )
})

/** Stored users as given, by id: the `Access.Users` of tests. */
export const users = (actors: ReadonlyArray<Actor.Actor>): Layer.Layer<Access.Users> =>
  Layer.succeed(Access.Users, { get: (id) => Effect.succeed(Option.fromNullable(actors.find((a) => a.id === id))) })
