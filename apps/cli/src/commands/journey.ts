/**
 * The household journey from the command line: `agency`, `team`, `user`, `journey`,
 * `plan`, `logbook`, `visit`, `deadline`, `progress`, `burndown`, `overdue` and `no-help`.
 * A household the survey missed joins with the decision of its field record, imported
 * into the registry's round (`journey add-household`); a later round's stored decisions
 * close the problems whose indicator now passes (`journey close-from-round`).
 * Every write runs the domain's command under an idempotency key (`--key`, or one made up
 * and printed) as the acting user (`--as ID`: a stored user acts with their role and
 * scope; without it the operator acts over the whole country). A refused transition (a
 * plan before analysis) exits 2 with the domain's message, naming the record and why.
 */
import {
  Actor,
  Agency,
  Area,
  CalendarDate,
  CitizenId,
  Idempotency,
  Journey,
  JourneyCommands as J,
  JourneyStore,
  Logbook,
  Organisation,
  Plan,
  Problem,
  Progress,
  Registry as RegistryPorts,
  RoundReport,
  RuleSet,
  Satang
} from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import { type Database, JourneySql } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Cli from "../Cli.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"
import * as Table from "../Table.js"

type Values = Cli.Values
type Label = { readonly th: string; readonly en: string }

const common = { format: { type: "string" }, lang: { type: "string" }, help: { type: "boolean", short: "h" } } as const
const writes = { ...common, as: { type: "string" }, key: { type: "string" } } as const

/** Runs a program on the journey (and the registry) in the database, migrated first. */
const journey = <A, E extends { readonly message: string }>(
  program: Effect.Effect<A, E, JourneyStore.JourneyStore | Registry.Ports | Database.Database>
): Promise<A> => Registry.run(Effect.provide(program, JourneySql.layer))

const store = JourneyStore.JourneyStore

const { baht, day, decode, keyOf, required, text, today } = Cli
const list = (values: Values, name: string): ReadonlyArray<string> => {
  const v = values[name]
  return v === undefined || typeof v === "boolean" ? [] : typeof v === "string" ? [v] : v
}

/** `--NAME 8,23` as indicator numbers. */
const indicators = (values: Values, name: string, what: string): ReadonlyArray<number> =>
  (text(values, name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      const n = Number(s)
      if (!Number.isInteger(n) || n < 1) throw new Cli.UsageError(`${what}: --${name} ${s}: not an indicator number`)
      return n
    })

/** The acting user: the stored user `--as` names (their role and scope), or the operator over the whole country. */
const actorOf = (values: Values) =>
  Effect.gen(function* () {
    const id = text(values, "as")
    if (id === undefined) return Registry.actor
    const user = (yield* (yield* store).users()).find((u) => u.id === id)
    if (user === undefined) return yield* new UnknownUser({ id })
    return Organisation.actor(user)
  })

/** `--as` names no stored user. */
class UnknownUser extends Schema.TaggedError<UnknownUser>()("UnknownUser", { id: Schema.String }) {
  override get message(): string {
    return `--as ${this.id}: no such user; add it with 'pnpm cli user add'`
  }
}

const json = (value: unknown) => Cli.write(process.stdout, `${JSON.stringify(value, null, 2)}\n`)

/** Prints a result: JSON encoded by its schema, or a line for people. */
const show = async <A, I>(format: "json" | "table", schema: Schema.Schema<A, I>, value: A, line: string) => {
  await (format === "json" ? json(Schema.encodeSync(schema)(value)) : Cli.write(process.stdout, `${line}\n`))
  return 0
}

const table = (spec: ReadonlyArray<{ readonly header: string; readonly align: Table.Align }>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const columns = Table.fit(spec, rows)
  return `${[Table.header(columns), ...rows.map((r) => Table.row(columns, r))].join("\n")}\n`
}

const L = (th: string, en: string): Label => ({ th, en })
const money = (satang: number): string => Satang.format(satang as Satang.Satang, "en").replace(/ baht$/, "")
const area = (code: string, lang: Lang.Lang) => (code === "" ? Lang.pick(lang, L("ทั้งหมด", "all")) : Geography.label(code, lang))
/** A member's citizen ID, masked (PDPA): only the last three digits show. */
const member = (id: string | undefined) => (id === undefined ? "" : id.length === 13 ? CitizenId.mask(id) : "x".repeat(id.length))
const areaOption = (values: Values) => {
  const code = text(values, "area") ?? ""
  if (code !== "" && Area.problem(code) !== undefined) throw new Cli.UsageError(`--area ${code}: ${Area.problem(code)}`)
  return code
}

// ---------------------------------------------------------------------------------------
// agency, team, user

const agency = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb !== "list") throw new Cli.UsageError("expected 'agency list'")
  const { values } = Cli.parse(rest, common)
  const { format, lang } = Cli.output(values)
  const all = await journey(Effect.flatMap(store, (s) => s.agencies()))
  if (format === "json") return show(format, Schema.Array(Agency.Agency), all, "")
  await Cli.write(
    process.stdout,
    table(
      [{ header: Lang.pick(lang, L("รหัส", "code")), align: "left" }, { header: Lang.pick(lang, L("หน่วยงาน", "agency")), align: "left" }],
      all.map((a) => [a.code, lang === "th" ? `${a.nameTh}${a.abbreviationTh === undefined ? "" : ` (${a.abbreviationTh})`}` : a.nameEn])
    )
  )
  return 0
}

/** `--member "name[:agency[:user id]]"`, repeatable. */
const members = (values: Values) =>
  list(values, "member").map((m) => {
    const [name = "", agencyCode, userId] = m.split(":").map((s) => s.trim())
    return { name, ...(agencyCode ? { agency: agencyCode } : {}), ...(userId ? { userId } : {}) }
  })

const team = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, area: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const teams = await journey(Effect.flatMap(store, (s) => s.teams(areaOption(values))))
    if (format === "json") return show(format, Schema.Array(Organisation.Team), teams, "")
    await Cli.write(
      process.stdout,
      table(
        [
          { header: Lang.pick(lang, L("ทีม", "team")), align: "left" },
          { header: Lang.pick(lang, L("ประเภท", "kind")), align: "left" },
          { header: Lang.pick(lang, L("ชื่อ", "name")), align: "left" },
          { header: Lang.pick(lang, L("พื้นที่", "area")), align: "left" },
          { header: Lang.pick(lang, L("สมาชิก", "members")), align: "right" }
        ],
        teams.map((t) => [t.id, Lang.pick(lang, Organisation.teamKindLabel[t.kind]), t.name, area(t.area, lang), String(t.members.length)])
      )
    )
    return 0
  }
  if (verb === "add") {
    const { values } = Cli.parse(rest, { ...writes, id: { type: "string" }, kind: { type: "string" }, name: { type: "string" }, area: { type: "string" }, member: { type: "string", multiple: true } })
    const { format, lang } = Cli.output(values)
    const input = decode(Organisation.Team, "team add", {
      id: required(values, "id", "team add"),
      kind: text(values, "kind") ?? "mentor",
      name: required(values, "name", "team add"),
      area: required(values, "area", "team add"),
      members: members(values)
    })
    const key = keyOf(values, lang)
    const added = await journey(Effect.flatMap(actorOf(values), (actor) => J.putTeam(actor, key, input)))
    return show(format, Organisation.Team, added, `${added.id} · ${Lang.pick(lang, Organisation.teamKindLabel[added.kind])} · ${area(added.area, lang)} · ${added.members.length}`)
  }
  if (verb === "assign") {
    const { values } = Cli.parse(rest, { ...writes, team: { type: "string" }, house: { type: "string" }, area: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const teamId = required(values, "team", "team assign")
    const house = text(values, "house")
    if ((house === undefined) === (text(values, "area") === undefined)) throw new Cli.UsageError("team assign: give --house CODE or --area CODE")
    const input = decode(J.AssignMentorTeam, "team assign", house === undefined ? { team: teamId, area: text(values, "area") } : { team: teamId, houseCode: house })
    const key = keyOf(values, lang)
    const assigned = await journey(Effect.flatMap(actorOf(values), (actor) => J.assignMentorTeam(actor, key, input)))
    if (format === "json") return json(assigned).then(() => 0)
    await Cli.write(process.stdout, `${Lang.pick(lang, L(`มอบหมายทีม ${assigned.team} ให้ ${Table.count(assigned.houseCodes.length)} ครัวเรือน`, `team ${assigned.team} assigned to ${Table.count(assigned.houseCodes.length)} household(s)`))}\n`)
    return 0
  }
  throw new Cli.UsageError("expected 'team add', 'team list' or 'team assign'")
}

const user = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, common)
    const { format, lang } = Cli.output(values)
    const users = await journey(Effect.flatMap(store, (s) => s.users()))
    if (format === "json") return show(format, Schema.Array(Organisation.User), users, "")
    await Cli.write(
      process.stdout,
      table(
        ["id", "name", "role", "scope", "agency / team"].map((h, i) => ({
          header: Lang.pick(lang, [L("รหัส", "id"), L("ชื่อ", "name"), L("บทบาท", "role"), L("พื้นที่", "scope"), L("หน่วยงาน / ทีม", "agency / team")][i]!),
          align: "left" as const
        })),
        users.map((u) => [u.id, u.name, u.role, u.scope.map((s) => (s === "" ? "*" : s)).join(","), [u.agency, u.team].filter((x) => x !== undefined).join(" / ")])
      )
    )
    return 0
  }
  if (verb !== "add") throw new Cli.UsageError("expected 'user add' or 'user list'")
  const { values } = Cli.parse(rest, { ...writes, id: { type: "string" }, name: { type: "string" }, role: { type: "string" }, scope: { type: "string", multiple: true }, agency: { type: "string" }, team: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const input = decode(Organisation.User, "user add", {
    id: required(values, "id", "user add"),
    name: required(values, "name", "user add"),
    role: required(values, "role", "user add"),
    scope: list(values, "scope").length === 0 ? [""] : list(values, "scope"),
    ...(text(values, "agency") === undefined ? {} : { agency: text(values, "agency") }),
    ...(text(values, "team") === undefined ? {} : { team: text(values, "team") })
  })
  const key = keyOf(values, lang)
  const added = await journey(Effect.flatMap(actorOf(values), (actor) => J.putUser(actor, key, input)))
  return show(format, Organisation.User, added, `${added.id} · ${added.role} · ${added.scope.join(",") || "*"}`)
}

// ---------------------------------------------------------------------------------------
// journey: show, verify, analyse, capitals

const problemLine = (p: { indicator: number; status: Problem.Status }, lang: Lang.Lang) =>
  `${p.indicator} ${Lang.pick(lang, Problem.statusLabel[p.status])}`

const showHousehold = async (houseCode: string, values: Values) => {
  const { format, lang } = Cli.output(values)
  const view = await journey(Effect.flatMap(actorOf(values), (actor) => J.household(actor, houseCode)))
  const facts = view.facts
  if (format === "json") {
    // PDPA: the member's citizen ID is masked here too.
    const entries = facts.entries.map((e) => ({ ...Schema.encodeSync(Logbook.Entry)(e), ...(e.member === undefined ? {} : { member: member(e.member) }) }))
    return json({
      household: Schema.encodeSync(Journey.Household)(facts.household),
      step: view.step,
      stage: view.stage ?? null,
      solved: view.solved,
      problems: view.problems,
      unaddressed: view.unaddressed,
      actions: facts.actions.map((a) => Schema.encodeSync(Plan.Action)(a)),
      entries,
      visits: facts.visits.map((v) => Schema.encodeSync(Journey.Visit)(v))
    }).then(() => 0)
  }
  const h = facts.household
  const t = (th: string, en: string) => Lang.pick(lang, L(th, en))
  const out = [
    `${t("ครัวเรือน", "household")} ${h.houseCode} · ${area(h.villageCode, lang)} · ${t("รอบ", "round")} ${h.round} · ${h.source === "field" ? t("เพิ่มจากภาคสนาม", "added in the field") : t("จากการสำรวจ", "from the survey")}`,
    `${t("ขั้นตอน", "step")}: ${Journey.rank(view.step)}/6 ${Lang.pick(lang, Journey.stepLabel[view.step])}${view.stage === undefined ? "" : ` · ${t("ระดับ", "stage")}: ${Lang.pick(lang, Journey.stageLabel[view.stage])}`}${view.solved ? ` · ${t("แก้ไขครบทุกปัญหา", "every problem closed")}` : ""}`,
    ...(h.mentorTeam === undefined ? [] : [`${t("ทีมพี่เลี้ยง", "mentor team")}: ${h.mentorTeam}`]),
    `${t("ปัญหา", "problems")}: ${view.problems.length === 0 ? "—" : view.problems.map((p) => problemLine(p, lang)).join(" · ")}`,
    ...(view.unaddressed.length === 0 || h.analysis === undefined ? [] : [`${t("ยังไม่มีกิจกรรมในแผนสำหรับปัญหา", "no plan action yet for problem(s)")}: ${view.unaddressed.join(", ")}`])
  ]
  for (const a of facts.actions) {
    out.push(`  ${a.id} [${Lang.pick(lang, Plan.fourTLabel[a.part])}] ${a.description} → ${a.problems.join(",")} · ${Lang.pick(lang, Plan.actionStatusLabel[a.status])} · ${t("กำหนด", "due")} ${a.due} · ${money(a.plannedCost)}`)
  }
  for (const e of facts.entries) {
    out.push(`  ${e.id} ${e.on} ${Lang.pick(lang, Logbook.kindLabel[e.kind])} ${money(e.value)}${e.reverses === undefined ? "" : ` ${t("กลับรายการ", "reverses")} ${e.reverses}`}${e.member === undefined ? "" : ` · ${member(e.member)}`}`)
  }
  for (const v of facts.visits) out.push(`  ${v.id} ${v.on} ${t("ติดตาม", "visit")} · ${Lang.pick(lang, Journey.stageLabel[v.stage])}${v.confirms.length === 0 ? "" : ` · ${t("ยืนยันแก้ไขแล้ว", "confirms")} ${v.confirms.join(",")}`}`)
  await Cli.write(process.stdout, `${out.join("\n")}\n`)
  return 0
}

/**
 * Puts the round's target households (from its stored decisions) into the journey, and
 * opens the problems of every household in the area verified and not yet analysed.
 */
const analyseRound = (actor: Actor.Actor, round: number, areaCode: string, on: CalendarDate.IsoDate) =>
  Effect.gen(function* () {
    let enrolled = 0
    yield* RoundReport.decisions({ ...actor, scope: [areaCode] }, round, RuleSet.tpmap2565.key, (page) =>
      Effect.map(J.enrol(actor, round, page), (r) => void (enrolled += r.inserted)))
    const s = yield* store
    const waiting = (yield* s.facts(areaCode)).filter((f) => f.household.analysis === undefined)
    let analysed = 0
    for (const f of waiting) {
      if (f.household.verification === undefined) continue
      yield* J.analyse(actor, `analyse:${round}:${f.household.houseCode}` as Idempotency.Key, { houseCode: f.household.houseCode, on })
      analysed++
    }
    return { enrolled, analysed, awaitingVerification: waiting.length - analysed }
  })

/** `journey add-household`: the house code has no record in the round of the registry. */
class NoFieldRecord extends Schema.TaggedError<NoFieldRecord>()("NoFieldRecord", { houseCode: Schema.String, round: Schema.Int }) {
  override get message(): string {
    return `household ${this.houseCode}: no record in round ${this.round} of the registry; import its field record first ('pnpm cli import FILE --round ${this.round}')`
  }
}

/** `journey add-household`: the field record lies in another village than `--village` (which village is not said: it may be outside the user's areas). */
class VillageMismatch extends Schema.TaggedError<VillageMismatch>()("VillageMismatch", {
  houseCode: Schema.String,
  round: Schema.Int,
  villageCode: Schema.String
}) {
  override get message(): string {
    return `household ${this.houseCode}: --village ${this.villageCode}: its record in round ${this.round} lies in another village`
  }
}

/**
 * The decision of a missed household's field record: the record imported into the round
 * of the registry, in `villageCode`, evaluated with rule set tpmap-2565.
 *
 * @example fieldDecision("33010100077", 2565, "33010101") // Decision with its failed indicators
 */
const fieldDecision = (houseCode: string, round: number, villageCode: string) =>
  Effect.gen(function* () {
    const registry = yield* RegistryPorts.HouseholdRegistry
    const record = yield* registry.get(round, houseCode)
    if (Option.isNone(record)) return yield* new NoFieldRecord({ houseCode, round })
    if (record.value.villageCode !== villageCode) return yield* new VillageMismatch({ houseCode, round, villageCode })
    return RuleSet.evaluate(RuleSet.tpmap2565, record.value)
  })

/**
 * Closes, in the journey's households of `areaCode` (every area of the actor when empty),
 * the open problems whose indicator passes in the round's stored decisions.
 */
const closeRound = (actor: Actor.Actor, round: number, areaCode: string, on: CalendarDate.IsoDate) =>
  Effect.map(J.closeFromStoredRound(actor, round, on, areaCode === "" ? undefined : areaCode), (r) => ({ round, area: areaCode, on, ...r }))

const journeyCommand = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "show") {
    const { values, positionals } = Cli.parse(rest, { ...common, as: { type: "string" } })
    const house = positionals[0] ?? text(values, "house")
    if (house === undefined) throw new Cli.UsageError("journey show: missing HOUSE (an 11-digit house code)")
    return showHousehold(house, values)
  }
  if (verb === "verify") {
    const { values } = Cli.parse(rest, { ...writes, house: { type: "string" }, outcome: { type: "string" }, on: { type: "string" }, note: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const input = decode(J.Verify, "journey verify", {
      houseCode: required(values, "house", "journey verify"),
      outcome: text(values, "outcome") ?? "confirmed",
      on: day(values, "on", "journey verify", today()),
      ...(text(values, "note") === undefined ? {} : { note: text(values, "note") })
    })
    const key = keyOf(values, lang)
    const h = await journey(Effect.flatMap(actorOf(values), (actor) => J.verify(actor, key, input)))
    return show(format, Journey.Household, h, `${h.houseCode}: ${Lang.pick(lang, Journey.stepLabel.verified)} (${h.verification?.outcome})`)
  }
  if (verb === "analyse") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, round: { type: "string" }, area: { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const round = Cli.wholeNumber("round", required(values, "round", "journey analyse"), 2500)
    const on = day(values, "on", "journey analyse", today()) as CalendarDate.IsoDate
    const areaCode = areaOption(values)
    const result = await journey(Effect.flatMap(actorOf(values), (actor) => analyseRound(actor, round, areaCode, on)))
    if (format === "json") return json(result).then(() => 0)
    await Cli.write(
      process.stdout,
      `${Lang.pick(lang, L(
        `รอบ ${round} · ${area(areaCode, lang)}: เข้าสู่กระบวนการใหม่ ${Table.count(result.enrolled)} · วิเคราะห์ปัญหาแล้ว ${Table.count(result.analysed)} · รอตรวจสอบข้อมูล ${Table.count(result.awaitingVerification)}`,
        `round ${round} · ${area(areaCode, lang)}: enrolled ${Table.count(result.enrolled)} · analysed ${Table.count(result.analysed)} · awaiting verification ${Table.count(result.awaitingVerification)}`
      ))}\n`
    )
    return 0
  }
  if (verb === "capitals") {
    const { values } = Cli.parse(rest, { ...writes, house: { type: "string" }, human: { type: "string" }, physical: { type: "string" }, financial: { type: "string" }, natural: { type: "string" }, social: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const capitals = Object.fromEntries(
      ["human", "physical", "financial", "natural", "social"].flatMap((k) => (text(values, k) === undefined ? [] : [[k, Number(text(values, k))]]))
    )
    const input = decode(J.ScoreCapitals, "journey capitals", { houseCode: required(values, "house", "journey capitals"), capitals })
    const key = keyOf(values, lang)
    const h = await journey(Effect.flatMap(actorOf(values), (actor) => J.scoreCapitals(actor, key, input)))
    return show(format, Journey.Household, h, `${h.houseCode}: ${JSON.stringify(h.capitals)}`)
  }
  if (verb === "simulate") {
    const { values } = Cli.parse(rest, { ...common, round: { type: "string" }, area: { type: "string" }, seed: { type: "string" }, "on-database": { type: "boolean" } })
    const { format, lang } = Cli.output(values)
    const round = Cli.wholeNumber("round", required(values, "round", "journey simulate"), 2500)
    const seed = Cli.wholeNumber("seed", text(values, "seed") ?? "1", 0)
    const areaCode = areaOption(values)
    const { Journeys } = await import("@phungpao/synthetic")
    const result = await journey(Journeys.run(Registry.actor, round, areaCode, seed, JourneySql, values["on-database"] === true))
    if (format === "json") return json(result).then(() => 0)
    const n = Table.count
    await Cli.write(
      process.stdout,
      `${Lang.pick(lang, L(
        `ครัวเรือนเป้าหมาย ${n(result.households)} (ใหม่ ${n(result.enrolled)}) · คำสั่ง ${n(result.commands)} · บันทึกความช่วยเหลือ ${n(result.entries)} (กลับรายการ ${n(result.reversals)}) · ติดตาม ${n(result.visits)}`,
        `target households ${n(result.households)} (new ${n(result.enrolled)}) · commands ${n(result.commands)} · logbook entries ${n(result.entries)} (reversals ${n(result.reversals)}) · visits ${n(result.visits)}`
      ))}\n`
    )
    return 0
  }
  if (verb === "add-household") {
    const { values, positionals } = Cli.parse(rest, { ...writes, house: { type: "string" }, village: { type: "string" }, round: { type: "string" }, on: { type: "string" }, note: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const what = "journey add-household"
    const house = positionals[0] ?? text(values, "house")
    if (house === undefined) throw new Cli.UsageError(`${what}: missing HOUSE (an 11-digit house code)`)
    const facts = decode(Schema.Struct(J.AddHousehold.fields).omit("decision"), what, {
      houseCode: house,
      villageCode: required(values, "village", what),
      round: Cli.wholeNumber("round", required(values, "round", what), 2500),
      on: day(values, "on", what, today()),
      ...(text(values, "note") === undefined ? {} : { note: text(values, "note") })
    })
    const key = keyOf(values, lang)
    const h = await journey(
      Effect.gen(function* () {
        const actor = yield* actorOf(values)
        const decision = yield* fieldDecision(facts.houseCode, facts.round, facts.villageCode)
        return yield* J.addHousehold(actor, key, { ...facts, decision })
      })
    )
    return show(
      format,
      Journey.Household,
      h,
      `${h.houseCode} · ${area(h.villageCode, lang)} · ${Lang.pick(lang, L("เพิ่มจากภาคสนาม", "added in the field"))} · ${Lang.pick(lang, L("ตัวชี้วัดที่ไม่ผ่าน", "failed indicators"))}: ${h.failed.length === 0 ? "—" : h.failed.map((f) => f.indicator).join(", ")}`
    )
  }
  if (verb === "close-from-round") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, round: { type: "string" }, area: { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const what = "journey close-from-round"
    const round = Cli.wholeNumber("round", required(values, "round", what), 2500)
    const on = day(values, "on", what, today()) as CalendarDate.IsoDate
    const areaCode = areaOption(values)
    const result = await journey(Effect.flatMap(actorOf(values), (actor) => closeRound(actor, round, areaCode, on)))
    if (format === "json") return json(result).then(() => 0)
    const n = Table.count
    await Cli.write(
      process.stdout,
      `${Lang.pick(lang, L(
        `รอบ ${round} · ${area(areaCode, lang)}: ปิดปัญหาที่ตัวชี้วัดผ่านเกณฑ์แล้ว ${n(result.closed)} ปัญหา (จากผลการประเมิน ${n(result.decisions)} ครัวเรือน)`,
        `round ${round} · ${area(areaCode, lang)}: closed ${n(result.closed)} problem(s) whose indicator now passes (from ${n(result.decisions)} household decision(s))`
      ))}\n`
    )
    return 0
  }
  throw new Cli.UsageError(
    "expected 'journey show', 'journey verify', 'journey add-household', 'journey analyse', 'journey capitals', 'journey close-from-round' or 'journey simulate'"
  )
}

// ---------------------------------------------------------------------------------------
// plan, logbook, visit, deadline

const plan = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "add-action") {
    const { values } = Cli.parse(rest, {
      ...writes,
      house: { type: "string" },
      part: { type: "string" },
      description: { type: "string" },
      problems: { type: "string" },
      agency: { type: "string" },
      team: { type: "string" },
      "budget-source": { type: "string" },
      cost: { type: "string" },
      due: { type: "string" }
    })
    const { format, lang } = Cli.output(values)
    const what = "plan add-action"
    if ((text(values, "agency") === undefined) === (text(values, "team") === undefined)) throw new Cli.UsageError(`${what}: give --agency CODE or --team ID (who is responsible)`)
    const input = decode(Plan.ActionInput, what, {
      houseCode: required(values, "house", what),
      part: required(values, "part", what),
      description: required(values, "description", what),
      problems: indicators(values, "problems", what),
      responsible: text(values, "agency") === undefined ? { _tag: "team", id: text(values, "team") } : { _tag: "agency", code: text(values, "agency") },
      budgetSource: required(values, "budget-source", what),
      plannedCost: baht(values, "cost", what, "0"),
      due: day(values, "due", what)
    })
    const key = keyOf(values, lang)
    const a = await journey(Effect.flatMap(actorOf(values), (actor) => J.addPlanAction(actor, key, input)))
    return show(format, Plan.Action, a, `${a.id} · ${a.houseCode} · ${Lang.pick(lang, Plan.fourTLabel[a.part])} · ${money(a.plannedCost)} · ${a.due}`)
  }
  if (verb === "agree") {
    const { values } = Cli.parse(rest, { ...writes, house: { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const input = decode(J.AgreePlan, "plan agree", { houseCode: required(values, "house", "plan agree"), on: day(values, "on", "plan agree", today()) })
    const key = keyOf(values, lang)
    const h = await journey(Effect.flatMap(actorOf(values), (actor) => J.agreePlan(actor, key, input)))
    return show(format, Journey.Household, h, `${h.houseCode}: ${Lang.pick(lang, Journey.stepLabel.planned)}`)
  }
  if (verb === "action-status") {
    const { values } = Cli.parse(rest, { ...writes, action: { type: "string" }, status: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const input = decode(J.SetActionStatus, "plan action-status", { action: required(values, "action", "plan action-status"), status: required(values, "status", "plan action-status") })
    const key = keyOf(values, lang)
    const a = await journey(Effect.flatMap(actorOf(values), (actor) => J.setActionStatus(actor, key, input)))
    return show(format, Plan.Action, a, `${a.id}: ${Lang.pick(lang, Plan.actionStatusLabel[a.status])}`)
  }
  if (verb === "mark-problem") {
    const { values } = Cli.parse(rest, { ...writes, house: { type: "string" }, indicator: { type: "string" }, status: { type: "string" }, reason: { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const what = "plan mark-problem"
    const input = decode(J.MarkProblem, what, {
      houseCode: required(values, "house", what),
      indicator: Cli.wholeNumber("indicator", required(values, "indicator", what), 1),
      as: required(values, "status", what),
      reason: required(values, "reason", what),
      on: day(values, "on", what, today())
    })
    const key = keyOf(values, lang)
    const p = await journey(Effect.flatMap(actorOf(values), (actor) => J.markProblem(actor, key, input)))
    return show(format, Problem.Problem, p, `${p.houseCode} ${p.indicator}: ${Lang.pick(lang, Problem.statusLabel[input.as])}`)
  }
  throw new Cli.UsageError("expected 'plan add-action', 'plan agree', 'plan action-status' or 'plan mark-problem'")
}

const entriesTable = (entries: ReadonlyArray<Logbook.Entry>, lang: Lang.Lang) =>
  table(
    [
      [L("รายการ", "entry"), "left"],
      [L("วันที่", "date"), "left"],
      [L("ครัวเรือน", "household"), "left"],
      [L("สมาชิก", "member"), "left"],
      [L("ประเภท", "kind"), "left"],
      [L("มูลค่า (บาท)", "value (baht)"), "right"],
      [L("ผู้ให้", "given by"), "left"],
      [L("แหล่งงบ", "budget"), "left"],
      [L("หมายเหตุ", "note"), "left"]
    ].map(([h, align]) => ({ header: Lang.pick(lang, h as Label), align: align as Table.Align })),
    entries.map((e) => [
      e.id,
      e.on,
      e.houseCode,
      member(e.member),
      Lang.pick(lang, Logbook.kindLabel[e.kind]),
      money(e.value),
      [e.giver.agency, e.giver.team, e.giver.person].filter((x) => x !== undefined).join(" / "),
      Lang.pick(lang, Plan.budgetSourceLabel[e.budgetSource]),
      e.reverses === undefined ? "" : `${Lang.pick(lang, L("กลับรายการ", "reverses"))} ${e.reverses}: ${e.reason ?? ""}`
    ])
  )

const logbook = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, area: { type: "string" }, house: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const house = text(values, "house")
    const entries = await journey(
      Effect.flatMap(store, (s) =>
        house === undefined ? s.logbook(areaOption(values)) : Effect.map(s.household(house), (f) => (Option.isSome(f) ? f.value.entries : [])))
    )
    if (format === "json") return json(entries.map((e) => ({ ...Schema.encodeSync(Logbook.Entry)(e), ...(e.member === undefined ? {} : { member: member(e.member) }) }))).then(() => 0)
    await Cli.write(process.stdout, entriesTable(entries, lang))
    await Cli.write(process.stdout, `${Lang.pick(lang, L("รวมสุทธิ", "net"))} ${money(Logbook.net(entries))}\n`)
    return 0
  }
  if (verb === "record") {
    const { values } = Cli.parse(rest, {
      ...writes,
      house: { type: "string" },
      member: { type: "string" },
      on: { type: "string" },
      agency: { type: "string" },
      team: { type: "string" },
      person: { type: "string" },
      kind: { type: "string" },
      value: { type: "string" },
      problems: { type: "string" },
      action: { type: "string" },
      "budget-source": { type: "string" },
      evidence: { type: "string" },
      note: { type: "string" }
    })
    const { format, lang } = Cli.output(values)
    const what = "logbook record"
    const optional = (name: string, field = name) => (text(values, name) === undefined ? {} : { [field]: text(values, name) })
    const input = decode(Logbook.HelpInput, what, {
      houseCode: required(values, "house", what),
      ...optional("member"),
      on: day(values, "on", what, today()),
      giver: { ...optional("agency"), ...optional("team"), ...optional("person") },
      kind: required(values, "kind", what),
      value: baht(values, "value", what, "0"),
      problems: indicators(values, "problems", what),
      ...optional("action"),
      budgetSource: required(values, "budget-source", what),
      ...optional("evidence"),
      ...optional("note")
    })
    const key = keyOf(values, lang)
    const e = await journey(Effect.flatMap(actorOf(values), (actor) => J.recordHelp(actor, key, input)))
    return show(format, Logbook.Entry, { ...e, ...(e.member === undefined ? {} : { member: member(e.member) }) }, `${e.id} · ${e.houseCode} · ${Lang.pick(lang, Logbook.kindLabel[e.kind])} · ${money(e.value)}`)
  }
  if (verb === "reverse") {
    const { values } = Cli.parse(rest, { ...writes, entry: { type: "string" }, reason: { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const input = decode(J.ReverseHelp, "logbook reverse", {
      entry: required(values, "entry", "logbook reverse"),
      reason: required(values, "reason", "logbook reverse"),
      on: day(values, "on", "logbook reverse", today())
    })
    const key = keyOf(values, lang)
    const e = await journey(Effect.flatMap(actorOf(values), (actor) => J.reverseHelp(actor, key, input)))
    return show(format, Logbook.Entry, { ...e, ...(e.member === undefined ? {} : { member: member(e.member) }) }, `${e.id} ${Lang.pick(lang, L("กลับรายการ", "reverses"))} ${e.reverses} · ${money(e.value)}`)
  }
  throw new Cli.UsageError("expected 'logbook record', 'logbook reverse' or 'logbook list'")
}

const visit = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb !== "record") throw new Cli.UsageError("expected 'visit record'")
  const { values } = Cli.parse(rest, { ...writes, house: { type: "string" }, on: { type: "string" }, stage: { type: "string" }, confirms: { type: "string" }, note: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const input = decode(Journey.VisitInput, "visit record", {
    houseCode: required(values, "house", "visit record"),
    on: day(values, "on", "visit record", today()),
    stage: required(values, "stage", "visit record"),
    confirms: indicators(values, "confirms", "visit record"),
    ...(text(values, "note") === undefined ? {} : { note: text(values, "note") })
  })
  const key = keyOf(values, lang)
  const v = await journey(Effect.flatMap(actorOf(values), (actor) => J.recordVisit(actor, key, input)))
  return show(format, Journey.Visit, v, `${v.id} · ${v.houseCode} · ${Lang.pick(lang, Journey.stageLabel[v.stage])}`)
}

const deadline = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, common)
    const { format, lang } = Cli.output(values)
    const all = await journey(Effect.flatMap(store, (s) => s.deadlines()))
    if (format === "json") return show(format, Schema.Array(Progress.Deadline), all, "")
    await Cli.write(process.stdout, table([{ header: Lang.pick(lang, L("อำเภอ", "district")), align: "left" }, { header: Lang.pick(lang, L("กำหนดเสร็จ", "deadline")), align: "left" }], all.map((d) => [area(d.district, lang), d.due])))
    return 0
  }
  if (verb !== "set") throw new Cli.UsageError("expected 'deadline set' or 'deadline list'")
  const { values } = Cli.parse(rest, { ...writes, district: { type: "string" }, due: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const input = decode(J.SetDeadline, "deadline set", { district: required(values, "district", "deadline set"), due: day(values, "due", "deadline set") })
  const key = keyOf(values, lang)
  const d = await journey(Effect.flatMap(actorOf(values), (actor) => J.setDeadline(actor, key, input)))
  return show(format, Progress.Deadline, d, `${area(d.district, lang)}: ${d.due}`)
}

// ---------------------------------------------------------------------------------------
// progress, burndown, overdue, no-help

const progressColumns: ReadonlyArray<readonly [keyof Progress.Counts["households"], Label]> = [
  ["targets", L("เป้าหมาย", "targets")],
  ["verified", L("ตรวจสอบ", "verified")],
  ["analysed", L("วิเคราะห์", "analysed")],
  ["planned", L("มีแผน", "planned")],
  ["helped", L("ช่วยเหลือ", "helped")],
  ["integrated", L("บูรณาการ", "integrated")],
  ["followedUp", L("ติดตาม", "followed up")],
  ["solved", L("แก้ไขได้", "solved")],
  ["noHelp", L("ยังไม่ได้รับ", "no help")]
]

/** The lines of a progress report by `by`, the area itself last as the total. */
export const progressTable = (areas: ReadonlyArray<Progress.AreaProgress>, by: Area.Level, lang: Lang.Lang): string => {
  const rows = areas.filter((a) => a.level === by).concat(areas.slice(0, 1).filter((a) => a.level !== by))
  return table(
    [
      { header: Lang.pick(lang, L("พื้นที่", "area")), align: "left" },
      ...progressColumns.map(([, label]) => ({ header: Lang.pick(lang, label), align: "right" as const })),
      { header: Lang.pick(lang, L("ปัญหา", "problems")), align: "right" },
      { header: Lang.pick(lang, L("ปิดแล้ว", "closed")), align: "right" }
    ],
    rows.map((a) => [
      a === rows.at(-1) && a.level !== by ? `${Lang.pick(lang, L("รวม", "total"))} ${area(a.code, lang)}` : area(a.code, lang),
      ...progressColumns.map(([k]) => Table.count(a.counts.households[k])),
      Table.count(a.counts.problems.total),
      Table.count(a.counts.problems.closed)
    ])
  )
}

const levelOf = (by: string | undefined): Area.Level => {
  const level = by ?? "district"
  if (!(Area.levels as ReadonlyArray<string>).includes(level)) throw new Cli.UsageError(`--by ${level}: expected province, district, subdistrict or village`)
  return level as Area.Level
}

const progress = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, { ...common, as: { type: "string" }, by: { type: "string" }, area: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const by = levelOf(text(values, "by"))
  const areaCode = areaOption(values)
  const areas = await journey(Effect.flatMap(actorOf(values), (actor) => J.progress(actor, areaCode)))
  if (format === "json") return json(areas.filter((a) => a.level === by || a.code === areaCode || (areaCode === "" && a.level === "province"))).then(() => 0)
  await Cli.write(process.stdout, progressTable(areas, by, lang))
  return 0
}

const burndown = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, { ...common, as: { type: "string" }, district: { type: "string" }, from: { type: "string" }, every: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const district = required(values, "district", "burndown")
  if (!/^\d{4}$/.test(district)) throw new Cli.UsageError(`burndown: --district ${district}: expected a 4-digit district code`)
  const every = Cli.wholeNumber("every", text(values, "every") ?? "7", 1)
  const from = day(values, "from", "burndown", `${new Date().getUTCFullYear() - (new Date().getUTCMonth() < 9 ? 1 : 0)}-10-01`) as CalendarDate.IsoDate
  const result = await journey(Effect.flatMap(actorOf(values), (actor) => J.burnDown(actor, district, from, every)))
  if (format === "json") return json(result).then(() => 0)
  await Cli.write(process.stdout, `${area(district, lang)} · ${Lang.pick(lang, L("กำหนดเสร็จ", "deadline"))} ${result.deadline}\n`)
  await Cli.write(
    process.stdout,
    table(
      [{ header: Lang.pick(lang, L("วันที่", "date")), align: "left" }, { header: Lang.pick(lang, L("ยังไม่หลุดพ้น", "open")), align: "right" }, { header: Lang.pick(lang, L("เส้นเป้าหมาย", "ideal")), align: "right" }],
      result.points.map((p) => [p.date, p.open === undefined ? "" : Table.count(p.open), Table.count(p.ideal)])
    )
  )
  return 0
}

const overdue = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, { ...common, as: { type: "string" }, area: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const late = await journey(Effect.flatMap(actorOf(values), (actor) => J.overdue(actor, areaOption(values))))
  if (format === "json") return json(late.map((o) => ({ ...o, action: Schema.encodeSync(Plan.Action)(o.action) }))).then(() => 0)
  await Cli.write(
    process.stdout,
    table(
      [L("กิจกรรม", "action"), L("ครัวเรือน", "household"), L("หมู่บ้าน", "village"), L("กำหนด", "due"), L("ล่าช้า (วัน)", "days late"), L("รับผิดชอบ", "responsible"), L("รายละเอียด", "description")].map((h, i) => ({
        header: Lang.pick(lang, h),
        align: i === 4 ? ("right" as const) : ("left" as const)
      })),
      late.map((o) => [o.action.id, o.houseCode, area(o.villageCode, lang), o.action.due, Table.count(o.daysLate), o.action.responsible._tag === "agency" ? o.action.responsible.code : o.action.responsible.id, o.action.description])
    )
  )
  return 0
}

const noHelp = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, { ...common, as: { type: "string" }, area: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const waiting = await journey(Effect.flatMap(actorOf(values), (actor) => J.noHelp(actor, areaOption(values))))
  if (format === "json") return json(waiting).then(() => 0)
  await Cli.write(
    process.stdout,
    table(
      [L("ครัวเรือน", "household"), L("หมู่บ้าน", "village"), L("ขั้นตอน", "step"), L("ปัญหาที่ยังเปิด", "open problems")].map((h) => ({ header: Lang.pick(lang, h), align: "left" as const })),
      waiting.map((s) => [
        s.houseCode,
        area(s.villageCode, lang),
        Lang.pick(lang, Journey.stepLabel[s.step]),
        String(Problem.Status.literals.filter((st) => !Problem.isClosed(st)).reduce((n, st) => n + s.problems[st], 0))
      ])
    )
  )
  await Cli.write(process.stdout, `${Lang.pick(lang, L("รวม", "total"))} ${Table.count(waiting.length)}\n`)
  return 0
}

const groups: Record<string, (args: ReadonlyArray<string>) => Promise<number>> = {
  agency,
  team,
  user,
  journey: journeyCommand,
  plan,
  logbook,
  visit,
  deadline,
  progress,
  burndown,
  overdue,
  "no-help": noHelp
}

/** The command of one group (`agency`, `team`, …, `no-help`) as `main` loads it. */
export const command = (name: string) => ({
  run: (args: ReadonlyArray<string>): Promise<number> => {
    const group = groups[name]
    if (group === undefined) throw new Cli.UsageError(`unknown command ${JSON.stringify(name)}`)
    return group(args)
  }
})
