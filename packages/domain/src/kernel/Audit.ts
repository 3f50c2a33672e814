/**
 * The record of personal-data reads and writes (PDPA): who read citizen IDs unmasked, or
 * wrote personal data, when, through what, about which households and why. Append-only:
 * the adapters refuse to change or delete an entry. Reading it is the auditors' (and the
 * provincial centre's): `Access.table.readAudit`.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Access from "./Access.js"
import type * as Actor from "./Actor.js"

export const Action = Schema.Literal("unmask", "writePersonal")
export type Action = typeof Action.Type

export const Entry = Schema.Struct({
  at: Schema.String,
  actor: Schema.String,
  action: Action,
  /** The route or command that read or wrote (never its body). */
  what: Schema.String,
  houseCodes: Schema.Array(Schema.String),
  reason: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "AuditEntry" })
export type Entry = typeof Entry.Type

export interface Filter {
  readonly actor?: string
  /** Entries at or after this ISO date or time. */
  readonly since?: string
}

/** The audit log's port. Adapters live in `@phungpao/db`; `AccessMemory` is the fake. */
export class AuditLog extends Context.Tag("@phungpao/domain/Audit/AuditLog")<
  AuditLog,
  {
    readonly append: (entry: Entry) => Effect.Effect<void>
    /** Entries in the order appended. */
    readonly list: (filter: Filter) => Effect.Effect<ReadonlyArray<Entry>>
  }
>() {}

/** Records that the actor read or wrote personal data of these households, now. */
export const record = (
  actor: Actor.Actor,
  input: { readonly action: Action; readonly what: string; readonly houseCodes: ReadonlyArray<string>; readonly reason?: string | undefined }
) =>
  Effect.gen(function* () {
    const at = new Date(yield* Clock.currentTimeMillis).toISOString()
    yield* (yield* AuditLog).append({
      at,
      actor: actor.id,
      action: input.action,
      what: input.what,
      houseCodes: [...input.houseCodes],
      ...(input.reason === undefined || input.reason === "" ? {} : { reason: input.reason })
    })
  })

/** The audit log, filtered, for those who may read it. */
export const list = (actor: Actor.Actor, filter: Filter = {}) =>
  Effect.zipRight(Access.check(actor, "readAudit"), Effect.flatMap(AuditLog, (log) => log.list(filter)))
