import { AccessMemory, Audit } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import { AccessSql, Migrations } from "../src/index.js"
import { describeAccess } from "./contract/access.js"
import { attempt, type EngineName, freshDatabase } from "./engines.js"

const onDatabase = (engine: EngineName) =>
  Layer.mergeAll(AccessSql.layer, Migrations.layer).pipe(Layer.orDie, Layer.provideMerge(freshDatabase(engine)))

describeAccess("memory", () => AccessMemory.layerMemory)
describeAccess("SQLite", () => onDatabase("sqlite"))
describeAccess("PostgreSQL", () => onDatabase("postgres"))

describe.each(["sqlite", "postgres"] as const)("the audit log on %s", (engine) => {

  it("refuses to change or delete an entry, even by hand", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        yield* (yield* Audit.AuditLog).append({ at: "2022-08-10T01:00:00.000Z", actor: "dc-3301", action: "unmask", what: "x", houseCodes: [] })
        expect(yield* attempt("update audit_entry set actor_id = 'nobody'")).toMatch(/audit_entry is append-only/)
        expect(yield* attempt("delete from audit_entry")).toMatch(/audit_entry is append-only/)
        if (engine === "postgres") expect(yield* attempt("truncate audit_entry")).toMatch(/audit_entry is append-only/)
        expect((yield* (yield* Audit.AuditLog).list({})).map((e) => e.actor)).toEqual(["dc-3301"])
      }).pipe(Effect.provide(onDatabase(engine)))
    ))
})
