/**
 * The contract of the API tokens' and the audit log's ports, run against the memory fake,
 * SQLite and PostgreSQL: what one stores, the others give back the same.
 */
import { ApiToken, Audit } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"

type Ports = ApiToken.Tokens | ApiToken.Secrets | Audit.AuditLog

const token = (n: number, extra: Partial<ApiToken.Stored> = {}): ApiToken.Stored => ({
  id: `T-${n}` as ApiToken.TokenId,
  user: "dc-3301",
  hash: `hash-${n}`,
  createdAt: "2022-08-10T00:00:00.000Z",
  createdBy: "pc-33",
  ...extra
})

export const describeAccess = (name: string, makeLayer: () => Layer.Layer<Ports>) => {
  const run = <A, E>(program: Effect.Effect<A, E, Ports>) => Effect.runPromise(Effect.provide(Effect.orDie(program), makeLayer()))

  describe(`API tokens and the audit log on ${name}`, () => {
    it("numbers tokens, finds one by its hash, lists them in order and revokes once", () =>
      run(
        Effect.gen(function* () {
          const tokens = yield* ApiToken.Tokens
          expect([yield* tokens.next(), yield* tokens.next()]).toEqual([1, 2])
          yield* tokens.put(token(2, { expiresAt: "2022-09-09T00:00:00.000Z" }))
          yield* tokens.put(token(10))
          expect(yield* tokens.byHash("hash-10")).toEqual(Option.some(token(10)))
          expect(yield* tokens.byHash("hash-9")).toEqual(Option.none())
          expect(yield* tokens.revoke("T-2" as ApiToken.TokenId, "2022-08-11T00:00:00.000Z")).toBe(true)
          expect(yield* tokens.revoke("T-2" as ApiToken.TokenId, "2022-08-12T00:00:00.000Z")).toBe(true)
          expect(yield* tokens.revoke("T-3" as ApiToken.TokenId, "2022-08-12T00:00:00.000Z")).toBe(false)
          expect(yield* tokens.list()).toEqual([token(2, { expiresAt: "2022-09-09T00:00:00.000Z", revokedAt: "2022-08-11T00:00:00.000Z" }), token(10)])
        })
      ))

    it("keeps audit entries in order, filtered by actor and time", () =>
      run(
        Effect.gen(function* () {
          const log = yield* Audit.AuditLog
          const first: Audit.Entry = { at: "2022-08-10T01:00:00.000Z", actor: "dc-3301", action: "unmask", what: "GET /v1/households/{houseCode}", houseCodes: ["33010100001"], reason: "เยี่ยมบ้าน" }
          const second: Audit.Entry = { at: "2022-08-11T01:00:00.000Z", actor: "pc-33", action: "writePersonal", what: "import", houseCodes: ["33010100001", "33010100002"] }
          yield* log.append(first)
          yield* log.append(second)
          expect(yield* log.list({})).toEqual([first, second])
          expect(yield* log.list({ actor: "pc-33" })).toEqual([second])
          expect(yield* log.list({ since: "2022-08-11" })).toEqual([second])
        })
      ))

    it("gives secrets that are never alike and hashes that do not show them", () =>
      run(
        Effect.gen(function* () {
          const secrets = yield* ApiToken.Secrets
          const a = yield* secrets.fresh
          const b = yield* secrets.fresh
          expect(a).not.toBe(b)
          expect(secrets.hash(a)).toBe(secrets.hash(a))
          expect(secrets.hash(a)).not.toContain(a)
        })
      ))

  })
}
