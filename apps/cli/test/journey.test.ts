import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { beforeAll, describe, expect, it } from "vitest"
import { acting } from "./acting.js"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-journey-"))
const pgUrl = (process.env["PHUNGPAO_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/phungpao_test").replace(/\/([^/]*)$/, "/$1_cli_journey")
const pgDatabase = decodeURIComponent(new URL(pgUrl).pathname.slice(1))

/** The program as it runs, with no token unless `env` gives one. */
const raw = (database: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: database, ...env }, maxBuffer: 1 << 28 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
/** The program with the token of the user `--as` names (see `acting`). */
const { cli, forget } = acting(raw)
const ok = (database: string, args: ReadonlyArray<string>) => {
  const r = cli(database, args)
  expect([args.join(" "), r.status, r.stderr]).toEqual([args.join(" "), 0, r.stderr.startsWith("คีย์") || r.stderr.startsWith("idempotency key") ? r.stderr : ""])
  return r.stdout
}
const json = (database: string, args: ReadonlyArray<string>) => JSON.parse(ok(database, [...args, "--format", "json"]))

let fileCount = 0
const sqlite = () => `sqlite:${join(dir, `journey-${++fileCount}.db`)}`

/** A fresh PostgreSQL database of this file's own. */
const postgres = async () => {
  const admin = new pg.Client({ connectionString: pgUrl.replace(/\/[^/]*$/, "/postgres") })
  await admin.connect()
  await admin.query(`drop database if exists "${pgDatabase}" with (force)`)
  await admin.query(`create database "${pgDatabase}"`)
  await admin.end()
  forget(pgUrl)
  return pgUrl
}

let province = ""
beforeAll(() => {
  province = join(dir, "province.ndjson")
  const r = spawnSync(process.execPath, [main, "generate", "--households", "1200", "--seed", "41", "--out", province], { encoding: "utf8" })
  expect(r.status).toBe(0)
})

const engines: ReadonlyArray<readonly [string, () => Promise<string> | string]> = [
  ["SQLite", sqlite],
  ["PostgreSQL", postgres]
]

describe.each(engines)("the household journey on %s", (_, database) => {
  it("lets a district user analyse their district only: the province is refused with nothing written", async () => {
    const db = await database()
    ok(db, ["import", province])
    ok(db, ["evaluate", "--round", "2564"])
    const district = (JSON.parse(ok(db, ["report", "--round", "2564", "--by", "district", "--format", "json"])) as Array<{ area: string; target: number }>).find((d) => d.target > 0)!
    ok(db, ["user", "add", "--id", "dc-1", "--name", "ศจพ.อ.", "--role", "districtCentre", "--scope", district.area, "--key", "u-dc"])
    for (const wider of [[], ["--area", "33"]]) {
      const refused = cli(db, ["journey", "analyse", "--round", "2564", ...wider, "--as", "dc-1", "--lang", "en"])
      if (wider.length === 0) {
        expect(refused.status).toBe(0)
        continue
      }
      expect([refused.status, refused.stderr]).toEqual([2, `phungpao: area 33 is outside the areas of dc-1\n`])
    }
    // the first run (the district's own scope) enrolled the district's targets, and no other
    const enrolled = json(db, ["no-help"]) as Array<{ villageCode: string }>
    expect(enrolled).toHaveLength(district.target)
    expect(enrolled.every((h) => h.villageCode.startsWith(district.area))).toBe(true)
    const thai = cli(db, ["journey", "analyse", "--round", "2564", "--area", "33", "--as", "dc-1"])
    expect(thai.stderr).toBe(`phungpao: พื้นที่ 33 อยู่นอกพื้นที่ที่ dc-1 รับผิดชอบ\n`)
  })

  it("walks a target household through the six steps from the command line, refusing what is out of order", async () => {
    const db = await database()
    ok(db, ["import", province])
    const evaluated = ok(db, ["evaluate", "--round", "2564", "--format", "json"]).trimEnd().split("\n").map((l) => JSON.parse(l))
    const targets = evaluated.filter((d: { target: boolean }) => d.target).length
    expect(json(db, ["journey", "analyse", "--round", "2564"])).toEqual({ enrolled: targets, analysed: 0, awaitingVerification: targets })
    expect(json(db, ["journey", "analyse", "--round", "2564"])).toMatchObject({ enrolled: 0 })

    const waiting = json(db, ["no-help"]) as Array<{ houseCode: string; villageCode: string; step: string }>
    expect(waiting).toHaveLength(targets)
    const { houseCode: house, villageCode: village } = waiting[0]!
    const subdistrict = village.slice(0, 6)
    ok(db, ["team", "add", "--id", "mentor-1", "--name", "ทีมพี่เลี้ยง 1", "--area", subdistrict, "--member", "สมศรี ใจดี:cdd", "--key", "t1"])
    const assigned = json(db, ["team", "assign", "--team", "mentor-1", "--area", subdistrict, "--key", "t2"])
    expect(assigned.houseCodes).toContain(house)
    ok(db, ["user", "add", "--id", "m1", "--name", "Mentor", "--role", "mentor", "--scope", subdistrict, "--team", "mentor-1", "--key", "u1"])
    expect(json(db, ["user", "list"])).toEqual([{ id: "m1", name: "Mentor", role: "mentor", scope: [subdistrict], team: "mentor-1" }])

    const early = cli(db, ["plan", "add-action", "--house", house, "--part", "skills", "--description", "อบรม", "--problems", "1", "--agency", "labour", "--budget-source", "agencyFunction", "--due", "2022-09-01", "--as", "m1", "--key", "p0", "--lang", "en"])
    expect(early.status).toBe(2)
    expect(early.stderr).toBe(`phungpao: household ${house}: cannot plan an action before it is analysed (it is not yet verified)\n`)

    ok(db, ["journey", "verify", "--house", house, "--on", "01/08/2565", "--as", "m1", "--key", "v1"])
    expect(json(db, ["journey", "analyse", "--round", "2564", "--area", subdistrict, "--on", "2022-08-02"])).toMatchObject({ analysed: 1 })
    const shown = json(db, ["journey", "show", house])
    expect(shown.step).toBe("analysed")
    const problems = shown.problems.map((p: { indicator: number }) => p.indicator) as Array<number>
    expect(problems.length).toBeGreaterThan(0)

    const incomplete = cli(db, ["plan", "agree", "--house", house, "--as", "m1", "--key", "g0", "--lang", "en"])
    expect(incomplete.status).toBe(2)
    expect(incomplete.stderr).toContain(`household ${house}: the plan addresses no action to problem(s) ${problems.join(", ")}`)
    const action = json(db, ["plan", "add-action", "--house", house, "--part", "resources", "--description", "ซ่อมบ้าน", "--problems", problems.join(","), "--team", "mentor-1", "--budget-source", "localGovernment", "--cost", "3,000", "--due", "2022-08-05", "--as", "m1", "--key", "p1"])
    expect(action).toMatchObject({ id: "A-1", plannedCost: 300_000, status: "planned" })
    ok(db, ["plan", "agree", "--house", house, "--on", "2022-08-03", "--as", "m1", "--key", "g1"])
    ok(db, ["plan", "action-status", "--action", "A-1", "--status", "inProgress", "--as", "m1", "--key", "s1"])

    // The member helped must pass the check digit and be one of the household's members in the registry.
    const member = (readFileSync(province, "utf8").split("\n").map((l) => (l === "" ? undefined : JSON.parse(l))).find((r) => r?.houseCode === house)).members[0].citizenId as string
    const record = (id: string, k: string) => cli(db, ["logbook", "record", "--house", house, "--kind", "housingRepair", "--value", "2,500", "--team", "mentor-1", "--action", "A-1", "--budget-source", "localGovernment", "--member", id, "--on", "2022-08-10", "--as", "m1", "--key", k, "--lang", "en"])
    const badDigit = record("1101700230709", "h0")
    expect([badDigit.status, badDigit.stderr]).toEqual([2, `phungpao: household ${house}: --member: the citizen ID has a wrong check digit\n`])
    const stranger = record("1101700230708", "h0b")
    expect([stranger.status, stranger.stderr]).toEqual([2, `phungpao: household ${house}: --member: the citizen ID is not a member of the household in any round of the registry\n`])
    const help = json(db, ["logbook", "record", "--house", house, "--kind", "housingRepair", "--value", "2,500", "--team", "mentor-1", "--action", "A-1", "--budget-source", "localGovernment", "--member", member, "--on", "2022-08-10", "--as", "m1", "--key", "h1"])
    expect(help).toMatchObject({ id: "L-1", value: 250_000 })
    expect(JSON.stringify(help)).not.toContain(member)
    expect(json(db, ["logbook", "reverse", "--entry", "L-1", "--reason", "บันทึกผิด", "--on", "2022-08-11", "--as", "m1", "--key", "r1"])).toMatchObject({ id: "L-2", reverses: "L-1", value: -250_000 })
    const twice = cli(db, ["logbook", "reverse", "--entry", "L-1", "--reason", "again", "--as", "m1", "--key", "r2", "--lang", "en"])
    expect([twice.status, twice.stderr]).toEqual([2, "phungpao: logbook entry L-1 is already reversed\n"])
    ok(db, ["logbook", "record", "--house", house, "--kind", "housingRepair", "--value", "2,500", "--team", "mentor-1", "--action", "A-1", "--budget-source", "localGovernment", "--on", "2022-08-12", "--as", "m1", "--key", "h2"])
    ok(db, ["visit", "record", "--house", house, "--stage", "sufficient", "--confirms", problems.join(","), "--on", "2022-08-20", "--as", "m1", "--key", "vi1"])

    const done = json(db, ["journey", "show", house])
    expect([done.step, done.stage, done.solved]).toEqual(["followedUp", "sufficient", true])
    expect(done.entries.map((e: { id: string; value: number }) => [e.id, e.value])).toEqual([["L-1", 250_000], ["L-2", -250_000], ["L-3", 250_000]])
    const table = ok(db, ["logbook", "list", "--house", house, "--lang", "en"])
    expect(table).toContain("reverses L-1: บันทึกผิด")
    expect(table).toContain("net 2,500.00")
    expect(table).not.toContain("1101700000001")
    expect(ok(db, ["journey", "show", house])).toContain("ติดตามประเมินผลแล้ว")

    const districts = json(db, ["progress", "--by", "district"]) as Array<{ code: string; level: string; counts: { households: Record<string, number> } }>
    const whole = districts.find((a) => a.level === "province")!
    expect(whole.counts.households).toMatchObject({ targets, verified: 1, analysed: 1, planned: 1, helped: 1, followedUp: 1, solved: 1, noHelp: targets - 1 })
    expect(districts.filter((a) => a.level === "district").reduce((n, a) => n + a.counts.households["targets"]!, 0)).toBe(targets)
    expect(ok(db, ["progress", "--by", "district", "--lang", "en"])).toMatch(/total Si Sa Ket\s+/)
    expect(ok(db, ["progress", "--by", "district"])).toContain("เป้าหมาย")
    expect(json(db, ["no-help"])).toHaveLength(targets - 1)
    expect(json(db, ["overdue"]).map((o: { action: { id: string } }) => o.action.id)).toEqual(["A-1"])
    ok(db, ["deadline", "set", "--district", village.slice(0, 4), "--due", "2022-09-30", "--key", "d1"])
    const burn = json(db, ["burndown", "--district", village.slice(0, 4), "--from", "2022-08-01", "--every", "30"])
    expect(burn.deadline).toBe("2022-09-30")
    expect(burn.points.map((p: { date: string }) => p.date)).toEqual(["2022-08-01", "2022-08-31", "2022-09-30"])

    // Stored text is shown as text: control sequences escaped, a citizen ID typed into a note masked
    const hostile = "\u001b]0;pwned\u0007\u001b[2J"
    ok(db, ["team", "add", "--id", "team-x", "--name", `ทีม ${hostile}`, "--area", subdistrict, "--key", "t-x"])
    ok(db, ["user", "add", "--id", "u-x", "--name", `ผู้ใช้ ${hostile}`, "--role", "mentor", "--scope", subdistrict, "--key", "u-x"])
    ok(db, ["logbook", "record", "--house", house, "--kind", "goods", "--value", "100", "--team", "mentor-1", "--budget-source", "localGovernment", "--note", `มอบให้ 1101700230708 ${hostile}`, "--on", "2022-08-21", "--as", "m1", "--key", "h-x"])
    for (const args of [["team", "list"], ["user", "list"], ["logbook", "list", "--house", house]]) {
      const shown = ok(db, [...args, "--lang", "en"])
      expect([args[0], shown]).toEqual([args[0], expect.stringContaining("\\x1b]0;pwned\\x07\\x1b[2J")])
      expect([args[0], /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(shown)]).toEqual([args[0], false])
    }
    const logbook = ok(db, ["logbook", "list", "--house", house, "--lang", "en"])
    expect(logbook).toContain("x-xxxx-xxxxx-70-8")
    expect(logbook).not.toContain("1101700230708")
    expect(json(db, ["logbook", "list", "--house", house]).at(-1).note).toBe("มอบให้ x-xxxx-xxxxx-70-8 \u001b]0;pwned\u0007\u001b[2J")
  }, 240_000)
})

describe.each(engines)("a missed household and a later round on %s", (_, database) => {
  it("adds a household the survey missed from its field record, and closes problems whose indicator passes in the next round", async () => {
    const db = await database()
    // A handful of households of round 2564, targets enrolled.
    const records = readFileSync(province, "utf8").trimEnd().split("\n").slice(0, 40).map((l) => JSON.parse(l) as Record<string, unknown>)
    const small = join(dir, `small-${fileCount}-${Date.now()}.ndjson`)
    writeFileSync(small, records.map((r) => JSON.stringify(r)).join("\n") + "\n")
    ok(db, ["import", small])
    type D = { houseCode: string; target: boolean; indicators: Array<{ indicator: number; status: string }> }
    const decisions = ok(db, ["evaluate", "--round", "2564", "--format", "json"]).trimEnd().split("\n").map((l) => JSON.parse(l) as D)
    const failing = (d: D) => d.indicators.filter((i) => i.status === "fail").map((i) => i.indicator)
    const target = decisions.find((d) => d.target && failing(d).includes(22))
    expect(target).toBeDefined()
    json(db, ["journey", "analyse", "--round", "2564"])
    const house = target!.houseCode
    const before = records.find((r) => r["houseCode"] === house)!
    ok(db, ["journey", "verify", "--house", house, "--on", "2022-08-01", "--key", "v1"])
    json(db, ["journey", "analyse", "--round", "2564", "--on", "2022-08-02"])

    // Round 2565: the household now earns enough (indicator 22 passes); a household the
    // survey missed has its field record imported into the same round.
    const village = String(before["villageCode"])
    const missed = `${house.slice(0, 7)}9999`
    const next = join(dir, `next-${fileCount}-${Date.now()}.ndjson`)
    // The missed household's people are others (a person is in one household of a round).
    const otherId = (i: number) => {
      const first12 = `3${String(30_199_000_000 + i).padStart(11, "0")}`
      const sum = [...first12].reduce((n, d, k) => n + Number(d) * (13 - k), 0)
      return `${first12}${(11 - (sum % 11)) % 10}`
    }
    const others = (before["members"] as Array<Record<string, unknown>>).map((m, i) => ({ ...m, citizenId: otherId(i) }))
    writeFileSync(next, [{ ...before, surveyYear: 2565, annualIncomeBaht: 5_000_000 }, { ...before, houseCode: missed, surveyYear: 2565, members: others }].map((r) => JSON.stringify(r)).join("\n") + "\n")
    ok(db, ["import", next, "--round", "2565"])
    const later = ok(db, ["evaluate", "--round", "2565", "--format", "json"]).trimEnd().split("\n").map((l) => JSON.parse(l) as D)
    const passing = failing(target!).filter((i) => !failing(later.find((d) => d.houseCode === house)!).includes(i))
    expect(passing).toContain(22)

    const closed = json(db, ["journey", "close-from-round", "--round", "2565", "--on", "2023-06-01"])
    expect(closed).toEqual({ round: 2565, area: "", on: "2023-06-01", decisions: 2, closed: passing.length })
    const shown = json(db, ["journey", "show", house]) as { problems: Array<{ indicator: number; status: string }> }
    expect(shown.problems.filter((p) => p.status === "resolved").map((p) => p.indicator)).toEqual(passing)
    expect(json(db, ["journey", "close-from-round", "--round", "2565", "--area", village.slice(0, 6)])).toMatchObject({ closed: 0 })
    expect(ok(db, ["journey", "close-from-round", "--round", "2565", "--lang", "en"])).toContain("closed 0 problem(s)")
    const unevaluated = cli(db, ["journey", "close-from-round", "--round", "2566"])
    expect(unevaluated.status).toBe(2)
    expect(unevaluated.stderr).toContain("2566")

    ok(db, ["user", "add", "--id", "m1", "--name", "Mentor", "--role", "mentor", "--scope", village.slice(0, 6), "--key", "u1"])
    // another village of the user's own subdistrict: one outside it is refused as out of scope first
    const otherVillage = `${village.slice(0, 6)}${village.endsWith("01") ? "02" : "01"}`
    const wrongVillage = cli(db, ["journey", "add-household", missed, "--village", otherVillage, "--round", "2565", "--as", "m1", "--key", "a0", "--lang", "en"])
    expect([wrongVillage.status, wrongVillage.stderr]).toEqual([2, `phungpao: household ${missed}: --village ${otherVillage}: its record in round 2565 lies in another village\n`])
    const noRecord = cli(db, ["journey", "add-household", `${house.slice(0, 7)}9998`, "--village", village, "--round", "2565", "--as", "m1", "--key", "a0", "--lang", "en"])
    expect([noRecord.status, noRecord.stderr.split(";")[0]]).toEqual([2, `phungpao: household ${house.slice(0, 7)}9998: no record in round 2565 of the registry`])
    const args = ["journey", "add-household", missed, "--village", village, "--round", "2565", "--on", "2023-06-02", "--as", "m1", "--key", "a1"]
    const added = json(db, args)
    expect(added).toMatchObject({ houseCode: missed, villageCode: village, source: "field", round: 2565, verification: { outcome: "added", on: "2023-06-02", by: "m1" } })
    expect(added.failed.map((f: { indicator: number }) => f.indicator)).toEqual(failing(later.find((d) => d.houseCode === missed)!))
    expect(json(db, args)).toEqual(added)
    const again = cli(db, [...args.slice(0, -1), "a2", "--lang", "en"])
    expect([again.status, again.stderr]).toEqual([2, `phungpao: household ${missed}: already in the journey\n`])
    expect(ok(db, ["journey", "show", missed, "--lang", "en"])).toContain("added in the field")
    expect(json(db, ["journey", "show", missed]).step).toBe("verified")
  }, 120_000)
})

describe("journey simulate", () => {
  it("takes a province along the journey the same way on the memory store copied in as on the database", () => {
    const [memory, database] = [sqlite(), sqlite()]
    for (const db of [memory, database]) {
      ok(db, ["import", province])
      ok(db, ["evaluate", "--round", "2564"])
    }
    const walked = json(memory, ["journey", "simulate", "--round", "2564", "--seed", "7"])
    expect(json(database, ["journey", "simulate", "--round", "2564", "--seed", "7", "--on-database"])).toEqual(walked)
    expect(walked.commands).toBeGreaterThan(walked.households)
    const stamps = (text: string) => text.replace(/"(recordedAt|createdAt|setAt)": "[^"]*"/g, "")
    for (const read of [["progress", "--by", "village"], ["logbook", "list"], ["overdue"], ["team", "list"], ["user", "list"], ["deadline", "list"]]) {
      expect(stamps(ok(memory, [...read, "--format", "json"]))).toBe(stamps(ok(database, [...read, "--format", "json"])))
    }
    // The counters go on after the copied records: the next entry is numbered after them.
    const house = (json(memory, ["progress", "--by", "village"]) as Array<unknown>).length > 0 ? (json(memory, ["no-help"]) as Array<{ houseCode: string; step: string }>).find((s) => s.step !== "none")?.houseCode : undefined
    expect(house).toBeDefined()
    const entry = json(memory, ["logbook", "record", "--house", house!, "--kind", "referral", "--budget-source", "other", "--person", "อสม.", "--key", "after-copy"])
    expect(entry.id).toBe(`L-${walked.entries + 1}`)
  }, 240_000)
})

describe("journey commands", () => {
  it("name the field and the reason of a bad option, exit 2, and keep members' IDs out of errors", () => {
    const db = sqlite()
    const date = cli(db, ["journey", "verify", "--house", "33010000001", "--on", "31/02/2565"])
    expect([date.status, date.stderr.split("\n")[0]]).toEqual([2, "phungpao: journey verify: --on 31/02/2565: not a date (write 15/03/2565 or 2022-03-15)"])
    const kind = cli(db, ["logbook", "record", "--house", "33010000001", "--kind", "gift", "--budget-source", "other", "--member", "1101700000001", "--key", "k"])
    expect(kind.status).toBe(2)
    expect(kind.stderr).toContain("logbook record")
    expect(kind.stderr).toContain("kind")
    expect(kind.stderr).not.toContain("1101700000001")
    const missing = cli(db, ["journey", "show", "33010000001", "--lang", "en"])
    expect([missing.status, missing.stderr]).toEqual([2, "phungpao: no household 33010000001\n"])
    expect(cli(db, ["progress", "--by", "street"]).status).toBe(2)
    expect(cli(db, ["help", "journey"]).stdout).toContain("logbook reverse --entry L-n")
    expect(cli(db, ["help", "journey"]).stdout).toContain("journey add-household HOUSE --village CODE --round R")
    expect(cli(db, ["help", "journey"]).stdout).toContain("journey close-from-round --round R [--area CODE]")
    const noVillage = cli(db, ["journey", "add-household", "33010100077", "--round", "2565", "--key", "k"])
    expect([noVillage.status, noVillage.stderr.split("\n")[0]]).toEqual([2, "phungpao: journey add-household: --village is required"])
    const noRound = cli(db, ["journey", "close-from-round"])
    expect([noRound.status, noRound.stderr.split("\n")[0]]).toEqual([2, "phungpao: journey close-from-round: --round is required"])
  })
})
