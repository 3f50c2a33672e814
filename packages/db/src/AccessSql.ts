/**
 * The API tokens' and the audit log's ports on SQLite or PostgreSQL, and the secrets of
 * real tokens: 32 random bytes (`php_` and base64url), kept as their SHA-256 only.
 */
import { createHash, randomBytes } from "node:crypto"
import { ApiToken, Audit } from "@phungpao/domain"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { sql } from "kysely"
import * as Database from "./Database.js"
import type { ApiTokenTable, AuditEntryTable } from "./Tables.js"

const decodeToken = Schema.decodeUnknownSync(ApiToken.Stored)
const decodeEntry = Schema.decodeUnknownSync(Audit.Entry)

const token = (row: ApiTokenTable): ApiToken.Stored =>
  decodeToken({
    id: row.id,
    user: row.user_id,
    hash: row.hash,
    createdAt: row.created_at,
    createdBy: row.created_by,
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at })
  })

const entry = (row: Omit<AuditEntryTable, "seq">): Audit.Entry =>
  decodeEntry({
    at: row.at,
    actor: row.actor_id,
    action: row.action,
    what: row.what,
    houseCodes: JSON.parse(row.house_codes),
    ...(row.reason === null ? {} : { reason: row.reason })
  })

const make = (database: Database.Service) => {
  const tokens: ApiToken.Tokens["Type"] = {
    next: () =>
      database.transaction(async (tx) => {
        const row = await tx
          .insertInto("api_sequence")
          .values({ name: "token", value: 1 })
          .onConflict((oc) => oc.column("name").doUpdateSet({ value: sql<number>`api_sequence.value + 1` }))
          .returning("value")
          .executeTakeFirstOrThrow()
        return Number(row.value)
      }),
    put: (t) =>
      database.transaction(async (tx) => {
        await tx
          .insertInto("api_token")
          .values({
            id: t.id,
            user_id: t.user,
            hash: t.hash,
            created_at: t.createdAt,
            created_by: t.createdBy,
            expires_at: t.expiresAt ?? null,
            revoked_at: t.revokedAt ?? null
          })
          .execute()
      }),
    byHash: (hash) =>
      database.use(async (db) => {
        const row = await db.selectFrom("api_token").selectAll().where("hash", "=", hash).executeTakeFirst()
        return row === undefined ? Option.none() : Option.some(token(row))
      }),
    list: () => database.use(async (db) => (await db.selectFrom("api_token").selectAll().execute()).map(token).sort(byNumber)),
    revoke: (id, at) =>
      database.transaction(async (tx) => {
        const row = await tx.selectFrom("api_token").select(["revoked_at"]).where("id", "=", id).executeTakeFirst()
        if (row === undefined) return false
        if (row.revoked_at === null) await tx.updateTable("api_token").set({ revoked_at: at }).where("id", "=", id).execute()
        return true
      })
  }
  const log: Audit.AuditLog["Type"] = {
    append: (e) =>
      database.transaction(async (tx) => {
        await tx
          .insertInto("audit_entry")
          .values({ at: e.at, actor_id: e.actor, action: e.action, what: e.what, house_codes: JSON.stringify(e.houseCodes), reason: e.reason ?? null })
          .execute()
      }),
    list: (filter) =>
      database.use(async (db) => {
        let query = db.selectFrom("audit_entry").select(["at", "actor_id", "action", "what", "house_codes", "reason"]).orderBy("seq")
        if (filter.actor !== undefined) query = query.where("actor_id", "=", filter.actor)
        if (filter.since !== undefined) query = query.where("at", ">=", filter.since)
        return (await query.execute()).map(entry)
      })
  }
  return { tokens, log }
}

const byNumber = (a: ApiToken.Stored, b: ApiToken.Stored) => Number(a.id.slice(2)) - Number(b.id.slice(2))

/** Real secrets: unguessable, printable, hashed with SHA-256. */
export const secrets: Layer.Layer<ApiToken.Secrets> = Layer.succeed(ApiToken.Secrets, {
  fresh: Effect.sync(() => `php_${randomBytes(32).toString("base64url")}`),
  hash: (secret) => createHash("sha256").update(secret).digest("hex")
})

/** The tokens and the audit log over the `Database`, with real secrets. */
export const layer: Layer.Layer<ApiToken.Tokens | ApiToken.Secrets | Audit.AuditLog, never, Database.Database> = Layer.merge(
  Layer.effectContext(
    Effect.map(Database.Database, (database) => {
      const { log, tokens } = make(database)
      return Context.make(ApiToken.Tokens, tokens).pipe(Context.add(Audit.AuditLog, log))
    })
  ),
  secrets
)
