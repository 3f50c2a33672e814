/**
 * The registry's ports over the `Database`: survey rounds of households and their
 * members, decisions with the evaluation that made them, and the area directory. A record
 * is stored as columns plus JSON of its answers and of the fields the rule set does not
 * name, and is read back as exactly the record that was stored.
 */
import { Area, Decision, Dimension, Indicator, Registry, RegistryMemory, RuleSet, SurveyRecord } from "@phungpao/domain"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { CompiledQuery, type Kysely, type RawBuilder, sql } from "kysely"
import { createHash } from "node:crypto"
import * as Database from "./Database.js"
import type { AreaTable, DecisionTable, HouseholdTable, MemberTable, Tables } from "./Tables.js"

// ---------------------------------------------------------------------------------------
// Bulk writes: a batch of households is a handful of statements, never one per row.

type Column = "int4" | "text"

interface Bulk<T extends keyof Tables> {
  readonly table: T
  readonly columns: ReadonlyArray<keyof Tables[T] & string>
  readonly types: ReadonlyArray<Column>
  /** `on conflict …`, or "". */
  readonly conflict: string
  /** The SQLite statement of a full chunk, made once: most rows of a batch go through it. */
  full?: string
}

const bulk = <T extends keyof Tables>(
  table: T,
  types: { readonly [K in keyof Tables[T]]: Column },
  conflict = ""
): Bulk<T> => ({
  table,
  columns: Object.keys(types) as Array<keyof Tables[T] & string>,
  types: Object.values(types),
  conflict
})

const households = bulk("household", {
  round: "int4",
  house_code: "text",
  village_code: "text",
  house_number: "text",
  survey_year: "int4",
  surveyed_on: "text",
  welfare_card: "text",
  persons: "int4",
  answers: "text",
  extra: "text",
  content_hash: "text",
  imported_at: "text"
})

const members = bulk("member", {
  round: "int4",
  house_code: "text",
  ordinal: "int4",
  citizen_id: "text",
  title: "text",
  first_name: "text",
  last_name: "text",
  sex: "text",
  birth_date: "text",
  relation: "text",
  answers: "text",
  extra: "text"
})

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

const updateAll = (key: ReadonlyArray<string>, columns: ReadonlyArray<string>) =>
  `on conflict (${key.join(", ")}) do update set ${columns
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(", ")}`

const decisions = bulk(
  "decision",
  decisionTypes,
  updateAll(["round", "rule_set_key", "house_code"], Object.keys(decisionTypes))
)

const areaTypes = { code: "text", level: "text", parent: "text", name_th: "text", name_en: "text" } as const
const areasRenamed = bulk("area", areaTypes, updateAll(["code"], Object.keys(areaTypes)))
const areasAdded = bulk("area", areaTypes, "on conflict (code) do nothing")

/** SQLite refuses a statement with more bound parameters than this. */
const sqliteMaxParameters = 32_766
/** PostgreSQL takes a column as one array parameter; this bounds one statement's size. */
const postgresRowsPerStatement = 10_000

const valuesStatement = <T extends keyof Tables>(spec: Bulk<T>, rows: number): string => {
  const tuple = `(${spec.columns.map(() => "?").join(",")})`
  return `insert into ${spec.table} (${spec.columns.join(", ")}) values ${Array.from({ length: rows }, () => tuple).join(",")} ${spec.conflict}`
}

/**
 * Inserts rows with as few statements as the engine allows: multi-row VALUES on SQLite,
 * one array per column through `unnest` on PostgreSQL (a dozen parameters for any count).
 */
const insertAll = async <T extends keyof Tables>(
  tx: Kysely<Tables>,
  engine: Database.Engine,
  spec: Bulk<T>,
  rows: ReadonlyArray<Tables[T]>
): Promise<void> => {
  const { columns } = spec
  if (engine === "sqlite") {
    const perStatement = Math.floor(sqliteMaxParameters / columns.length)
    for (let start = 0; start < rows.length; start += perStatement) {
      const end = Math.min(rows.length, start + perStatement)
      const parameters: Array<unknown> = []
      for (let i = start; i < end; i++) {
        const row = rows[i]!
        for (const column of columns) parameters.push(row[column])
      }
      const text =
        end - start === perStatement
          ? (spec.full ??= valuesStatement(spec, perStatement))
          : valuesStatement(spec, end - start)
      await tx.executeQuery(CompiledQuery.raw(text, parameters))
    }
    return
  }
  const text = `insert into ${spec.table} (${columns.join(", ")}) select * from unnest(${spec.types
    .map((type, i) => `$${i + 1}::${type}[]`)
    .join(", ")}) ${spec.conflict}`
  for (let start = 0; start < rows.length; start += postgresRowsPerStatement) {
    const chunk = rows.slice(start, start + postgresRowsPerStatement)
    await tx.executeQuery(CompiledQuery.raw(text, columns.map((column) => chunk.map((row) => row[column]))))
  }
}

/** `column` is one of `values`, as a single parameter whatever their number. */
const oneOf = (engine: Database.Engine, column: string, values: ReadonlyArray<string>): RawBuilder<boolean> =>
  engine === "sqlite"
    ? sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`
    : sql<boolean>`${sql.ref(column)} = any(${values}::text[])`

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

// ---------------------------------------------------------------------------------------
// Records as rows and back.

/** Record fields with a column of their own; the rest named by the rule set are answers. */
const householdColumnFields = new Set(["houseCode", "villageCode", "houseNumber", "surveyYear", "surveyedOn", "welfareCard", "members"])
const memberColumnFields = new Set(["citizenId", "title", "firstName", "lastName", "sex", "birthDate", "relation"])
// Taken from the domain's schema, so a new answer field is stored without a migration.
const householdAnswers = new Set(Object.keys(SurveyRecord.SurveyRecord.from.fields).filter((f) => !householdColumnFields.has(f)))
const memberAnswers = new Set(Object.keys(SurveyRecord.Member.fields).filter((f) => !memberColumnFields.has(f)))

/** The answers (JSON) and the fields the rule set does not name (JSON, or null when none). */
const splitFields = (
  value: object,
  columnFields: ReadonlySet<string>,
  answerFields: ReadonlySet<string>
): { readonly answers: string; readonly extra: string | null } => {
  const answers: Record<string, unknown> = {}
  let extra: Record<string, unknown> | undefined
  for (const [field, v] of Object.entries(value)) {
    if (v === undefined || columnFields.has(field)) continue
    if (answerFields.has(field)) answers[field] = v
    else (extra ??= {})[field] = v
  }
  return { answers: JSON.stringify(answers), extra: extra === undefined ? null : JSON.stringify(extra) }
}

/** The content hash that tells an unchanged household from a changed one, whatever its key order. */
const contentHash = (record: SurveyRecord.SurveyRecord): string =>
  createHash("sha1").update(RegistryMemory.canonicalJson(record)).digest("base64")

const householdRow = (round: number, record: SurveyRecord.SurveyRecord, hash: string, importedAt: string): HouseholdTable => {
  const { answers, extra } = splitFields(record, householdColumnFields, householdAnswers)
  return {
    round,
    house_code: record.houseCode,
    village_code: record.villageCode,
    house_number: record.houseNumber ?? null,
    survey_year: record.surveyYear,
    surveyed_on: record.surveyedOn,
    welfare_card: record.welfareCard,
    persons: record.members.length,
    answers,
    extra,
    content_hash: hash,
    imported_at: importedAt
  }
}

const pushMemberRows = (out: Array<MemberTable>, round: number, record: SurveyRecord.SurveyRecord): void => {
  record.members.forEach((member, ordinal) => {
    const { answers, extra } = splitFields(member, memberColumnFields, memberAnswers)
    out.push({
      round,
      house_code: record.houseCode,
      ordinal,
      citizen_id: member.citizenId,
      title: member.title ?? null,
      first_name: member.firstName,
      last_name: member.lastName,
      sex: member.sex,
      birth_date: member.birthDate,
      relation: member.relation,
      answers,
      extra
    })
  })
}

// Reading a page costs about a JavaScript string per column and row: only these are read.
const householdRead = ["house_code", "village_code", "house_number", "survey_year", "surveyed_on", "welfare_card", "answers", "extra"] as const
const memberRead = ["house_code", "citizen_id", "title", "first_name", "last_name", "sex", "birth_date", "relation", "answers", "extra"] as const
type HouseholdRead = Pick<HouseholdTable, (typeof householdRead)[number]>
type MemberRead = Pick<MemberTable, (typeof memberRead)[number]>

const memberOf = (row: MemberRead): Record<string, unknown> => {
  const member: Record<string, unknown> = { citizenId: row.citizen_id }
  if (row.title !== null) member["title"] = row.title
  member["firstName"] = row.first_name
  member["lastName"] = row.last_name
  member["sex"] = row.sex
  member["birthDate"] = row.birth_date
  member["relation"] = row.relation
  Object.assign(member, JSON.parse(row.answers))
  if (row.extra !== null) Object.assign(member, JSON.parse(row.extra))
  return member
}

/** The stored record, checked with the domain's decoder: a row that is not one is a defect. */
const recordOf = (round: number, row: HouseholdRead, memberRows: ReadonlyArray<MemberRead>): SurveyRecord.SurveyRecord => {
  const record: Record<string, unknown> = { houseCode: row.house_code, villageCode: row.village_code }
  if (row.house_number !== null) record["houseNumber"] = row.house_number
  record["surveyYear"] = row.survey_year
  record["surveyedOn"] = row.surveyed_on
  record["welfareCard"] = row.welfare_card
  Object.assign(record, JSON.parse(row.answers))
  if (row.extra !== null) Object.assign(record, JSON.parse(row.extra))
  record["members"] = memberRows.map(memberOf)
  const decoded = SurveyRecord.decode(record)
  if (Either.isLeft(decoded)) {
    throw new Error(`household ${row.house_code} of round ${round} in the database is not a valid record: ${decoded.left.message}`)
  }
  return decoded.right
}

/** Records of household rows, their members fetched in one query. */
const recordsOf = async (
  db: Kysely<Tables>,
  engine: Database.Engine,
  round: number,
  rows: ReadonlyArray<HouseholdRead>,
  contiguous: boolean
): Promise<Array<SurveyRecord.SurveyRecord>> => {
  if (rows.length === 0) return []
  let query = db.selectFrom("member").select(memberRead).where("round", "=", round)
  // A page without an area filter is a range of house codes: read it as one range of
  // the primary key; a filtered page names its houses.
  query = contiguous
    ? query.where("house_code", ">=", rows[0]!.house_code).where("house_code", "<=", rows[rows.length - 1]!.house_code)
    : query.where(oneOf(engine, "house_code", rows.map((row) => row.house_code)))
  const memberRows = await query.orderBy("house_code").orderBy("ordinal").execute()
  const byHouse = new Map<string, Array<MemberRead>>()
  for (const row of rows) byHouse.set(row.house_code, [])
  for (const member of memberRows) byHouse.get(member.house_code)?.push(member)
  return rows.map((row) => recordOf(round, row, byHouse.get(row.house_code)!))
}

// ---------------------------------------------------------------------------------------
// Decisions as rows and back.

const dimensionBit = new Map(Dimension.all.map((d, i) => [d, 1 << i]))

const decisionRow = (round: number, evaluation: Registry.Evaluation, stored: Registry.StoredDecision): DecisionTable => {
  const c = Decision.compact(stored.decision)
  if (c.ruleSet !== evaluation.ruleSetKey) {
    throw new Error(`decision of house ${c.houseCode} was made under ${c.ruleSet}, not the evaluation's ${evaluation.ruleSetKey}`)
  }
  let failed = 0
  for (const d of stored.decision.failedDimensions) failed |= dimensionBit.get(d)!
  return {
    round,
    rule_set_key: evaluation.ruleSetKey,
    house_code: c.houseCode,
    rule_set_id: evaluation.ruleSetId,
    survey_year: c.surveyYear,
    statuses: c.statuses,
    members: Object.keys(c.members).length === 0 ? null : JSON.stringify(c.members),
    survey_poor: c.surveyPoor ? 1 : 0,
    target: c.target ? 1 : 0,
    failed_dimensions: failed,
    reasons: c.reasons.length === 0 ? null : JSON.stringify(c.reasons),
    village_code: stored.villageCode,
    persons: stored.persons,
    evaluated_at: evaluation.evaluatedAt
  }
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

const areaRow = (entry: Registry.AreaEntry): AreaTable => ({
  code: entry.code,
  level: entry.level,
  parent: Area.parent(entry.code as Area.AreaCode) ?? null,
  name_th: entry.nameTh,
  name_en: entry.nameEn
})

const areaOf = (row: AreaTable): Registry.AreaEntry => {
  if (!levels.has(row.level)) throw new Error(`area ${row.code} in the database has an unknown level ${JSON.stringify(row.level)}`)
  return { code: row.code, level: row.level as Area.Level, nameTh: row.name_th, nameEn: row.name_en }
}

const compareCodes = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)

/** The last of each key wins, as when the rows are written one after another. */
const lastByKey = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Array<A> => [...new Map(items.map((a) => [key(a), a])).values()]

// ---------------------------------------------------------------------------------------

const make = (database: Database.Service) => {
  const { engine } = database

  const registry = Registry.HouseholdRegistry.of({
    upsert: (round, records) =>
      Effect.gen(function* () {
        if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 }
        const importedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
        // Hashing is the costly part: done before the write lock is taken.
        const hashes = records.map(contentHash)
        return yield* database.transaction(async (tx) => {
          const codes = [...new Set(records.map((r) => r.houseCode))]
          const stored = await tx
            .selectFrom("household")
            .select(["house_code", "content_hash"])
            .where("round", "=", round)
            .where(oneOf(engine, "house_code", codes))
            .execute()
          const known = new Map(stored.map((row) => [row.house_code, row.content_hash]))
          const existing = new Set(known.keys())
          // Records in batch order, as the memory registry counts them: a house given
          // twice counts twice, and its last version is the one written.
          const written = new Map<string, number>()
          let inserted = 0
          let updated = 0
          let unchanged = 0
          for (let i = 0; i < records.length; i++) {
            const code = records[i]!.houseCode
            const before = known.get(code)
            if (before === undefined) inserted++
            else if (before === hashes[i]) {
              unchanged++
              continue
            } else updated++
            known.set(code, hashes[i]!)
            written.set(code, i)
          }
          const replaced = [...written.keys()].filter((code) => existing.has(code))
          if (replaced.length > 0) {
            // Members go with their household (ON DELETE CASCADE).
            await tx.deleteFrom("household").where("round", "=", round).where(oneOf(engine, "house_code", replaced)).execute()
          }
          const householdRows: Array<HouseholdTable> = []
          const memberRows: Array<MemberTable> = []
          // In key order, a batch fills index pages one after another instead of all over.
          const order = [...written.values()].sort((x, y) => compareCodes(records[x]!.houseCode, records[y]!.houseCode))
          for (const i of order) {
            const record = records[i]!
            householdRows.push(householdRow(round, record, hashes[i]!, importedAt))
            pushMemberRows(memberRows, round, record)
          }
          await insertAll(tx, engine, households, householdRows)
          await insertAll(tx, engine, members, memberRows)
          return { inserted, updated, unchanged }
        })
      }),

    get: (round, houseCode) =>
      database.use(async (db) => {
        const row = await db
          .selectFrom("household")
          .select(householdRead)
          .where("round", "=", round)
          .where("house_code", "=", houseCode)
          .executeTakeFirst()
        if (row === undefined) return Option.none()
        const [record] = await recordsOf(db, engine, round, [row], true)
        return Option.some(record!)
      }),

    page: (round, page) => {
      const scope = scopeOf(page)
      if (scope === "none") return Effect.succeed([])
      return database.use(async (db) => {
        let query = db.selectFrom("household").select(householdRead).where("round", "=", round)
        if (page.after !== undefined) query = query.where("house_code", ">", page.after)
        if (scope !== "all") query = query.where(scope)
        const rows = await query.orderBy("house_code").limit(page.limit).execute()
        return recordsOf(db, engine, round, rows, scope === "all")
      })
    },

    rounds: () =>
      database.use(async (db) => {
        const rows = await db
          .selectFrom("household")
          .select((eb) => ["round", eb.fn.countAll().as("households"), eb.fn.sum<number | string>("persons").as("persons")])
          .groupBy("round")
          .orderBy("round")
          .execute()
        // PostgreSQL returns counts and sums as strings (bigint and numeric).
        return rows.map((row) => ({ round: row.round, households: Number(row.households), persons: Number(row.persons) }))
      })
  })

  const store = Registry.DecisionStore.of({
    put: (round, evaluation, stored) =>
      database.transaction(async (tx) => {
        ruleSetOf(evaluation.ruleSetId)
        await tx
          .insertInto("evaluation")
          .values({
            round,
            rule_set_key: evaluation.ruleSetKey,
            rule_set_id: evaluation.ruleSetId,
            parameters: JSON.stringify(evaluation.parameters),
            evaluated_at: evaluation.evaluatedAt
          })
          .onConflict((oc) =>
            oc.columns(["round", "rule_set_key"]).doUpdateSet((eb) => ({
              rule_set_id: eb.ref("excluded.rule_set_id"),
              parameters: eb.ref("excluded.parameters"),
              evaluated_at: eb.ref("excluded.evaluated_at")
            }))
          )
          .execute()
        const rows = lastByKey(stored, (s) => s.decision.houseCode).map((s) => decisionRow(round, evaluation, s))
        await insertAll(tx, engine, decisions, rows)
      }),

    page: (round, ruleSetKey, page) => {
      const scope = scopeOf(page)
      if (scope === "none") return Effect.succeed([])
      return database.use(async (db) => {
        let query = db.selectFrom("decision").selectAll().where("round", "=", round).where("rule_set_key", "=", ruleSetKey)
        if (page.after !== undefined) query = query.where("house_code", ">", page.after)
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
    },

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
      database.transaction((tx) => insertAll(tx, engine, areasRenamed, lastByKey(entries, (e) => e.code).map(areaRow))),
    ensure: (entries) =>
      database.transaction((tx) => insertAll(tx, engine, areasAdded, entries.map(areaRow))),
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

/** The household registry, the decision store and the area directory over the `Database`. */
export const layer: Layer.Layer<
  Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory,
  never,
  Database.Database
> = Layer.effectContext(Effect.map(Database.Database, make))
