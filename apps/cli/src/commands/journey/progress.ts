/**
 * `deadline`, `progress`, `burndown`, `overdue` and `no-help`: how far the areas are
 * along the journey, against each district's deadline, and who waits.
 */
import { Area, CalendarDate, Journey, JourneyCommands as J, Plan, Problem, Progress } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Lang from "../../Lang.js"
import * as Table from "../../Table.js"
import { area, json, L, type Label, show, table } from "./print.js"
import { actorOf, areaOption, common, journey, writes } from "./run.js"

const { day, decode, keyOf, required, text } = Cli

export const deadline = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" } })
    const { format, lang } = Cli.output(values)
    const all = await journey(Effect.flatMap(actorOf(values), J.deadlines))
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

export const progress = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, { ...common, as: { type: "string" }, "token-file": { type: "string" }, by: { type: "string" }, area: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const by = levelOf(text(values, "by"))
  const areaCode = areaOption(values)
  const areas = await journey(Effect.flatMap(actorOf(values), (actor) => J.progress(actor, areaCode)))
  if (format === "json") return json(areas.filter((a) => a.level === by || a.code === areaCode || (areaCode === "" && a.level === "province"))).then(() => 0)
  await Cli.write(process.stdout, progressTable(areas, by, lang))
  return 0
}

export const burndown = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, { ...common, as: { type: "string" }, "token-file": { type: "string" }, district: { type: "string" }, from: { type: "string" }, every: { type: "string" } })
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

export const overdue = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, { ...common, as: { type: "string" }, "token-file": { type: "string" }, area: { type: "string" } })
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

export const noHelp = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, { ...common, as: { type: "string" }, "token-file": { type: "string" }, area: { type: "string" } })
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
