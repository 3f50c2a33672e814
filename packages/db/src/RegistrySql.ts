/**
 * The registry's ports over the `Database`: survey rounds of households and their
 * members, decisions with the evaluation that made them, and the area directory.
 *
 * A household row keeps its whole record as one text (see `RecordText`), so that a page is
 * one query and one `JSON.parse` per household, and a re-import compares that text. Its
 * members are also rows of their own, which find a person (citizen ID to round, house and
 * place in it); everything else about them is in the record, once.
 */
import { Area, Decision, Dimension, Indicator, Registry, RegistryMemory, RuleSet, SurveyRecord } from "@phungpao/domain"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { CompiledQuery, type Kysely, type RawBuilder, sql } from "kysely"
import * as Database from "./Database.js"
import { copyValue } from "./Database.js"
import * as RecordText from "./RecordText.js"
import type { Tables } from "./Tables.js"

// ---------------------------------------------------------------------------------------
// Bulk writes: rows as tuples in their table's column order, never one Kysely query per
// row. SQLite runs a prepared statement per row on its own connection (see
// `Database.Native`); PostgreSQL takes many rows in one statement.

type Column = "int4" | "int8" | "text"

interface Bulk {
  /** One row, `?` per column. */
  readonly sqlite: string
  /** Any number of rows, each column's values in one text parameter (see `columnTexts`). */
  readonly postgres: string
  /** Any number of rows, as one JSON array of row arrays in `$1`: when `columnTexts` cannot carry them. */
  readonly postgresJson: string
  /** `COPY … FROM STDIN` of the rows, where no row can conflict with one stored (see `Native.copy`). */
  readonly copy: string | undefined
}

/** Between two values of a column's text, and a value that is SQL null (ASCII's unit and record separators). */
const unit = "\x1f"
const nullValue = "\x1e"

/**
 * Columns in the order of `types`' keys, which is the order of a row's tuple. PostgreSQL
 * takes each column's values as one text split on the server (`string_to_array`), which
 * both sides make and read a quarter faster than the rows as JSON (`jsonb_array_elements`,
 * whose text escapes every quote of a record's text), and much faster than an array
 * parameter per column, which node-pg writes element by element in JavaScript.
 */
const bulk = <T extends keyof Tables>(table: T, types: { readonly [K in keyof Tables[T]]: Column }, conflict = ""): Bulk => {
  const columns = Object.keys(types)
  const list = columns.join(", ")
  const fields = Object.values<Column>(types).map((type, i) => (type === "text" ? `r->>${i}` : `(r->>${i})::${type}`))
  const arrays = Object.values<Column>(types).map((type, i) => `string_to_array($${i + 1}, E'\\x1f', E'\\x1e')::${type}[]`)
  return {
    sqlite: `insert into ${table} (${list}) values (${columns.map(() => "?").join(", ")}) ${conflict}`,
    postgres: `insert into ${table} (${list}) select * from unnest(${arrays.join(", ")}) ${conflict}`,
    postgresJson: `insert into ${table} (${list}) select ${fields.join(", ")} from jsonb_array_elements($1::jsonb) as r ${conflict}`,
    copy: conflict === "" ? `copy ${table} (${list}) from stdin` : undefined
  }
}

/**
 * Each column's values as one text, `unit` between them, `nullValue` for null; undefined
 * when a value holds either separator, or a single row's empty text would read as no row.
 */
const columnTexts = (rows: ReadonlyArray<ReadonlyArray<unknown>>, width: number): Array<string> | undefined => {
  const out = new Array<string>(width)
  const items = new Array<string>(rows.length)
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < rows.length; j++) {
      const value = rows[j]![i]
      if (typeof value === "string" && (value.includes(unit) || value.includes(nullValue) || (value === "" && rows.length === 1))) return undefined
      items[j] = value === null || value === undefined ? nullValue : String(value)
    }
    out[i] = items.join(unit)
  }
  return out
}

const updateAll = (key: ReadonlyArray<string>, columns: ReadonlyArray<string>) =>
  `on conflict (${key.join(", ")}) do update set ${columns
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(", ")}`

const households = bulk("household", {
  round: "int4",
  house_code: "text",
  village_code: "text",
  house_number: "text",
  survey_year: "int4",
  surveyed_on: "text",
  welfare_card: "text",
  persons: "int4",
  record: "text",
  imported_at: "text"
})
type HouseholdRow = readonly [
  round: number,
  house_code: string,
  village_code: string,
  house_number: string | null,
  survey_year: number,
  surveyed_on: string,
  welfare_card: string,
  persons: number,
  record: string,
  imported_at: string
]

const members = bulk("member", { citizen_id: "int8", round: "int4", house_code: "text", ordinal: "int4" })
/** A member row; the citizen ID's 13 digits, which both engines store as a number. */
type MemberRow = readonly [citizen_id: string, round: number, house_code: string, ordinal: number]

/** A citizen ID as the member table holds it (a number, or int8's string), as its 13 digits again. */
export const citizenIdOf = (stored: number | string): string => String(stored).padStart(13, "0")

/** The stored members of a round holding any of the citizen IDs of a JSON array of numbers (`$1`). */
const holdersSqlite = "select citizen_id, house_code, ordinal from member where citizen_id in (select value from json_each(?)) and round = ?"

/** Removes the member rows of households about to be written again (`rows` as `MemberRow`s without the ordinal). */
const removedMembers = {
  sqlite: "delete from member where citizen_id = cast(? as integer) and round = ? and house_code = ?",
  postgres: `delete from member m using jsonb_array_elements($1::jsonb) as r
    where m.citizen_id = (r->>0)::int8 and m.round = (r->>1)::int4 and m.house_code = r->>2`
}

const decisionTypes = {
  round: "int4",
  rule_set_key: "text",
  house_code: "text",
  rule_set_id: "text",
  survey_year: "int4",
  statuses: "text",
  members: "text",
  survey_poor: "int4",
  target: "int4",
  failed_dimensions: "int4",
  reasons: "text",
  village_code: "text",
  persons: "int4",
  evaluated_at: "text"
} as const
type DecisionRow = readonly [
  round: number,
  rule_set_key: string,
  house_code: string,
  rule_set_id: string,
  survey_year: number,
  statuses: string,
  members: string | null,
  survey_poor: number,
  target: number,
  failed_dimensions: number,
  reasons: string | null,
  village_code: string,
  persons: number,
  evaluated_at: string
]
const decisions = bulk("decision", decisionTypes, updateAll(["round", "rule_set_key", "house_code"], Object.keys(decisionTypes)))

const areaTypes = { code: "text", level: "text", parent: "text", name_th: "text", name_en: "text" } as const
type AreaRow = readonly [code: string, level: string, parent: string | null, name_th: string, name_en: string]
const areasRenamed = bulk("area", areaTypes, updateAll(["code"], Object.keys(areaTypes)))
const areasAdded = bulk("area", areaTypes, "on conflict (code) do nothing")

/** Bounds the JSON of one PostgreSQL statement (a few MB). */
const postgresRowsPerStatement = 10_000
/**
 * Households an upsert adds between offers to write (`flush(false)`): on PostgreSQL a
 * COPY writes only once it holds `copyChars` of text, so that a large `--batch-size`
 * never builds one huge text; otherwise a batch's rows go in one COPY per table. On
 * SQLite each row is written as it is added.
 */
const householdsPerFlush = 500
/** The text one COPY takes at most, about: a few MB. */
const copyChars = 1 << 22

/**
 * Rows of one table to write in a transaction (tuples in `spec`'s column order): on
 * SQLite each is written as it is added, so that a batch's rows are never all held at
 * once; on PostgreSQL they are kept for `flush`, which writes them a chunk per statement.
 */
interface Writer {
  readonly add: (row: ReadonlyArray<unknown>) => void
  /** Writes the rows added so far; a COPY may wait for more unless `last`. */
  readonly flush: (last: boolean) => Promise<void>
}

const writer = (tx: Kysely<Tables>, native: Database.Native, spec: Bulk): Writer => {
  if (native.engine === "sqlite") {
    const statement = native.prepare(spec.sqlite)
    return { add: (row) => void statement.run(row), flush: async () => undefined }
  }
  const copy = spec.copy
  if (copy !== undefined) {
    // COPY's text, made as the rows come: a row a line. Held as text, the rows cost the
    // garbage collector little, so one COPY takes a whole batch (up to `copyChars`).
    let text = ""
    return {
      add: (row) => {
        let line = copyValue(row[0])
        for (let i = 1; i < row.length; i++) line += `\t${copyValue(row[i])}`
        text += `${line}\n`
      },
      flush: async (last) => {
        if (text === "" || (!last && text.length < copyChars)) return
        const all = text
        text = ""
        await native.copy(copy, all)
      }
    }
  }
  let rows: Array<ReadonlyArray<unknown>> = []
  return {
    add: (row) => void rows.push(row),
    flush: async () => {
      const all = rows
      rows = []
      for (let start = 0; start < all.length; start += postgresRowsPerStatement) {
        const chunk = all.length <= postgresRowsPerStatement ? all : all.slice(start, start + postgresRowsPerStatement)
        const texts = columnTexts(chunk, chunk[0]!.length)
        await tx.executeQuery(
          texts === undefined ? CompiledQuery.raw(spec.postgresJson, [JSON.stringify(chunk)]) : CompiledQuery.raw(spec.postgres, texts)
        )
      }
    }
  }
}

/** Writes rows given all at once (decisions, areas). */
const insertAll = (tx: Kysely<Tables>, native: Database.Native, spec: Bulk, rows: ReadonlyArray<ReadonlyArray<unknown>>): Promise<void> => {
  const into = writer(tx, native, spec)
  for (const row of rows) into.add(row)
  return into.flush(true)
}

// A batch's households are found by primary key, one lookup per house code, whatever the
// size of the round. On PostgreSQL each code's lookup is a lateral subquery with a limit,
// which the planner cannot turn into a join: until a table just filled has statistics
// (see `pageInKeyOrder`), it would hash the whole round for every batch, and a
// 400,000-household import spent 27 of its 50 seconds there (`= any(codes)` fares no better).

/** The record texts of those of the households that a round has. */
const stored = (engine: Database.Engine, round: number, codes: ReadonlyArray<string>) =>
  engine === "sqlite"
    ? sql<{ house_code: string; record: string }>`select house_code, record from household
        where round = ${round} and house_code in (select value from json_each(${JSON.stringify(codes)}))`
    : sql<{ house_code: string; record: string }>`select c.code as house_code, h.record from unnest(${codes}::text[]) as c (code)
        cross join lateral (select record from household where round = ${round} and house_code = c.code limit 1) as h`

/** Deletes households of a round (their member rows go by `removedMembers`). */
const deleteHouseholds = (engine: Database.Engine, round: number, codes: ReadonlyArray<string>) =>
  engine === "sqlite"
    ? sql`delete from household where round = ${round} and house_code in (select value from json_each(${JSON.stringify(codes)}))`
    : sql`delete from household h using unnest(${codes}::text[]) as c (code) where h.round = ${round} and h.house_code = c.code`

/**
 * Which households a page takes: every one, none (an empty scope), or those whose
 * village code starts with one of the areas.
 */
const scopeOf = (page: Registry.Page): "all" | "none" | RawBuilder<boolean> => {
  const areas = page.areas
  if (areas === undefined || areas.includes("")) return "all"
  if (areas.length === 0) return "none"
  return sql<boolean>`(${sql.join(
    areas.map((area) => sql`substr(village_code, 1, ${sql.lit(area.length)}) = ${area}`),
    sql` or `
  )})`
}

/**
 * Makes PostgreSQL read a page of a whole round as the range of the primary key it is,
 * for the rest of the transaction. Until a table has statistics (just filled, before
 * autovacuum analyses it) PostgreSQL takes a round for a few rows, and would rather sort
 * the whole round for each page: tens of milliseconds a page, growing with the round.
 */
const pageInKeyOrder = (tx: Kysely<Tables>) => sql`select set_config('enable_sort', 'off', true)`.execute(tx)

// ---------------------------------------------------------------------------------------
// Records as text and rows.
//
// A household's text is `RecordText.encode` of the record. A re-import compares texts:
// equal, the household is unchanged; unequal, the stored text is decoded and compared as
// canonical JSON (keys sorted, the memory registry's identity of a record), which tells a
// changed record from one whose extra fields came in another order or that was stored in
// an older layout.

const compareCodes = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)

/** Whether a stored text is the record. */
const sameRecord = (stored: string, text: string, record: SurveyRecord.SurveyRecord): boolean =>
  stored === text || RegistryMemory.canonicalJson(RecordText.decode(stored)) === RegistryMemory.canonicalJson(record)

/** A household's row, with its record's text. */
const householdRow = (round: number, record: SurveyRecord.SurveyRecord, text: string, importedAt: string): HouseholdRow => [
  round,
  record.houseCode,
  record.villageCode,
  record.houseNumber ?? null,
  record.surveyYear,
  record.surveyedOn,
  record.welfareCard,
  record.members.length,
  text,
  importedAt
]

/** The rows that find a record's members. */
const addMemberRows = (out: Writer, round: number, record: SurveyRecord.SurveyRecord): void => {
  const houseCode = record.houseCode
  for (let ordinal = 0; ordinal < record.members.length; ordinal++) {
    const row: MemberRow = [record.members[ordinal]!.citizenId, round, houseCode, ordinal]
    out.add(row)
  }
}

/** The record a household row holds (see `RecordText.decode`). */
const recordOf = (row: { readonly record: string }): SurveyRecord.SurveyRecord => RecordText.decode(row.record)

/** A page of a whole round's record texts on SQLite (see `recordOf`). */
const pageTexts = "select record from household where round = ? and house_code > ? order by house_code limit ?"
const pageTextsThrough = "select record from household where round = ? and house_code > ? and house_code <= ? order by house_code limit ?"
const getText = "select record from household where round = ? and house_code = ?"
const getStatements = new WeakMap<object, ReturnType<Extract<Database.Native, { engine: "sqlite" }>["prepare"]>>()

// ---------------------------------------------------------------------------------------
// Decisions as rows and back.

const dimensionBit = new Map(Dimension.all.map((d, i) => [d, 1 << i]))

const decisionRow = (round: number, evaluation: Registry.Evaluation, stored: Registry.StoredDecision): DecisionRow => {
  const c = Decision.compact(stored.decision)
  if (c.ruleSet !== evaluation.ruleSetKey) {
    throw new Error(`decision of house ${c.houseCode} was made under ${c.ruleSet}, not the evaluation's ${evaluation.ruleSetKey}`)
  }
  let failed = 0
  for (const d of stored.decision.failedDimensions) failed |= dimensionBit.get(d)!
  return [
    round,
    evaluation.ruleSetKey,
    c.houseCode,
    evaluation.ruleSetId,
    c.surveyYear,
    c.statuses,
    Object.keys(c.members).length === 0 ? null : JSON.stringify(c.members),
    c.surveyPoor ? 1 : 0,
    c.target ? 1 : 0,
    failed,
    c.reasons.length === 0 ? null : JSON.stringify(c.reasons),
    stored.villageCode,
    stored.persons,
    evaluation.evaluatedAt
  ]
}

const ruleSetOf = (id: string): RuleSet.RuleSet => {
  const ruleSet = RuleSet.known.get(id)
  if (ruleSet === undefined) throw new Error(`rule set ${id} is not known to this program (known: ${[...RuleSet.known.keys()].join(", ")})`)
  return ruleSet
}

const decodeParameters = Schema.decodeUnknownSync(Schema.parseJson(Indicator.Parameters))

const noMembers: Readonly<Record<string, ReadonlyArray<string>>> = Object.freeze({})
const noReasons: ReadonlyArray<Decision.Reason> = Object.freeze([])

// ---------------------------------------------------------------------------------------
// Areas.

const levels: ReadonlySet<string> = new Set(Area.levels)

const areaRow = (entry: Registry.AreaEntry): AreaRow => [
  entry.code,
  entry.level,
  Area.parent(entry.code as Area.AreaCode) ?? null,
  entry.nameTh,
  entry.nameEn
]

const areaOf = (row: Tables["area"]): Registry.AreaEntry => {
  if (!levels.has(row.level)) throw new Error(`area ${row.code} in the database has an unknown level ${JSON.stringify(row.level)}`)
  return { code: row.code, level: row.level as Area.Level, nameTh: row.name_th, nameEn: row.name_en }
}

/** The last of each key wins, as when the rows are written one after another. */
const lastByKey = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Array<A> => [...new Map(items.map((a) => [key(a), a])).values()]

// ---------------------------------------------------------------------------------------

const make = (database: Database.Service) => {
  const { engine } = database

  // Areas are never deleted, so an area once ensured is there for good: an import ensures
  // its villages batch after batch, and after the first batch nearly all are known. A
  // failed write forgets them all (it may have rolled back a group, see `Database.grouped`).
  const ensured = new Set<string>()
  const forgetEnsured = <A>(write: Effect.Effect<A>): Effect.Effect<A> => Effect.onError(write, () => Effect.sync(() => ensured.clear()))

  let roundsKept: { readonly writes: string; readonly rounds: ReadonlyArray<Registry.RoundSummary> } | undefined
  const registry = Registry.HouseholdRegistry.of({
    upsert: (round, records) =>
      Effect.gen(function* () {
        if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 }
        const importedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
        return yield* database.transaction(async (tx, native) => {
          const codes = [...new Set(records.map((r) => r.houseCode))]
          const texts = new Map((await stored(engine, round, codes).execute(tx)).rows.map((row) => [row.house_code, row.record]))
          // Each record's text, made once, as it is compared or written (under the write
          // lock: a whole batch of texts made beforehand would cost more in garbage
          // collection than a second writer, rare, loses waiting).
          const made = new Array<string | undefined>(records.length)
          const textOf = (i: number) => (made[i] ??= RecordText.encode(records[i]!))
          // Records in batch order, as the memory registry counts them: a house given
          // twice counts twice (against its earlier version), and its last version is the
          // one written.
          const written = new Map<string, number>()
          let inserted = 0
          let updated = 0
          let unchanged = 0
          for (let i = 0; i < records.length; i++) {
            const record = records[i]!
            const earlier = written.get(record.houseCode)
            const before = earlier === undefined ? texts.get(record.houseCode) : textOf(earlier)
            if (before === undefined) inserted++
            else if (sameRecord(before, textOf(i), record)) {
              unchanged++
              continue
            } else updated++
            written.set(record.houseCode, i)
          }
          const replaced = [...written.keys()].filter((code) => texts.has(code))
          if (replaced.length > 0) {
            // The member rows of the stored records, then the households.
            const gone = replaced.flatMap((code) => RecordText.decode(texts.get(code)!).members.map((m) => [m.citizenId, round, code]))
            if (native.engine === "sqlite") {
              const remove = native.prepare(removedMembers.sqlite)
              for (const row of gone) remove.run(row)
            } else await tx.executeQuery(CompiledQuery.raw(removedMembers.postgres, [JSON.stringify(gone)]))
            await deleteHouseholds(engine, round, replaced).execute(tx)
          }
          const householdRows = writer(tx, native, households)
          const memberRows = writer(tx, native, members)
          // In key order, a batch fills index pages one after another instead of all over.
          const order = [...written.values()].sort((x, y) => compareCodes(records[x]!.houseCode, records[y]!.houseCode))
          for (let k = 0; k < order.length; k++) {
            const record = records[order[k]!]!
            householdRows.add(householdRow(round, record, textOf(order[k]!), importedAt))
            made[order[k]!] = undefined
            addMemberRows(memberRows, round, record)
            if ((k + 1) % householdsPerFlush === 0 || k === order.length - 1) {
              await householdRows.flush(k === order.length - 1)
              await memberRows.flush(k === order.length - 1)
            }
          }
          // The round's revision (see `revision`): one more committed write.
          if (inserted + updated > 0) await tx.insertInto("registry_write").values({ round }).execute()
          return { inserted, updated, unchanged }
        }).pipe(forgetEnsured)
      }),

    get: (round, houseCode) =>
      engine === "sqlite"
        ? // One household by key, as the API reads it on every request: a statement prepared
          // once per connection, not a query built and prepared each time, run at once
          // when no transaction is open (a synchronous Effect: no promise on the way).
          database.readNow((native) => {
            if (native.engine !== "sqlite") throw new Error("SQLite statements on another engine")
            let statement = getStatements.get(native)
            if (statement === undefined) getStatements.set(native, (statement = native.prepare(getText).pluck(true)))
            const text = statement.get(round, houseCode) as string | undefined
            return text === undefined ? Option.none() : Option.some(RecordText.decode(text))
          })
        : database.use(async (db) => {
        const row = await db
          .selectFrom("household")
          .select("record")
          .where("round", "=", round)
          .where("house_code", "=", houseCode)
          .executeTakeFirst()
        return row === undefined ? Option.none() : Option.some(recordOf(row))
      }),

    page: (round, page) => {
      const scope = scopeOf(page)
      if (scope === "none") return Effect.succeed([])
      if (engine === "sqlite" && scope === "all") {
        // A round read page by page (evaluate): one prepared statement and a column of
        // texts, without a query built and rows made as objects for every page. A house
        // code is never empty, so '' stands before the first.
        return database.read(async (_db, native) => {
          if (native.engine !== "sqlite") throw new Error("SQLite statements on another engine")
          const texts = (
            page.through === undefined
              ? native.prepare(pageTexts).pluck(true).all(round, page.after ?? "", page.limit)
              : native.prepare(pageTextsThrough).pluck(true).all(round, page.after ?? "", page.through, page.limit)
          ) as Array<string>
          const records = new Array<SurveyRecord.SurveyRecord>(texts.length)
          for (let i = 0; i < texts.length; i++) records[i] = RecordText.decode(texts[i]!)
          return records
        })
      }
      return database.use(async (db) => {
        const read = async (db: Kysely<Tables>) => {
          let query = db.selectFrom("household").select("record").where("round", "=", round)
          if (page.after !== undefined) query = query.where("house_code", ">", page.after)
          if (page.through !== undefined) query = query.where("house_code", "<=", page.through)
          if (scope !== "all") query = query.where(scope)
          const rows = await query.orderBy("house_code").limit(page.limit).execute()
          return rows.map(recordOf)
        }
        if (engine === "sqlite" || scope !== "all") return read(db)
        return db.transaction().execute(async (tx) => {
          await pageInKeyOrder(tx)
          return read(tx)
        })
      })
    },

    boundaries: (round, parts, least) => {
      if (parts <= 1) return Effect.succeed([])
      const cuts = async (db: Kysely<Tables>) => {
        const counted = await db.selectFrom("household").select((eb) => eb.fn.countAll().as("n")).where("round", "=", round).executeTakeFirst()
        const codes: Array<string> = []
        // A walk of the key index from one cut to the next, so the round is read once
        // whatever the number of parts (an offset from the start for every cut read a
        // 2,000,000-household round 100 times over for a job's 100 parts: 81 s on PostgreSQL).
        let previous = -1
        for (const at of RegistryMemory.boundariesOf(Number(counted?.n ?? 0), parts, least)) {
          let query = db.selectFrom("household").select("house_code").where("round", "=", round)
          if (codes.length > 0) query = query.where("house_code", ">", codes[codes.length - 1]!)
          const row = await query
            .orderBy("house_code")
            .limit(1)
            .offset(at - previous - 1)
            .executeTakeFirstOrThrow()
          codes.push(row.house_code)
          previous = at
        }
        return codes
      }
      return database.use((db) =>
        engine === "sqlite"
          ? cuts(db)
          : db.transaction().execute(async (tx) => {
              await pageInKeyOrder(tx)
              return cuts(tx)
            })
      )
    },

    // Counted again only when a round was written since (from any process): the count of
    // every round's committed writes is its key.
    rounds: () =>
      database.use(async (db) => {
        const writes = String((await db.selectFrom("registry_write").select((eb) => eb.fn.countAll().as("n")).executeTakeFirst())?.n ?? 0)
        if (roundsKept !== undefined && roundsKept.writes === writes) return roundsKept.rounds
        const rows = await db
          .selectFrom("household")
          .select((eb) => ["round", eb.fn.countAll().as("households"), eb.fn.sum<number | string>("persons").as("persons")])
          .groupBy("round")
          .orderBy("round")
          .execute()
        // PostgreSQL returns counts and sums as strings (bigint and numeric).
        const rounds = rows.map((row) => ({ round: row.round, households: Number(row.households), persons: Number(row.persons) }))
        roundsKept = { writes, rounds }
        return rounds
      }),

    // The rounds by a walk of the key's first column (a seek a round, whatever their size),
    // then a seek of (round, house code) in each.
    roundsOf: (houseCode) =>
      database.use(async (db) => {
        const rows = await sql<{ round: number }>`with recursive r (round) as (
            select min(round) from household
            union all
            select (select min(h.round) from household h where h.round > r.round) from r where r.round is not null
          )
          select r.round from r where r.round is not null
            and exists (select 1 from household h where h.round = r.round and h.house_code = ${houseCode})
          order by r.round`.execute(db)
        return rows.rows.map((row) => Number(row.round))
      }),

    // A seek of the member table's key (citizen ID, round, house) per ID, in one statement.
    holders: (round, citizenIds) => {
      if (citizenIds.length === 0) return Effect.succeed([])
      const holder = (row: { citizen_id: number | string; house_code: string; ordinal: number }): Registry.Holder => ({
        citizenId: citizenIdOf(row.citizen_id),
        houseCode: row.house_code,
        member: Number(row.ordinal)
      })
      if (engine === "sqlite") {
        return database.read(async (_db, native) => {
          if (native.engine !== "sqlite") throw new Error("SQLite statements on another engine")
          const rows = native.prepare(holdersSqlite).all(JSON.stringify(citizenIds.map(Number)), round) as Array<{ citizen_id: number; house_code: string; ordinal: number }>
          return rows.map(holder)
        })
      }
      return database.use(async (db) => {
        const rows = await sql<{ citizen_id: string; house_code: string; ordinal: number }>`select m.citizen_id, m.house_code, m.ordinal
          from unnest(${citizenIds}::int8[]) as c (id)
          cross join lateral (select citizen_id, house_code, ordinal from member where citizen_id = c.id and round = ${round} limit 100) as m`.execute(db)
        return rows.rows.map(holder)
      })
    },

    conflicts: (round) =>
      database.use(async (db) => {
        const rows = await sql<{ citizen_id: number | string; house_code: string; ordinal: number }>`select citizen_id, house_code, ordinal from member
          where round = ${round} and citizen_id in (select citizen_id from member where round = ${round} group by citizen_id having count(*) > 1)
          order by citizen_id, house_code, ordinal`.execute(db)
        const out: Array<{ citizenId: string; holders: Array<{ houseCode: string; member: number }> }> = []
        for (const row of rows.rows) {
          const citizenId = citizenIdOf(row.citizen_id)
          let last = out.at(-1)
          if (last === undefined || last.citizenId !== citizenId) out.push((last = { citizenId, holders: [] }))
          last.holders.push({ houseCode: row.house_code, member: Number(row.ordinal) })
        }
        return out
      })
  })

  const decisionPage = (round: number, ruleSetKey: string, page: Registry.Page, houseCode?: string) => {
      const scope = scopeOf(page)
      if (scope === "none") return Effect.succeed([])
      return database.use(async (db) => {
        let query = db.selectFrom("decision").selectAll().where("round", "=", round).where("rule_set_key", "=", ruleSetKey)
        if (houseCode !== undefined) query = query.where("house_code", "=", houseCode)
        if (page.after !== undefined) query = query.where("house_code", ">", page.after)
        if (page.through !== undefined) query = query.where("house_code", "<=", page.through)
        if (scope !== "all") query = query.where(scope)
        const rows = await query.orderBy("house_code").limit(page.limit).execute()
        if (rows.length === 0) return []
        const evaluationRow = await db
          .selectFrom("evaluation")
          .select("parameters")
          .where("round", "=", round)
          .where("rule_set_key", "=", ruleSetKey)
          .executeTakeFirstOrThrow()
        // A rule-set key fixes the parameters; the id and time are each decision's own.
        const parameters = decodeParameters(evaluationRow.parameters)
        const evaluations = new Map<string, Registry.Evaluation>()
        return rows.map((row): Registry.StoredDecision => {
          const ruleSet = ruleSetOf(row.rule_set_id)
          const key = `${row.rule_set_id}\u0000${row.evaluated_at}`
          let evaluation = evaluations.get(key)
          if (evaluation === undefined) {
            evaluation = { ruleSetId: row.rule_set_id, ruleSetKey, parameters, evaluatedAt: row.evaluated_at }
            evaluations.set(key, evaluation)
          }
          const decision = Decision.expand(
            {
              houseCode: row.house_code,
              surveyYear: row.survey_year,
              ruleSet: ruleSetKey,
              statuses: row.statuses,
              members: row.members === null ? noMembers : JSON.parse(row.members),
              surveyPoor: row.survey_poor === 1,
              target: row.target === 1,
              reasons: row.reasons === null ? noReasons : JSON.parse(row.reasons)
            },
            ruleSet.indicators
          )
          return { decision, villageCode: row.village_code, persons: row.persons, evaluation }
        })
      })
    }

  const store = Registry.DecisionStore.of({
    // Without the write lock on PostgreSQL: a page's decisions are upserts by key that read
    // nothing first, so the parts of a round (disjoint ranges of house codes, in key order)
    // are written side by side by several workers. The evaluation's row is inserted if
    // missing and updated only when it differs: an upsert would lock it for the rest of the
    // transaction (even when it changes nothing), and every part's writes would then wait
    // for each other's commit there.
    put: (round, evaluation, stored) =>
      database.transaction(
        async (tx, native) => {
          ruleSetOf(evaluation.ruleSetId)
          const row = {
            round,
            rule_set_key: evaluation.ruleSetKey,
            rule_set_id: evaluation.ruleSetId,
            parameters: JSON.stringify(evaluation.parameters),
            evaluated_at: evaluation.evaluatedAt
          }
          await tx.insertInto("evaluation").values(row).onConflict((oc) => oc.columns(["round", "rule_set_key"]).doNothing()).execute()
          await tx
            .updateTable("evaluation")
            .set({ rule_set_id: row.rule_set_id, parameters: row.parameters, evaluated_at: row.evaluated_at })
            .where("round", "=", round)
            .where("rule_set_key", "=", row.rule_set_key)
            .where((eb) =>
              eb.or([eb("rule_set_id", "<>", row.rule_set_id), eb("parameters", "<>", row.parameters), eb("evaluated_at", "<>", row.evaluated_at)])
            )
            .execute()
          const rows = lastByKey(stored, (s) => s.decision.houseCode).map((s) => decisionRow(round, evaluation, s))
          await insertAll(tx, native, decisions, rows)
          // The round's revision: one more committed write (a row of its own, so parts written side by side lock nothing in common).
          await tx.insertInto("registry_write").values({ round }).execute()
        },
        { lock: false }
      ),

    revision: (round) =>
      database.use(async (db) => {
        const row = await db.selectFrom("registry_write").select((eb) => eb.fn.countAll().as("n")).where("round", "=", round).executeTakeFirst()
        return String(row?.n ?? 0)
      }),

    page: (round, ruleSetKey, page) => decisionPage(round, ruleSetKey, page),

    get: (round, ruleSetKey, houseCode) =>
      Effect.map(decisionPage(round, ruleSetKey, { limit: 1 }, houseCode), (found) => Option.fromNullable(found[0])),

    evaluations: (round) =>
      database.use(async (db) => {
        const rows = await db
          .selectFrom("evaluation as e")
          .selectAll("e")
          .select((eb) =>
            eb
              .selectFrom("decision as d")
              .select(eb.fn.countAll().as("n"))
              .whereRef("d.round", "=", "e.round")
              .whereRef("d.rule_set_key", "=", "e.rule_set_key")
              .as("households")
          )
          .where("e.round", "=", round)
          .orderBy("e.evaluated_at", "desc")
          .execute()
        return rows.map((row) => ({
          ruleSetId: row.rule_set_id,
          ruleSetKey: row.rule_set_key,
          parameters: decodeParameters(row.parameters),
          evaluatedAt: row.evaluated_at,
          households: Number(row.households ?? 0)
        }))
      })
  })

  const directory = Registry.AreaDirectory.of({
    upsert: (entries) =>
      database.transaction((tx, native) => insertAll(tx, native, areasRenamed, lastByKey(entries, (e) => e.code).map(areaRow))),
    ensure: (entries) => {
      const unknown = entries.filter((e) => !ensured.has(e.code))
      if (unknown.length === 0) return Effect.void
      return database.transaction((tx, native) => insertAll(tx, native, areasAdded, unknown.map(areaRow))).pipe(
        Effect.tap(() => Effect.sync(() => unknown.forEach((e) => ensured.add(e.code)))),
        forgetEnsured
      )
    },
    get: (code) =>
      database.use(async (db) => {
        const row = await db.selectFrom("area").selectAll().where("code", "=", code).executeTakeFirst()
        return row === undefined ? Option.none() : Option.some(areaOf(row))
      }),
    children: (code) =>
      database.use(async (db) => {
        const rows = await db
          .selectFrom("area")
          .selectAll()
          .where((eb) => (code === "" ? eb("parent", "is", null) : eb("parent", "=", code)))
          .orderBy("code")
          .execute()
        return rows.map(areaOf)
      })
  })

  return Context.make(Registry.HouseholdRegistry, registry).pipe(
    Context.add(Registry.DecisionStore, store),
    Context.add(Registry.AreaDirectory, directory)
  )
}

/** The registry's ports over one database service (`Database.within` a transaction, say). */
export const over = (database: Database.Service) => make(database)

/** The household registry, the decision store and the area directory over the `Database`. */
export const layer: Layer.Layer<
  Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory,
  never,
  Database.Database
> = Layer.effectContext(Effect.map(Database.Database, make))
