/**
 * `phungpao program …`: targeted programs (โครงการแบบพุ่งเป้า). `preview` runs a program's
 * eligibility rule (CEL) over a stored round as a dry run: counts by area and, on
 * request, a list by masked citizen ID. A rule that does not compile is refused before
 * any record is read (exit 2). `create|show|list|activate|close|enrol|beneficiaries|
 * need record|deliver|reverse|report` keep programs in the database; each prints JSON with
 * `--format json`. Writes act as `--as` (a stored user with a token) or the operator.
 */
import { Area, JourneyCommands, Logbook, Program, ProgramCommands, ProgramPreview, ProgramRule, Satang } from "@phungpao/domain"
import { AccessSql, FundSql, JourneySql, ProgramSql } from "@phungpao/db"
import * as Geography from "@phungpao/domain/geography"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Cli from "../Cli.js"
import * as Identity from "../Identity.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"
import { ruleSetOf } from "./evaluate.js"
import * as Table from "../Table.js"

const common = {
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

/** The rule of `--unit` and `--where`, compiled, or the refusal (exit 2) naming where and why. */
export const ruleOf = (values: Cli.Values, what: string): ProgramRule.ProgramRule => {
  const unit = Cli.required(values, "unit", what)
  if (unit !== "member" && unit !== "household") throw new Cli.UsageError(`${what}: --unit ${unit}: expected member or household`)
  const where = Cli.required(values, "where", what)
  const compiled = ProgramRule.compile(unit, where)
  if (Either.isLeft(compiled)) throw new Registry.Refused(compiled.left)
  return compiled.right
}

/** `--by LEVEL` (district when left out). */
export const levelOf = (values: Cli.Values): Area.Level => {
  const by = (Cli.text(values, "by") ?? "district") as Area.Level
  if (!Area.levels.includes(by)) throw new Cli.UsageError(`--by ${by}: expected province, district, subdistrict or village`)
  return by
}

const humanPreview = (p: ProgramPreview.Preview, by: Area.Level, lang: Lang.Lang): string => {
  const th = lang === "th"
  const spec = [
    { header: th ? "รหัส" : "code", align: "left" as const },
    { header: Lang.pick(lang, Area.levelLabel[by]), align: "left" as const },
    { header: th ? "ครัวเรือน" : "households", align: "right" as const },
    { header: th ? "คน" : "members", align: "right" as const }
  ]
  const rows = p.areas.map((a) => [
    a.area,
    (th ? a.nameTh : a.nameEn) ?? (th ? "(ไม่พบชื่อ)" : "(unknown)"),
    Table.count(a.households),
    Table.count(a.members)
  ])
  const cols = Table.fit(spec, rows)
  const unit = p.unit === "member" ? (th ? "สมาชิก" : "member") : th ? "ครัวเรือน" : "household"
  const lines = [
    th ? `รอบ ${p.round} กฎราย${unit}: ${p.where}` : `round ${p.round}, ${unit} rule: ${p.where}`,
    th
      ? `เข้าเกณฑ์ ${Table.count(p.households)} ครัวเรือน ${Table.count(p.members)} คน; ประเมินไม่ได้ ${Table.count(p.errors)}`
      : `selected: ${Table.count(p.households)} households, ${Table.count(p.members)} members; errors: ${Table.count(p.errors)}`,
    ...p.messages.map((m) => (th ? `  ข้อผิดพลาด: ${m}` : `  error: ${m}`)),
    "",
    Table.header(cols),
    ...rows.map((r) => Table.row(cols, r))
  ]
  if (p.selected.length > 0) {
    lines.push("", th ? "รายชื่อ (เลขประจำตัวประชาชนปิดบัง):" : "selected (citizen IDs masked):")
    for (const s of p.selected) lines.push(`  ${s.houseCode} ${s.villageCode} ${s.members.join(" ")}`)
  }
  return `${lines.join("\n")}\n`
}

/**
 * `program preview --round R --unit member|household --where EXPR [--by LEVEL] [--list N]`:
 * with `--format json`, exactly `{round, unit, where, households, members, errors, areas}`
 * (and `selected` when `--list` asks for it); the first errors' messages on standard error.
 */
const preview = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values } = Cli.parse(args, {
    ...common,
    round: { type: "string" },
    unit: { type: "string" },
    where: { type: "string" },
    by: { type: "string" },
    list: { type: "string" },
    param: { type: "string", multiple: true }
  })
  const { format, lang } = Cli.output(values)
  const round = Cli.wholeNumber("round", Cli.required(values, "round", "program preview"), 0)
  const by = levelOf(values)
  const listed = Cli.text(values, "list")
  const list = listed === undefined ? (format === "json" ? 0 : 20) : Cli.wholeNumber("list", listed, 0)
  const rule = ruleOf(values, "program preview")
  const ruleSet = ruleSetOf(values.param)
  const p = await Registry.run(ProgramPreview.preview(Registry.actor, rule, { round, ruleSetKey: ruleSet.key, by, list }, Geography.lookup))
  if (format === "json") {
    for (const m of p.messages) process.stderr.write(`phungpao: ${m}\n`)
    const json = listed === undefined ? ProgramPreview.contract(p) : { ...ProgramPreview.contract(p), selected: p.selected }
    await Cli.write(process.stdout, `${JSON.stringify(json)}\n`)
  } else {
    await Cli.write(process.stdout, humanPreview(p, by, lang))
  }
  return 0
}

// ----- stored programs

const writes = { ...common, as: { type: "string" }, "token-file": { type: "string" }, key: { type: "string" } } as const

const layer = Layer.mergeAll(ProgramSql.layer, FundSql.layer, JourneySql.layer, JourneyCommands.users.pipe(Layer.provide(JourneySql.layer)), AccessSql.layer)

type Actor = Parameters<typeof ProgramCommands.list>[0]

/** Runs a use case as the acting user over the programs, the fund, the journey and the registry in the database. */
const acting = <A, E extends { readonly message: string }, R>(values: Cli.Values, f: (actor: Actor) => Effect.Effect<A, E, R>) =>
  Registry.run(Effect.provide(Effect.flatMap(Identity.actorOf(values), f) as Effect.Effect<A, E, never>, layer as never))

const programId = (positionals: ReadonlyArray<string>, what: string): Program.ProgramId => {
  const id = positionals[0]
  if (id === undefined) throw new Cli.UsageError(`${what}: missing the program's ID (P-1)`)
  return Cli.decode(Program.ProgramId, what, id)
}

const many = (values: Cli.Values, name: string): ReadonlyArray<string> => {
  const v = values[name]
  return v === undefined || typeof v === "boolean" ? [] : typeof v === "string" ? [v] : v
}

/** `--need name:type[:choice|choice…]`, e.g. `uniformSize:choice:S|M|L|XL` or `shoeSize:number`. */
const needOf = (spec: string) => {
  const [name = "", type = "", choices] = spec.split(":")
  return { name, type, ...(choices === undefined ? {} : { choices: choices.split("|") }) }
}

const show = async (format: "json" | "table", value: unknown, line: string) =>
  Cli.write(process.stdout, format === "json" ? `${JSON.stringify(value)}\n` : `${line}\n`)

const programLine = (p: Program.Program, lang: Lang.Lang) =>
  `${p.id} ${lang === "th" ? p.nameTh : p.nameEn} [${Lang.pick(lang, Program.statusLabel[p.status])}] ${p.unit}: ${p.where} (${lang === "th" ? "รอบ" : "round"} ${p.round}; ${Satang.format(p.budget.amount, lang)})`

const encodeProgram = Schema.encodeSync(Program.Program)

/** `program create --name-th … --name-en … --purpose … --unit … --where … --round R --budget BAHT [--agency CODE] --on DATE --place …`. */
const create = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, {
    ...writes,
    "name-th": { type: "string" },
    "name-en": { type: "string" },
    purpose: { type: "string" },
    unit: { type: "string" },
    where: { type: "string" },
    round: { type: "string" },
    param: { type: "string", multiple: true },
    budget: { type: "string" },
    agency: { type: "string" },
    need: { type: "string", multiple: true },
    on: { type: "string" },
    place: { type: "string" },
    from: { type: "string" },
    "every-days": { type: "string" },
    cycles: { type: "string" }
  })
  const { format, lang } = Cli.output(values)
  const what = "program create"
  const rule = ruleOf(values, what)
  const agency = Cli.text(values, "agency")
  const amount = Cli.baht(values, "budget", what)
  const cycles = Cli.text(values, "cycles")
  const definition = Cli.decode(Program.Definition, what, {
    nameTh: Cli.required(values, "name-th", what),
    nameEn: Cli.required(values, "name-en", what),
    purpose: Cli.required(values, "purpose", what),
    unit: rule.unit,
    where: rule.where,
    round: Cli.wholeNumber("round", Cli.required(values, "round", what), 0),
    ruleSetKey: ruleSetOf(values.param).key,
    budget: agency === undefined ? { _tag: "fund", amount } : { _tag: "agency", agency, amount },
    need: many(values, "need").map(needOf),
    distribution:
      cycles === undefined
        ? { _tag: "once", on: Cli.day(values, "on", what), place: Cli.required(values, "place", what) }
        : {
            _tag: "cycles",
            from: Cli.day(values, "from", what),
            everyDays: Cli.wholeNumber("every-days", Cli.required(values, "every-days", what), 1),
            cycles: Cli.wholeNumber("cycles", cycles, 1),
            ...(Cli.text(values, "place") === undefined ? {} : { place: Cli.text(values, "place") })
          }
  })
  const key = Cli.keyOf(values, lang)
  const p = await acting(values, (actor) => ProgramCommands.create(actor, key, definition))
  await show(format, encodeProgram(p), programLine(p, lang))
  return 0
}

const byId = (verb: "show" | "activate" | "close") => async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, writes)
  const { format, lang } = Cli.output(values)
  const id = programId(positionals, `program ${verb}`)
  const p = await acting(values, (actor) => (verb === "show" ? ProgramCommands.show(actor, id) : verb === "activate" ? ProgramCommands.activate(actor, id) : ProgramCommands.close(actor, id)))
  await show(format, encodeProgram(p), programLine(p, lang))
  return 0
}

const list = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, writes)
  const { format, lang } = Cli.output(values)
  const all = await acting(values, (actor) => ProgramCommands.list(actor))
  await show(format, all.map((p) => encodeProgram(p)), all.map((p) => programLine(p, lang)).join("\n"))
  return 0
}

/** `program enrol ID [--round R]`: freezes the selection; a later round adds and flags. */
const enrol = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, { ...writes, round: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const id = programId(positionals, "program enrol")
  const round = Cli.text(values, "round")
  const e = await acting(values, (actor) => ProgramCommands.enrol(actor, id, round === undefined ? undefined : Cli.wholeNumber("round", round, 0)))
  const th = lang === "th"
  await show(
    format,
    e,
    th
      ? `${id} ลงทะเบียนครั้งที่ ${e.number} (รอบ ${e.round}): เพิ่ม ${Table.count(e.added)} · คงเดิม ${Table.count(e.kept)} · ไม่เข้าเกณฑ์อีก (ติดธง) ${Table.count(e.notReselected)} · ประเมินไม่ได้ ${Table.count(e.errors)}`
      : `${id} enrolment ${e.number} (round ${e.round}): added ${Table.count(e.added)} · kept ${Table.count(e.kept)} · not selected again (flagged) ${Table.count(e.notReselected)} · errors ${Table.count(e.errors)}`
  )
  return 0
}

const beneficiaries = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, writes)
  const { format } = Cli.output(values)
  const id = programId(positionals, "program beneficiaries")
  const all = await acting(values, (actor) => ProgramCommands.beneficiaries(actor, id))
  await show(
    format,
    all,
    all.map((b) => `${b.houseCode} ${b.villageCode}${b.member === undefined ? "" : ` #${b.member} ${b.citizenId}`}${b.flagged ? " ⚑" : ""}`).join("\n")
  )
  return 0
}

/** `program need record ID --house H [--member N] --answer name=value…`. */
const need = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb !== "record") throw new Cli.UsageError("program need: expected record")
  const { values, positionals } = Cli.parse(rest, { ...writes, house: { type: "string" }, member: { type: "string" }, answer: { type: "string", multiple: true } })
  const { format, lang } = Cli.output(values)
  const what = "program need record"
  const id = programId(positionals, what)
  const member = Cli.text(values, "member")
  const raw: Record<string, string> = {}
  for (const a of many(values, "answer")) {
    const at = a.indexOf("=")
    if (at <= 0) throw new Cli.UsageError(`${what}: --answer ${a}: expected name=value`)
    raw[a.slice(0, at)] = a.slice(at + 1)
  }
  const target = { program: id, houseCode: Cli.required(values, "house", what), ...(member === undefined ? {} : { member: Cli.wholeNumber("member", member, 1) }) }
  const answers = await acting(values, (actor) => ProgramCommands.recordNeed(actor, target, raw))
  await show(format, answers, `${id} ${target.houseCode}${member === undefined ? "" : ` #${member}`}: ${Object.entries(answers.answers).map(([k, v]) => `${k}=${v}`).join(", ")}${lang === "th" ? " (บันทึกแล้ว)" : " (recorded)"}`)
  return 0
}

/**
 * `program deliver ID --house H [--member N] --on DATE --value BAHT [--kind goods] --agency CODE|--team T|--person NAME
 * [--evidence …] [--note …] [--fund-request R-n --transfer REF] [--key K]`.
 */
const deliver = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, {
    ...writes,
    house: { type: "string" },
    member: { type: "string" },
    on: { type: "string" },
    value: { type: "string" },
    kind: { type: "string" },
    agency: { type: "string" },
    team: { type: "string" },
    person: { type: "string" },
    evidence: { type: "string" },
    note: { type: "string" },
    "fund-request": { type: "string" },
    transfer: { type: "string" }
  })
  const { format, lang } = Cli.output(values)
  const what = "program deliver"
  const id = programId(positionals, what)
  const member = Cli.text(values, "member")
  const request = Cli.text(values, "fund-request")
  const giver = Cli.decode(Logbook.Giver, `${what}: the giver`, {
    ...(Cli.text(values, "agency") === undefined ? {} : { agency: Cli.text(values, "agency") }),
    ...(Cli.text(values, "team") === undefined ? {} : { team: Cli.text(values, "team") }),
    ...(Cli.text(values, "person") === undefined ? {} : { person: Cli.text(values, "person") })
  })
  const evidence = Cli.text(values, "evidence")
  const note = Cli.text(values, "note")
  const input = Cli.decode(ProgramCommands.Deliver, what, {
    program: id,
    houseCode: Cli.required(values, "house", what),
    ...(member === undefined ? {} : { member: Cli.wholeNumber("member", member, 1) }),
    on: Cli.day(values, "on", what, Cli.today()),
    kind: Cli.text(values, "kind") ?? "goods",
    value: Cli.baht(values, "value", what),
    giver,
    ...(evidence === undefined ? {} : { evidence }),
    ...(note === undefined ? {} : { note }),
    ...(request === undefined ? {} : { fund: { request, transferReference: Cli.required(values, "transfer", what) } })
  })
  const key = Cli.keyOf(values, lang)
  const d = await acting(values, (actor) => ProgramCommands.deliver(actor, key, input))
  await show(format, d, `${id} ${d.houseCode}${d.member === undefined ? "" : ` #${d.member}`}: ${d.entry}${d.fundRequest === undefined ? "" : lang === "th" ? ` (กองทุนจ่าย ${d.fundRequest})` : ` (paid by the fund, ${d.fundRequest})`}`)
  return 0
}

/** `program reverse ID --entry program:P-n:k --reason … [--on DATE]`: the reversal of a program's own delivery (the two net to zero). */
const reverse = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, { ...writes, entry: { type: "string" }, reason: { type: "string" }, on: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const what = "program reverse"
  const id = programId(positionals, what)
  const entry = Cli.decode(Logbook.EntryId, "--entry", Cli.required(values, "entry", what))
  const correction = Cli.decode(ProgramCommands.ReverseDelivery, what, { on: Cli.day(values, "on", what, Cli.today()), reason: Cli.required(values, "reason", what) })
  const r = await acting(values, (actor) => ProgramCommands.reverseDelivery(actor, id, entry, correction))
  const shown = Logbook.masked(r)
  await show(format, shown, `${id} ${shown.id}: ${Satang.format(shown.value, lang)}${lang === "th" ? ` (กลับรายการ ${entry})` : ` (reverses ${entry})`}`)
  return 0
}

/** `program report ID [--by LEVEL]`: reached, surveyed, delivered and spent, by area. */
const report = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, { ...writes, by: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const id = programId(positionals, "program report")
  const by = levelOf(values)
  const r = await acting(values, (actor) => ProgramCommands.report(actor, id, by, Geography.lookup))
  if (format === "json") {
    await Cli.write(process.stdout, `${JSON.stringify(r)}\n`)
    return 0
  }
  const th = lang === "th"
  const spec = [
    { header: th ? "รหัส" : "code", align: "left" as const },
    { header: Lang.pick(lang, Area.levelLabel[by]), align: "left" as const },
    { header: th ? "ครัวเรือน" : "households", align: "right" as const },
    { header: th ? "ผู้รับประโยชน์" : "beneficiaries", align: "right" as const },
    { header: th ? "สำรวจความต้องการแล้ว" : "surveyed", align: "right" as const },
    { header: th ? "ส่งมอบแล้ว" : "delivered", align: "right" as const },
    { header: th ? "ใช้จ่าย" : "spent", align: "right" as const }
  ]
  const row = (a: { readonly households: number; readonly beneficiaries: number; readonly surveyed: number; readonly delivered: number; readonly spent: number }) => [
    Table.count(a.households),
    Table.count(a.beneficiaries),
    Table.count(a.surveyed),
    Table.count(a.delivered),
    Satang.format(a.spent as Satang.Satang, lang)
  ]
  const rows = [
    ...r.areas.map((a) => [a.area, (th ? a.nameTh : a.nameEn) ?? (th ? "(ไม่พบชื่อ)" : "(unknown)"), ...row(a)]),
    ["", th ? "รวม" : "total", ...row(r)]
  ]
  const cols = Table.fit(spec, rows)
  await Cli.write(
    process.stdout,
    `${r.program} ${th ? r.nameTh : r.nameEn} (${th ? "งบประมาณ" : "budget"} ${Satang.format(r.budget as Satang.Satang, lang)})\n${Table.header(cols)}\n${rows.map((x) => Table.row(cols, x)).join("\n")}\n`
  )
  return 0
}

const commands: Record<string, (args: ReadonlyArray<string>) => Promise<number>> = {
  preview,
  create,
  show: byId("show"),
  list,
  activate: byId("activate"),
  close: byId("close"),
  enrol,
  beneficiaries,
  need,
  deliver,
  reverse,
  report
}

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = args
  const command = name === undefined ? undefined : commands[name]
  if (command === undefined) {
    throw new Cli.UsageError(`program: expected one of ${Object.keys(commands).join(", ")}${name === undefined ? "" : `, got ${JSON.stringify(name)}`}`)
  }
  return command(rest)
}
