/**
 * `journey`: a household's whole journey (`show`), its verification, analysis and
 * capitals; a round's targets enrolled and analysed, a missed household added from its
 * field record, problems closed from a later round, and the seeded demonstration
 * (`simulate`, from `@phungpao/synthetic`).
 */
import { Actor, CalendarDate, CitizenId, Idempotency, Journey, JourneyCommands as J, Logbook, Plan, Problem, Registry as RegistryPorts, RoundReport, RuleSet } from "@phungpao/domain"
import { JourneySql } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Lang from "../../Lang.js"
import * as Registry from "../../Registry.js"
import * as Table from "../../Table.js"
import { area, json, L, money, show } from "./print.js"
import { actorOf, areaOption, common, journey, writes } from "./run.js"

type Values = Cli.Values

const { day, decode, keyOf, required, text, today } = Cli

const problemLine = (p: { indicator: number; status: Problem.Status }, lang: Lang.Lang) =>
  `${p.indicator} ${Lang.pick(lang, Problem.statusLabel[p.status])}`

const showHousehold = async (houseCode: string, values: Values) => {
  const { format, lang } = Cli.output(values)
  const view = await journey(Effect.flatMap(actorOf(values), (actor) => J.household(actor, houseCode)))
  const facts = view.facts
  if (format === "json") {
    // PDPA: the domain's read gives the member's citizen ID masked.
    const entries = facts.entries.map((e) => Schema.encodeSync(Logbook.Entry)(e))
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
    out.push(`  ${e.id} ${e.on} ${Lang.pick(lang, Logbook.kindLabel[e.kind])} ${money(e.value)}${e.reverses === undefined ? "" : ` ${t("กลับรายการ", "reverses")} ${e.reverses}`}${e.member === undefined ? "" : ` · ${CitizenId.readable(e.member)}`}`)
  }
  for (const v of facts.visits) out.push(`  ${v.id} ${v.on} ${t("ติดตาม", "visit")} · ${Lang.pick(lang, Journey.stageLabel[v.stage])}${v.confirms.length === 0 ? "" : ` · ${t("ยืนยันแก้ไขแล้ว", "confirms")} ${v.confirms.join(",")}`}`)
  await Cli.write(process.stdout, `${out.join("\n")}\n`)
  return 0
}

/**
 * Closes, in the journey's households of `areaCode` (every area of the actor when empty),
 * the open problems whose indicator passes in the round's stored decisions.
 */
const closeRound = (actor: Actor.Actor, round: number, areaCode: string, on: CalendarDate.IsoDate) =>
  Effect.map(J.closeFromStoredRound(actor, round, on, areaCode === "" ? undefined : areaCode), (r) => ({ round, area: areaCode, on, ...r }))

export const journeyCommand = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "show") {
    const { values, positionals } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" } })
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
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" }, round: { type: "string" }, area: { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const round = Cli.wholeNumber("round", required(values, "round", "journey analyse"), 2500)
    const on = day(values, "on", "journey analyse", today()) as CalendarDate.IsoDate
    const areaCode = areaOption(values)
    const result = await journey(
      Effect.flatMap(actorOf(values), (actor) => J.analyseStoredRound(actor, round, on, areaCode === "" ? undefined : areaCode))
    )
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
    const input = decode(J.AddHousehold, what, {
      houseCode: house,
      villageCode: required(values, "village", what),
      round: Cli.wholeNumber("round", required(values, "round", what), 2500),
      on: day(values, "on", what, today()),
      ...(text(values, "note") === undefined ? {} : { note: text(values, "note") })
    })
    const key = keyOf(values, lang)
    const h = await journey(Effect.flatMap(actorOf(values), (actor) => J.addHousehold(actor, key, input)))
    return show(
      format,
      Journey.Household,
      h,
      `${h.houseCode} · ${area(h.villageCode, lang)} · ${Lang.pick(lang, L("เพิ่มจากภาคสนาม", "added in the field"))} · ${Lang.pick(lang, L("ตัวชี้วัดที่ไม่ผ่าน", "failed indicators"))}: ${h.failed.length === 0 ? "—" : h.failed.map((f) => f.indicator).join(", ")}`
    )
  }
  if (verb === "close-from-round") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" }, round: { type: "string" }, area: { type: "string" }, on: { type: "string" } })
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
