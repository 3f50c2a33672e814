/**
 * `agency`, `team` and `user`: the agencies, the mentor and operation teams and their
 * areas, and the users who act (their role and scope).
 */
import { Agency, JourneyCommands as J, Organisation } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Lang from "../../Lang.js"
import * as Table from "../../Table.js"
import { area, json, L, show, table } from "./print.js"
import { actorOf, areaOption, common, journey, list, writes } from "./run.js"

type Values = Cli.Values

const { decode, keyOf, required, text } = Cli

export const agency = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb !== "list") throw new Cli.UsageError("expected 'agency list'")
  const { values } = Cli.parse(rest, common)
  const { format, lang } = Cli.output(values)
  const all = await journey(J.agencies)
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

export const team = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" }, area: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const teams = await journey(Effect.flatMap(actorOf(values), (actor) => J.teams(actor, areaOption(values))))
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

export const user = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" } })
    const { format, lang } = Cli.output(values)
    const users = await journey(Effect.flatMap(actorOf(values), J.usersIn))
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
