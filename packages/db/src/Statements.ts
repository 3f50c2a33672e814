/**
 * SQL text run on one connection, `?` for each parameter, for the adapters that write
 * command by command (the fund's books, the journey): prepared better-sqlite3 statements
 * on SQLite's own connection inside a write transaction, or Kysely's raw queries. A
 * database error is a defect.
 */
import * as Effect from "effect/Effect"
import { CompiledQuery, type Kysely } from "kysely"
import type * as Database from "./Database.js"
import type { Tables } from "./Tables.js"

export type Row = Record<string, unknown>

export interface Statements {
  readonly all: (text: string, params: ReadonlyArray<unknown>) => Effect.Effect<ReadonlyArray<Row>>
  /** Runs a write; its result is the number of rows changed. */
  readonly run: (text: string, params: ReadonlyArray<unknown>) => Effect.Effect<number>
}

/**
 * Prepared statements (each text prepared once, then cached) on the connection of the
 * write transaction: a command takes a dozen statements, and a Kysely query would be
 * prepared afresh each time.
 */
export const sqlite = (native: Extract<Database.Native, { engine: "sqlite" }>): Statements => ({
  all: (text, params) => Effect.sync(() => native.prepare(text).all(...params) as ReadonlyArray<Row>),
  run: (text, params) => Effect.sync(() => native.prepare(text).run(...params).changes)
})

const numbered = new Map<string, string>()

/**
 * The text with PostgreSQL's `$1, $2, …` for `?` (no statement here has a `?` of its own).
 *
 * @example dollars("select * from t where a = ? and b = ?") // "select * from t where a = $1 and b = $2"
 */
export const dollars = (text: string): string => {
  let out = numbered.get(text)
  if (out === undefined) {
    let n = 0
    out = text.replace(/\?/g, () => `$${++n}`)
    numbered.set(text, out)
  }
  return out
}

/** Statements through Kysely on `db`: a transaction's connection, or the pool (each statement then commits by itself). */
export const kysely = (db: Kysely<Tables>, engine: Database.Engine): Statements => {
  const query = (text: string, params: ReadonlyArray<unknown>) =>
    Effect.promise(() => db.executeQuery<Row>(CompiledQuery.raw(engine === "postgres" ? dollars(text) : text, [...params])))
  return {
    all: (text, params) => Effect.map(query(text, params), (result) => result.rows),
    run: (text, params) => Effect.map(query(text, params), (result) => Number(result.numAffectedRows ?? 0))
  }
}
