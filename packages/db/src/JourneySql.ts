/**
 * The household journey (the domain's `JourneyStore`) over the `Database`: a target
 * household's record split into the tables its parts belong to (verification, capital
 * scores, mentor assignment), problems, plan actions, follow-up visits, teams, users,
 * agencies and deadlines as rows, and the logbook appended and never changed (the
 * database's triggers refuse UPDATE and DELETE on both engines).
 *
 * A `transact` runs on one connection that holds the journey's write lock from its first
 * statement: SQLite's `BEGIN IMMEDIATE` (the database's one writer), PostgreSQL's
 * transaction-scoped advisory lock on the journey's own key. What a command read is then
 * still true when its writes commit, in every process sharing the database.
 */
import { type Agency, Journey, JourneyStore, Logbook, Organisation, Plan, Problem, Progress, type Registry } from "@phungpao/domain"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import { sql } from "kysely"
import * as Chain from "./Chain.js"
import * as Database from "./Database.js"
import * as RegistrySql from "./RegistrySql.js"
import * as Sql from "./Statements.js"

type Row = Sql.Row
type Statements = Sql.Statements
const sqliteStatements = Sql.sqlite
const kyselyStatements = Sql.kysely

// ---------------------------------------------------------------------------------------
// Rows and records.

const decodeHousehold = Schema.decodeUnknownSync(Journey.Household)
const decodeProblem = Schema.decodeUnknownSync(Problem.Problem)
const decodeAction = Schema.decodeUnknownSync(Plan.Action)
const decodeEntry = Schema.decodeUnknownSync(Logbook.Entry)
const decodeVisit = Schema.decodeUnknownSync(Journey.Visit)
const decodeTeam = Schema.decodeUnknownSync(Organisation.Team)
const decodeUser = Schema.decodeUnknownSync(Organisation.User)
const decodeDeadline = Schema.decodeUnknownSync(Progress.Deadline)
const decodeRecorded = Schema.decodeUnknownSync(JourneyStore.Recorded)
const encodeClosure = Schema.encodeSync(Problem.Closure)

/** `{ [key]: value }` when the column holds a value, `{}` when it is null. */
const opt = (key: string, value: unknown): Row => (value === null || value === undefined ? {} : { [key]: value })
const nullable = (value: unknown) => (value === undefined ? null : value)
const parse = (text: unknown): unknown => JSON.parse(String(text))

/** The household columns and the parts kept in their own tables, joined. */
const householdSelect = `select h.house_code, h.village_code, h.source, h.round, h.failed, h.analysed_on, h.analysed_by,
  h.agreed_on, h.agreed_by, v.outcome, v.verified_on, v.verified_by, v.note as verification_note,
  c.house_code as scored, c.score_human, c.score_physical, c.score_financial, c.score_natural, c.score_social, m.team_id
  from journey_household h
  left join journey_verification v on v.house_code = h.house_code
  left join journey_capital c on c.house_code = h.house_code
  left join journey_mentor_assignment m on m.house_code = h.house_code`

const householdOf = (r: Row): Journey.Household =>
  decodeHousehold({
    houseCode: r["house_code"],
    villageCode: r["village_code"],
    source: r["source"],
    round: Number(r["round"]),
    failed: parse(r["failed"]),
    ...(r["outcome"] === null
      ? {}
      : { verification: { outcome: r["outcome"], on: r["verified_on"], by: r["verified_by"], ...opt("note", r["verification_note"]) } }),
    ...(r["analysed_on"] === null ? {} : { analysis: { on: r["analysed_on"], by: r["analysed_by"] } }),
    ...(r["scored"] === null
      ? {}
      : {
        capitals: {
          ...opt("human", r["score_human"]),
          ...opt("physical", r["score_physical"]),
          ...opt("financial", r["score_financial"]),
          ...opt("natural", r["score_natural"]),
          ...opt("social", r["score_social"])
        }
      }),
    ...(r["agreed_on"] === null ? {} : { agreement: { on: r["agreed_on"], by: r["agreed_by"] } }),
    ...opt("mentorTeam", r["team_id"])
  })

const problemOf = (r: Row): Problem.Problem =>
  decodeProblem({
    houseCode: r["house_code"],
    indicator: Number(r["indicator"]),
    dimension: r["dimension"],
    openedOn: r["opened_on"],
    ...(r["closure"] === null ? {} : { closure: parse(r["closure"]) })
  })

const actionOf = (r: Row): Plan.Action =>
  decodeAction({
    id: r["id"],
    houseCode: r["house_code"],
    part: r["part"],
    description: r["description"],
    problems: parse(r["problems"]),
    responsible: r["responsible_kind"] === "agency" ? { _tag: "agency", code: r["responsible"] } : { _tag: "team", id: r["responsible"] },
    budgetSource: r["budget_source"],
    plannedCost: Number(r["planned_cost"]),
    due: r["due"],
    status: r["status"],
    createdBy: r["created_by"],
    createdAt: r["created_at"]
  })

/** A logbook row as an entry (the fund reads the entries its payments wrote with it). */
export const entryOf = (r: Row): Logbook.Entry =>
  decodeEntry({
    id: r["id"],
    houseCode: r["house_code"],
    ...opt("member", r["member"]),
    on: r["given_on"],
    giver: { ...opt("agency", r["giver_agency"]), ...opt("team", r["giver_team"]), ...opt("person", r["giver_person"]) },
    kind: r["kind"],
    value: Number(r["value"]),
    problems: parse(r["problems"]),
    ...opt("action", r["action_id"]),
    budgetSource: r["budget_source"],
    ...opt("evidence", r["evidence"]),
    ...opt("note", r["note"]),
    villageCode: r["village_code"],
    ...opt("fundRequest", r["fund_request"]),
    ...opt("reverses", r["reverses"]),
    ...opt("reason", r["reason"]),
    recordedBy: r["recorded_by"],
    recordedAt: r["recorded_at"]
  })

/**
 * The logbook's INSERT and its parameters, shared with the fund: a payment appends its
 * household's entry to this same logbook, inside the fund's own transaction. The last two
 * parameters are the entry's place in the chain (`Chain`).
 */
export const logbookInsert = `insert into journey_logbook (${[...Chain.logbookColumns, "prev_hash", "hash"].join(", ")})
  values (${[...Chain.logbookColumns, "prev_hash", "hash"].map(() => "?").join(", ")})`

export const logbookParams = (e: Logbook.Entry): ReadonlyArray<unknown> => [
  e.id,
  e.houseCode,
  e.villageCode,
  nullable(e.member),
  e.on,
  nullable(e.giver.agency),
  nullable(e.giver.team),
  nullable(e.giver.person),
  e.kind,
  e.value,
  JSON.stringify(e.problems),
  nullable(e.action),
  e.budgetSource,
  nullable(e.evidence),
  nullable(e.note),
  nullable(e.fundRequest),
  nullable(e.reverses),
  nullable(e.reason),
  e.recordedBy,
  e.recordedAt
]

/** The key of the PostgreSQL advisory lock that serialises the journey's transactions (and appends to its logbook). */
export const journeyLock = 0x50686a79 // "Phjy"

/**
 * Appends an entry to the logbook after the last hash of `tip`, read first when the tip
 * has none yet (after `lock`, which a writer not holding the journey's lock passes).
 */
export const appendLogbook = (
  db: Pick<Statements, "all"> & { readonly run: (text: string, params: ReadonlyArray<unknown>) => Effect.Effect<unknown> },
  tip: Chain.Tip,
  e: Logbook.Entry,
  lock: Effect.Effect<unknown> = Effect.void
): Effect.Effect<void> => {
  // Without Effect.gen: the journey's batches append tens of thousands of entries. The tip
  // is read when the append runs, not when it is made (`Effect.all` makes them all first).
  const insert = (prev: string) => {
    const values = logbookParams(e)
    const hash = Chain.link(prev, Chain.text(values))
    return Effect.map(db.run(logbookInsert, [...values, prev, hash]), () => void (tip.logbook = hash))
  }
  return Effect.suspend(() =>
    tip.logbook === undefined
      ? Effect.zipRight(lock, Effect.flatMap(Chain.last(db, "journey_logbook"), insert))
      : insert(tip.logbook)
  )
}

const visitOf = (r: Row): Journey.Visit =>
  decodeVisit({
    id: r["id"],
    houseCode: r["house_code"],
    on: r["visited_on"],
    stage: r["stage"],
    confirms: parse(r["confirms"]),
    ...opt("note", r["note"]),
    by: r["visited_by"],
    recordedAt: r["recorded_at"]
  })

const agencyOf = (r: Row): Agency.Agency =>
  ({ code: r["code"], nameTh: r["name_th"], nameEn: r["name_en"], ...opt("abbreviationTh", r["abbreviation_th"]) }) as Agency.Agency

const recordedOf = (r: Row): JourneyStore.Recorded => decodeRecorded({ ...r, result: parse(r["result"]) })

/** `n` rows of `columns` placeholders: `(?, ?), (?, ?)`. */
const values = (columns: number, n: number) => Array.from({ length: n }, () => `(${Array(columns).fill("?").join(", ")})`).join(", ")

const chunks = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Rows of `rows` grouped by their house code, in order. */
const byHouse = <A>(rows: ReadonlyArray<Row>, of: (row: Row) => A): Map<string, Array<A>> => {
  const groups = new Map<string, Array<A>>()
  for (const r of rows) {
    const code = String(r["house_code"])
    let list = groups.get(code)
    if (list === undefined) groups.set(code, (list = []))
    list.push(of(r))
  }
  return groups
}

const householdColumns = (h: Journey.Household) => [
  h.houseCode,
  h.villageCode,
  h.source,
  h.round,
  JSON.stringify(h.failed),
  h.analysis?.on ?? null,
  h.analysis?.by ?? null,
  h.agreement?.on ?? null,
  h.agreement?.by ?? null
]

const insertHouseholds = (n: number) =>
  `insert into journey_household (house_code, village_code, source, round, failed, analysed_on, analysed_by, agreed_on, agreed_by)
   values ${values(9, n)}`

// ---------------------------------------------------------------------------------------
// Reads shared by the transaction and the store.

/** Everything about the households whose house code is `code` (`by: "house"`) or whose village starts with it. */
const readFacts = (db: Statements, by: "house" | "area", code: string): Effect.Effect<ReadonlyArray<Journey.Facts>> =>
  Effect.gen(function* () {
    const where = by === "house" ? "h.house_code = ?" : "h.village_code like ?"
    const param = by === "house" ? code : `${code}%`
    const households = (yield* db.all(`${householdSelect} where ${where} order by h.house_code`, [param])).map(householdOf)
    if (households.length === 0) return []
    // One household's rows by their own key; an area's through the household's village.
    // A household's problems come by indicator number, as the port promises; the rest in the order written.
    const part = (table: string, order = "t.position") =>
      by === "house"
        ? db.all(`select t.* from ${table} t where t.house_code = ? order by ${order}`, [param])
        : db.all(`select t.* from ${table} t join journey_household h on h.house_code = t.house_code where ${where} order by ${order}`, [param])
    const problems = byHouse(yield* part("journey_problem", "t.indicator"), problemOf)
    const actions = byHouse(yield* part("journey_action"), actionOf)
    const entries = byHouse(yield* part("journey_logbook"), entryOf)
    const visits = byHouse(yield* part("journey_visit"), visitOf)
    return households.map((household) => ({
      household,
      problems: problems.get(household.houseCode) ?? [],
      actions: actions.get(household.houseCode) ?? [],
      entries: entries.get(household.houseCode) ?? [],
      visits: visits.get(household.houseCode) ?? []
    }))
  })

const readTeams = (db: Statements, where: string, params: ReadonlyArray<unknown>): Effect.Effect<ReadonlyArray<Organisation.Team>> =>
  Effect.gen(function* () {
    const teams = yield* db.all(`select id, kind, name, area from journey_team t where ${where} order by id`, params)
    if (teams.length === 0) return []
    const members = yield* db.all(
      `select m.team_id, m.user_id, m.name, m.agency from journey_team_member m join journey_team t on t.id = m.team_id
       where ${where} order by m.team_id, m.ordinal`,
      params
    )
    return teams.map((t) =>
      decodeTeam({
        ...t,
        members: members
          .filter((m) => m["team_id"] === t["id"])
          .map((m) => ({ ...opt("userId", m["user_id"]), name: m["name"], ...opt("agency", m["agency"]) }))
      }))
  })

const readUsers = (db: Statements, where: string, params: ReadonlyArray<unknown>): Effect.Effect<ReadonlyArray<Organisation.User>> =>
  Effect.gen(function* () {
    const users = yield* db.all(`select id, name, role, agency, team_id from journey_user u where ${where} order by id`, params)
    if (users.length === 0) return []
    const scopes = yield* db.all(
      `select s.user_id, s.area from journey_user_scope s join journey_user u on u.id = s.user_id where ${where} order by s.user_id, s.ordinal`,
      params
    )
    return users.map((u) =>
      decodeUser({
        id: u["id"],
        name: u["name"],
        role: u["role"],
        scope: scopes.filter((s) => s["user_id"] === u["id"]).map((s) => s["area"]),
        ...opt("agency", u["agency"]),
        ...opt("team", u["team_id"])
      }))
  })

// ---------------------------------------------------------------------------------------
// The transaction.

const upsertHousehold = `insert into journey_household (house_code, village_code, source, round, failed, analysed_on, analysed_by, agreed_on, agreed_by)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (house_code) do update set village_code = excluded.village_code, source = excluded.source, round = excluded.round,
    failed = excluded.failed, analysed_on = excluded.analysed_on, analysed_by = excluded.analysed_by,
    agreed_on = excluded.agreed_on, agreed_by = excluded.agreed_by`

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b)

/**
 * Stores the parts of a household kept in their own tables (a part it no longer has is
 * removed), leaving alone those equal in `before`, the household as this transaction
 * last read or wrote it.
 */
const putParts = (db: Statements, h: Journey.Household, before?: Journey.Household) =>
  Effect.gen(function* () {
    const v = h.verification
    if (before !== undefined && same(v, before.verification)) {
      // unchanged
    } else if (v === undefined) yield* db.run("delete from journey_verification where house_code = ?", [h.houseCode])
    else {
      yield* db.run(
        `insert into journey_verification (house_code, outcome, verified_on, verified_by, note) values (?, ?, ?, ?, ?)
         on conflict (house_code) do update set outcome = excluded.outcome, verified_on = excluded.verified_on,
           verified_by = excluded.verified_by, note = excluded.note`,
        [h.houseCode, v.outcome, v.on, v.by, nullable(v.note)]
      )
    }
    const c = h.capitals
    if (before !== undefined && same(c, before.capitals)) {
      // unchanged
    } else if (c === undefined) yield* db.run("delete from journey_capital where house_code = ?", [h.houseCode])
    else {
      yield* db.run(
        `insert into journey_capital (house_code, score_human, score_physical, score_financial, score_natural, score_social) values (?, ?, ?, ?, ?, ?)
         on conflict (house_code) do update set score_human = excluded.score_human, score_physical = excluded.score_physical,
           score_financial = excluded.score_financial, score_natural = excluded.score_natural, score_social = excluded.score_social`,
        [h.houseCode, nullable(c.human), nullable(c.physical), nullable(c.financial), nullable(c.natural), nullable(c.social)]
      )
    }
    if (before !== undefined && h.mentorTeam === before.mentorTeam) {
      // unchanged
    } else if (h.mentorTeam === undefined) yield* db.run("delete from journey_mentor_assignment where house_code = ?", [h.houseCode])
    else {
      yield* db.run(
        "insert into journey_mentor_assignment (house_code, team_id) values (?, ?) on conflict (house_code) do update set team_id = excluded.team_id",
        [h.houseCode, h.mentorTeam]
      )
    }
  })

/** What a command may read and write, over statements on one connection (`layer` runs it under the journey's lock). */
const transaction = (db: Statements, tip: Chain.Tip = Chain.tip()): JourneyStore.Transaction => {
  const one = <A>(text: string, params: ReadonlyArray<unknown>, f: (row: Row) => A) =>
    Effect.map(db.all(text, params), (rows) => Option.map(Option.fromNullable(rows[0]), f))
  // The households this transaction read or wrote, as they stand in it: a write leaves
  // alone the tables whose part did not change (verification, analysis, agreement and
  // mentor assignment each change one).
  const known = new Map<string, Journey.Household>()
  const putHousehold = (h: Journey.Household) =>
    Effect.gen(function* () {
      const before = known.get(h.houseCode)
      const columns = householdColumns(h)
      if (before === undefined || !same(columns, householdColumns(before))) yield* db.run(upsertHousehold, columns)
      yield* putParts(db, h, before)
      known.set(h.houseCode, h)
    })
  return {
    entry: (key) => one("select key, command, hash, result, at from journey_entry where key = ?", [key], recordedOf),
    record: (entry) =>
      Effect.asVoid(
        db.run("insert into journey_entry (key, command, hash, result, at) values (?, ?, ?, ?, ?)", [
          entry.key,
          entry.command,
          entry.hash,
          JSON.stringify(entry.result),
          entry.at
        ])
      ),
    next: (sequence) =>
      Effect.map(
        db.all(
          "insert into journey_sequence (name, value) values (?, 1) on conflict (name) do update set value = journey_sequence.value + 1 returning value",
          [sequence]
        ),
        (rows) => Number(rows[0]!["value"])
      ),
    facts: (houseCode) =>
      Effect.map(readFacts(db, "house", houseCode), (found) => {
        if (found[0] !== undefined) known.set(houseCode, found[0].household)
        return Option.fromNullable(found[0])
      }),
    households: (area) =>
      Effect.map(db.all(`${householdSelect} where h.village_code like ? order by h.house_code`, [`${area}%`]), (rows) =>
        rows.map((row) => {
          const h = householdOf(row)
          known.set(h.houseCode, h)
          return h
        })),
    ensure: (households) =>
      Effect.gen(function* () {
        const present = new Set<string>()
        for (const chunk of chunks(households, 500)) {
          const rows = yield* db.all(`select house_code from journey_household where house_code in (${chunk.map(() => "?").join(", ")})`, chunk.map((h) => h.houseCode))
          for (const r of rows) present.add(String(r["house_code"]))
        }
        const fresh = households.filter((h) => !present.has(h.houseCode) && (present.add(h.houseCode), true))
        for (const chunk of chunks(fresh, 500)) yield* db.run(insertHouseholds(chunk.length), chunk.flatMap(householdColumns))
        for (const h of fresh) {
          if (h.verification !== undefined || h.capitals !== undefined || h.mentorTeam !== undefined) yield* putParts(db, h)
          known.set(h.houseCode, h)
        }
        return fresh.length
      }),
    putHousehold,
    putProblem: (p) =>
      Effect.asVoid(
        db.run(
          `insert into journey_problem (house_code, indicator, dimension, opened_on, closed_as, closure) values (?, ?, ?, ?, ?, ?)
           on conflict (house_code, indicator) do update set dimension = excluded.dimension, opened_on = excluded.opened_on,
             closed_as = excluded.closed_as, closure = excluded.closure`,
          [
            p.houseCode,
            p.indicator,
            p.dimension,
            p.openedOn,
            p.closure?._tag ?? null,
            p.closure === undefined ? null : JSON.stringify(encodeClosure(p.closure))
          ]
        )
      ),
    action: (id) => one("select * from journey_action where id = ?", [id], actionOf),
    putAction: (a) =>
      Effect.asVoid(
        db.run(
          `insert into journey_action (id, house_code, part, description, problems, responsible_kind, responsible, budget_source,
             planned_cost, due, status, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           on conflict (id) do update set house_code = excluded.house_code, part = excluded.part, description = excluded.description,
             problems = excluded.problems, responsible_kind = excluded.responsible_kind, responsible = excluded.responsible,
             budget_source = excluded.budget_source, planned_cost = excluded.planned_cost, due = excluded.due,
             status = excluded.status, created_by = excluded.created_by, created_at = excluded.created_at`,
          [
            a.id,
            a.houseCode,
            a.part,
            a.description,
            JSON.stringify(a.problems),
            a.responsible._tag,
            a.responsible._tag === "agency" ? a.responsible.code : a.responsible.id,
            a.budgetSource,
            a.plannedCost,
            a.due,
            a.status,
            a.createdBy,
            a.createdAt
          ]
        )
      ),
    logEntry: (id) => one("select * from journey_logbook where id = ?", [id], entryOf),
    // A repeated id fails on the unique key: a defect, and the transaction rolls back.
    append: (e) => appendLogbook(db, tip, e),
    putVisit: (v) =>
      Effect.asVoid(
        db.run(
          `insert into journey_visit (id, house_code, visited_on, stage, confirms, note, visited_by, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?)
           on conflict (id) do update set house_code = excluded.house_code, visited_on = excluded.visited_on, stage = excluded.stage,
             confirms = excluded.confirms, note = excluded.note, visited_by = excluded.visited_by, recorded_at = excluded.recorded_at`,
          [v.id, v.houseCode, v.on, v.stage, JSON.stringify(v.confirms), nullable(v.note), v.by, v.recordedAt]
        )
      ),
    team: (id) => Effect.map(readTeams(db, "t.id = ?", [id]), (teams) => Option.fromNullable(teams[0])),
    putTeam: (team) =>
      Effect.gen(function* () {
        yield* db.run(
          "insert into journey_team (id, kind, name, area) values (?, ?, ?, ?) on conflict (id) do update set kind = excluded.kind, name = excluded.name, area = excluded.area",
          [team.id, team.kind, team.name, team.area]
        )
        yield* db.run("delete from journey_team_member where team_id = ?", [team.id])
        if (team.members.length > 0) {
          yield* db.run(
            `insert into journey_team_member (team_id, ordinal, user_id, name, agency) values ${values(5, team.members.length)}`,
            team.members.flatMap((m, i) => [team.id, i, nullable(m.userId), m.name, nullable(m.agency)])
          )
        }
      }),
    putUser: (user) =>
      Effect.gen(function* () {
        yield* db.run(
          `insert into journey_user (id, name, role, agency, team_id) values (?, ?, ?, ?, ?)
           on conflict (id) do update set name = excluded.name, role = excluded.role, agency = excluded.agency, team_id = excluded.team_id`,
          [user.id, user.name, user.role, nullable(user.agency), nullable(user.team)]
        )
        yield* db.run("delete from journey_user_scope where user_id = ?", [user.id])
        if (user.scope.length > 0) {
          yield* db.run(
            `insert into journey_user_scope (user_id, ordinal, area) values ${values(3, user.scope.length)}`,
            user.scope.flatMap((area, i) => [user.id, i, area])
          )
        }
      }),
    agency: (code) => one("select * from journey_agency where code = ?", [code], agencyOf),
    putAgencies: (agencies) =>
      Effect.forEach(
        agencies,
        (a) =>
          db.run(
            `insert into journey_agency (code, name_th, name_en, abbreviation_th) values (?, ?, ?, ?)
             on conflict (code) do update set name_th = excluded.name_th, name_en = excluded.name_en, abbreviation_th = excluded.abbreviation_th`,
            [a.code, a.nameTh, a.nameEn, nullable(a.abbreviationTh)]
          ),
        { discard: true }
      ),
    putDeadline: (d) =>
      Effect.asVoid(
        db.run(
          "insert into journey_deadline (district, due, set_by, set_at) values (?, ?, ?, ?) on conflict (district) do update set due = excluded.due, set_by = excluded.set_by, set_at = excluded.set_at",
          [d.district, d.due, d.setBy, d.setAt]
        )
      )
  }
}

// ---------------------------------------------------------------------------------------
// The adapter.

/** Carries a failed `transact`'s exit out through the database's rollback. */
class Rollback {
  constructor(readonly exit: Exit.Exit<unknown, unknown>) {}
}

const settle = <A, E>(exit: Exit.Exit<A, E>): Exit.Exit<A, E> => {
  if (Exit.isFailure(exit)) throw new Rollback(exit)
  return exit
}

/** The journey over a `Database` (whose schema must be migrated). */
export const make: Effect.Effect<Context.Tag.Service<JourneyStore.JourneyStore>, never, Database.Database> = Effect.gen(function* () {
  const database = yield* Database.Database
  const runtime = yield* Effect.runtime<never>()
  const runExit = Runtime.runPromiseExit(runtime)

  const transact = <A, E>(f: (tx: JourneyStore.Transaction) => Effect.Effect<A, E>): Effect.Effect<A, E> => {
    const body = (db: Statements) => runExit(f(transaction(db))).then(settle)
    const locked: Effect.Effect<Exit.Exit<A, E>> =
      database.engine === "sqlite"
        ? database.transaction((tx, native) => body(native.engine === "sqlite" ? sqliteStatements(native) : kyselyStatements(tx, "sqlite")))
        : database.use((db) =>
          db.transaction().execute(async (tx) => {
            await sql`select pg_advisory_xact_lock(${journeyLock})`.execute(tx)
            return body(kyselyStatements(tx, "postgres"))
          })
        )
    return locked.pipe(
      Effect.catchAllDefect((defect) => (defect instanceof Rollback ? Effect.succeed(defect.exit as Exit.Exit<A, E>) : Effect.die(defect))),
      Effect.flatten
    )
  }

  /** Reads on a connection of their own (SQLite) or the pool (PostgreSQL). */
  const reading = <A>(f: (db: Statements) => Effect.Effect<A>): Effect.Effect<A> =>
    database.use((db) => Runtime.runPromise(runtime)(f(kyselyStatements(db, database.engine))))

  return JourneyStore.JourneyStore.of({ transact, ...reads(reading, factsCache()) })
})

/**
 * The facts of the areas read last, kept with the journey's revision they were read at
 * (`revision`, bumped by trigger in every transaction that changes a household's facts,
 * from any process): a read whose revision is unchanged is answered from here, from the
 * area itself or from an area containing it (a province's facts hold each district's).
 * The revision is read before the facts, so what is kept is never older than its revision.
 */
const factsCache = (size = 8) => {
  const kept = new Map<string, { readonly revision: string; readonly facts: ReadonlyArray<Journey.Facts> }>()
  return {
    get: (area: string, revision: string): ReadonlyArray<Journey.Facts> | undefined => {
      const own = kept.get(area)
      if (own !== undefined && own.revision === revision) return own.facts
      for (const [code, entry] of kept) {
        if (entry.revision === revision && area.startsWith(code)) return entry.facts.filter((f) => f.household.villageCode.startsWith(area))
      }
      return undefined
    },
    set: (area: string, revision: string, facts: ReadonlyArray<Journey.Facts>) => {
      kept.delete(area)
      kept.set(area, { revision, facts })
      while (kept.size > size) kept.delete(kept.keys().next().value!)
    }
  }
}

const revisionOf = (db: Statements) =>
  Effect.map(db.all("select n from revision where context = 'journey'", []), (rows) => String(rows[0]?.["n"] ?? "none"))

type Service = Context.Tag.Service<JourneyStore.JourneyStore>

/** The store's reads, each run by `reading` on statements it provides. */
const reads = (reading: <A>(f: (db: Statements) => Effect.Effect<A>) => Effect.Effect<A>, cache?: ReturnType<typeof factsCache>): Omit<Service, "transact"> => ({
  facts: (area) =>
    reading((db) =>
      cache === undefined
        ? readFacts(db, "area", area)
        : Effect.gen(function* () {
            const revision = yield* revisionOf(db)
            const kept = cache.get(area, revision)
            if (kept !== undefined) return kept
            const facts = yield* readFacts(db, "area", area)
            cache.set(area, revision, facts)
            return facts
          })),
  household: (houseCode) => reading((db) => Effect.map(readFacts(db, "house", houseCode), (found) => Option.fromNullable(found[0]))),
  logbook: (area) =>
    reading((db) => Effect.map(db.all("select * from journey_logbook where village_code like ? order by position", [`${area}%`]), (rows) => rows.map(entryOf))),
  teams: (area) => reading((db) => readTeams(db, "(t.area like ? or ? like t.area || '%')", [`${area}%`, area])),
  users: () => reading((db) => readUsers(db, "1 = 1", [])),
  user: (id) => reading((db) => Effect.map(readUsers(db, "u.id = ?", [id]), (found) => Option.fromNullable(found[0]))),
  agencies: () => reading((db) => Effect.map(db.all("select * from journey_agency order by code", []), (rows) => rows.map(agencyOf))),
  deadlines: () =>
    reading((db) =>
      Effect.map(db.all("select district, due, set_by, set_at from journey_deadline order by district", []), (rows) =>
        rows.map((r) => decodeDeadline({ district: r["district"], due: r["due"], setBy: r["set_by"], setAt: r["set_at"] })))),
  entries: () => reading((db) => Effect.map(db.all("select key, command, hash, result, at from journey_entry order by position", []), (rows) => rows.map(recordedOf)))
})

/**
 * Runs `program` as one database transaction under the journey's write lock, with a
 * `JourneyStore` whose every `transact` is a savepoint of it: each command still keeps
 * all or nothing of its writes, and the whole commits once at the end (or not at all if
 * `program` fails). For bulk work such as a province's journey in the main job, where a
 * commit per command would cost more than the command. The commands of `program` run one
 * after another (a lock sees to it); nothing else writes the journey meanwhile.
 *
 * @example yield* JourneySql.batch(Effect.forEach(inputs, (input) => JourneyCommands.verify(actor, key(input), input)))
 */
export const batch = <A, E, R>(
  program: Effect.Effect<A, E, R>
): Effect.Effect<A, E, Exclude<R, JourneyStore.JourneyStore> | Database.Database> =>
  Effect.gen(function* () {
    const database = yield* Database.Database
    const runtime = yield* Effect.runtime<Exclude<R, JourneyStore.JourneyStore>>()
    const runExit = Runtime.runPromiseExit(runtime)
    const lock = yield* Effect.makeSemaphore(1)
    const body = (db: Statements, registry?: Context.Context<Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory>) => {
      // The logbook's last hash, read once and carried from command to command in memory.
      const tip = Chain.tip()
      const transact = <B, F>(f: (tx: JourneyStore.Transaction) => Effect.Effect<B, F>): Effect.Effect<B, F> =>
        lock.withPermits(1)(
          Effect.gen(function* () {
            yield* db.run("savepoint journey_command", [])
            const before = { ...tip }
            const exit = yield* Effect.exit(f(transaction(db, tip)))
            if (Exit.isFailure(exit)) {
              yield* db.run("rollback to savepoint journey_command", [])
              Object.assign(tip, before)
            }
            yield* db.run("release savepoint journey_command", [])
            return yield* exit
          })
        )
      const store: Service = { transact, ...reads((f) => f(db)) }
      const withStore = Effect.provideService(program, JourneyStore.JourneyStore, store)
      // On SQLite the batch holds the one connection: the registry is read on it too.
      const scoped = registry === undefined ? withStore : Effect.provide(withStore, registry)
      return runExit(scoped as Effect.Effect<A, E, Exclude<R, JourneyStore.JourneyStore>>).then(settle)
    }
    const locked: Effect.Effect<Exit.Exit<A, E>> =
      database.engine === "sqlite"
        ? database.transaction((tx, native) =>
          body(native.engine === "sqlite" ? sqliteStatements(native) : kyselyStatements(tx, "sqlite"), RegistrySql.over(Database.within("sqlite", tx, native))))
        : database.use((db) =>
          db.transaction().execute(async (tx) => {
            await sql`select pg_advisory_xact_lock(${journeyLock})`.execute(tx)
            return body(kyselyStatements(tx, "postgres"))
          })
        )
    return yield* locked.pipe(
      Effect.catchAllDefect((defect) => (defect instanceof Rollback ? Effect.succeed(defect.exit as Exit.Exit<A, E>) : Effect.die(defect))),
      Effect.flatten
    )
  })

/**
 * Raises the journey's counters (of A-n, L-n and V-n) to at least the values given: after
 * records numbered elsewhere (a memory store's) were copied in, the next command numbers
 * after them.
 *
 * @example yield* JourneySql.raiseSequences({ action: 24_113, entry: 7_902, visit: 3_001 })
 */
export const raiseSequences = (values: Partial<Record<JourneyStore.Sequence, number>>): Effect.Effect<void, never, Database.Database> =>
  Effect.flatMap(Database.Database, (database) =>
    database.transaction(async (tx) => {
      for (const [name, value] of Object.entries(values)) {
        await tx
          .insertInto("journey_sequence")
          .values({ name, value })
          .onConflict((oc) =>
            oc.column("name").doUpdateSet({
              value: sql<number>`case when excluded.value > journey_sequence.value then excluded.value else journey_sequence.value end`
            })
          )
          .execute()
      }
    }))

/**
 * The household journey on the database of the `Database` service.
 *
 * @example
 * const journey = Layer.mergeAll(JourneySql.layer, Migrations.layer).pipe(Layer.provide(Database.layer(fromEnv(process.env))))
 */
export const layer: Layer.Layer<JourneyStore.JourneyStore, never, Database.Database> = Layer.effect(JourneyStore.JourneyStore, make)
