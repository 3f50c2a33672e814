/**
 * The hash chains of the books: each movement of the fund's ledger (with its postings)
 * and each logbook entry stores the hash of the one before it (`prev_hash`) and its own
 * (`hash`), the SHA-256 in hex of the previous hash and a canonical text of the row. A row
 * changed, removed or slipped in after the fact breaks the chain at the next row, which
 * `Verify` finds. The adapters compute it as they append, the same way on both engines.
 *
 * The text's form is stored in every chain already written: it never changes.
 */
import * as Effect from "effect/Effect"
import { hash } from "node:crypto"
import type * as Sql from "./Statements.js"

/** The `prev_hash` of a chain's first row. */
export const genesis = "0".repeat(64)

/**
 * The hash of a row whose canonical text is `text`, after `prev`.
 *
 * @example Chain.link(Chain.genesis, Chain.movementText(["RC-1:receipt", "receipt", null, at], postings))
 */
export const link = (prev: string, text: string): string => hash("sha256", `${prev}\n${text}`, "hex")

/** A value as the canonical text has it: null, or its text (so `150000` and `"150000"` of a bigint column agree). */
const canonical = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

/** The canonical text of values in a fixed order: a JSON array of strings and nulls. */
export const text = (values: ReadonlyArray<unknown>): string => JSON.stringify(values.map(canonical))

/**
 * A movement's canonical text: its id, kind, reversed movement and time, then each
 * posting's line, account, side and amount.
 */
export const movementText = (
  movement: readonly [id: unknown, kind: unknown, reverses: unknown, at: unknown],
  postings: ReadonlyArray<readonly [line: unknown, account: unknown, side: unknown, amount: unknown]>
): string => text([...movement, ...postings.flat()])

/**
 * The logbook's columns the chain covers, in its order (every column but `position`,
 * which the database assigns, and the chain's own).
 */
export const logbookColumns = [
  "id",
  "house_code",
  "village_code",
  "member",
  "given_on",
  "giver_agency",
  "giver_team",
  "giver_person",
  "kind",
  "value",
  "problems",
  "action_id",
  "budget_source",
  "evidence",
  "note",
  "fund_request",
  "reverses",
  "reason",
  "recorded_by",
  "recorded_at"
] as const

/**
 * The last hash of each chain as one writer has it: read once under the writer's lock,
 * then carried along in memory as it appends (`undefined` until read). A command rolled
 * back to its savepoint puts back what the tip held before it.
 */
export interface Tip {
  movement: string | undefined
  logbook: string | undefined
}

export const tip = (): Tip => ({ movement: undefined, logbook: undefined })

/**
 * The last hash of a chain as stored (the genesis for an empty one). A row some raw
 * INSERT left without a hash is passed over: `Verify` reports it.
 */
export const last = (db: Pick<Sql.Statements, "all">, table: "fund_movement" | "journey_logbook"): Effect.Effect<string> =>
  Effect.map(db.all(`select hash from ${table} where hash is not null order by position desc limit 1`, []), (rows) =>
    rows[0] === undefined ? genesis : String(rows[0]["hash"]))
