/**
 * `logbook` and `visit`: help given to a household (recorded, reversed, listed), and the
 * follow-up visits that confirm problems solved.
 */
import { CitizenId, Journey, JourneyCommands as J, Logbook, Plan } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Lang from "../../Lang.js"
import type * as Table from "../../Table.js"
import { json, L, type Label, money, show, table } from "./print.js"
import { actorOf, areaOption, common, indicators, journey, writes } from "./run.js"

const { baht, day, decode, keyOf, required, text, today } = Cli

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
      e.member === undefined ? "" : CitizenId.readable(e.member),
      Lang.pick(lang, Logbook.kindLabel[e.kind]),
      money(e.value),
      [e.giver.agency, e.giver.team, e.giver.person].filter((x) => x !== undefined).join(" / "),
      Lang.pick(lang, Plan.budgetSourceLabel[e.budgetSource]),
      e.reverses === undefined ? (e.note ?? "") : `${Lang.pick(lang, L("กลับรายการ", "reverses"))} ${e.reverses}: ${e.reason ?? ""}`
    ])
  )

export const logbook = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" }, area: { type: "string" }, house: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const house = text(values, "house")
    // The domain's reads mask the member a personal act of help names (PDPA).
    const entries = await journey(
      Effect.flatMap(actorOf(values), (actor) =>
        house === undefined ? J.logbook(actor, areaOption(values)) : Effect.map(J.household(actor, house), (v) => v.facts.entries))
    )
    if (format === "json") return json(entries.map((e) => Schema.encodeSync(Logbook.Entry)(e))).then(() => 0)
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
    return show(format, Logbook.Entry, Logbook.masked(e), `${e.id} · ${e.houseCode} · ${Lang.pick(lang, Logbook.kindLabel[e.kind])} · ${money(e.value)}`)
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
    return show(format, Logbook.Entry, Logbook.masked(e), `${e.id} ${Lang.pick(lang, L("กลับรายการ", "reverses"))} ${e.reverses} · ${money(e.value)}`)
  }
  throw new Cli.UsageError("expected 'logbook record', 'logbook reverse' or 'logbook list'")
}

export const visit = async (args: ReadonlyArray<string>) => {
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
