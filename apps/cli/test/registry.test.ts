import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { beforeAll, describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const sample = fileURLToPath(new URL("../../../packages/files/samples/survey-2564-th.csv", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-registry-"))
const pgUrl = (process.env["PHUNGPAO_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/phungpao_test").replace(/\/([^/]*)$/, "/$1_cli")
const pgDatabase = decodeURIComponent(new URL(pgUrl).pathname.slice(1))

const cli = (database: string, args: ReadonlyArray<string>, input?: string) => {
  const r = spawnSync(process.execPath, [main, ...args], {
    encoding: "utf8",
    input,
    cwd: dir,
    env: { ...process.env, DATABASE_URL: database },
    maxBuffer: 1 << 28
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

let fileCount = 0
const sqlite = () => `sqlite:${join(dir, `registry-${++fileCount}.db`)}`

/** A fresh PostgreSQL database of the project's own for one test. */
const postgres = async () => {
  const admin = new pg.Client({ connectionString: pgUrl.replace(/\/[^/]*$/, "/postgres") })
  await admin.connect()
  await admin.query(`drop database if exists "${pgDatabase}" with (force)`)
  await admin.query(`create database "${pgDatabase}"`)
  await admin.end()
  return pgUrl
}

const generate = (households: number, seed: number) => {
  const r = spawnSync(process.execPath, [main, "generate", "--households", String(households), "--seed", String(seed)], { encoding: "utf8", maxBuffer: 1 << 28 })
  return r.stdout
}

const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

let province = ""
beforeAll(() => {
  province = write("province.ndjson", generate(1500, 21))
})

const engines: ReadonlyArray<readonly [string, () => Promise<string> | string]> = [
  ["SQLite", sqlite],
  ["PostgreSQL", postgres]
]

describe.each(engines)("the registry on %s", (_, database) => {
  it("imports once, then changes nothing on a second import and says so", async () => {
    const db = await database()
    const first = cli(db, ["import", province, "--round", "2564", "--lang", "en"])
    expect(first.stderr).toBe("")
    expect(first.status).toBe(0)
    expect(first.stdout).toBe("read 1,500 · inserted 1,500 · updated 0 · unchanged 0 · rejected 0\n")
    const again = cli(db, ["import", province, "--format", "json"])
    expect(JSON.parse(again.stdout)).toEqual({ read: 1500, inserted: 0, updated: 0, unchanged: 1500, rejected: 0, rejects: null })
    const th = cli(db, ["import", province])
    expect(th.stdout).toContain("ไม่มีการเปลี่ยนแปลง")
  })

  it("gives the same decisions and reports from the database as from the file", async () => {
    const db = await database()
    expect(cli(db, ["import", province]).status).toBe(0)
    const evaluated = cli(db, ["evaluate", "--round", "2564", "--format", "json"])
    expect(evaluated.status).toBe(0)
    const fromFile = cli(db, ["evaluate", province, "--format", "json"]).stdout.trimEnd().split("\n").sort()
    const unmasked = cli(db, ["evaluate", "--round", "2564", "--format", "json", "--unmask"])
    expect(unmasked.stdout.trimEnd().split("\n")).toEqual(fromFile)
    // read from the registry, members' citizen IDs are masked unless unmasked
    const members = (out: string) => out.trimEnd().split("\n").flatMap((l) => JSON.parse(l).indicators.flatMap((r: { members: Array<string> }) => r.members))
    expect(members(unmasked.stdout).length).toBeGreaterThan(0)
    expect(members(evaluated.stdout).every((m) => /^x{9}\d{4}$/.test(m))).toBe(true)
    // the unmasked read is on record, page by page, with the households it showed
    const audit = cli(db, ["audit", "list", "--format", "json"]).stdout.trimEnd().split("\n").map((l) => JSON.parse(l))
    expect(audit.every((e: { action: string; what: string }) => e.action === "unmask" && e.what === "evaluate --round --unmask")).toBe(true)
    expect(audit.flatMap((e: { houseCodes: Array<string> }) => e.houseCodes)).toHaveLength(fromFile.length)
    for (const by of ["district", "village"]) {
      const stored = cli(db, ["report", "--round", "2564", "--by", by, "--format", "json"])
      expect(stored.status).toBe(0)
      expect(stored.stdout).toBe(cli(db, ["report", province, "--by", by, "--format", "json"]).stdout)
    }
    const whatIf = ["--param", "minAnnualIncomePerPersonBaht=30000"]
    expect(cli(db, ["report", "--round", "2564", "--by", "district", ...whatIf]).status).toBe(2)
    expect(cli(db, ["evaluate", "--round", "2564", ...whatIf]).status).toBe(0)
    expect(cli(db, ["report", "--round", "2564", "--by", "district", "--format", "json", ...whatIf]).stdout).toBe(
      cli(db, ["report", province, "--by", "district", "--format", "json", ...whatIf]).stdout
    )
  })

  it("evaluates a round cut into parts on worker threads as one evaluation, the same as in one thread", async () => {
    const db = await database()
    expect(cli(db, ["import", province]).status).toBe(0)
    const one = cli(db, ["evaluate", "--round", "2564", "--jobs", "0", "--format", "json"])
    const summary = cli(db, ["evaluate", "--round", "2564", "--jobs", "0", "--lang", "en"]).stdout
    expect(summary).toContain("1,500 households")
    const parts = cli(db, ["evaluate", "--round", "2564", "--jobs", "3", "--format", "json"])
    expect(parts.stderr).toBe("")
    expect(parts.stdout).toBe(one.stdout)
    expect(cli(db, ["evaluate", "--round", "2564", "--jobs", "3", "--lang", "en"]).stdout).toBe(summary)
  })

  it("rejects a citizen ID another household of the round holds, and implausible records, naming field and reason only; lists a round's conflicts", async () => {
    const db = await database()
    const lines = readFileSync(province, "utf8").trimEnd().split("\n").slice(0, 8).map((l) => JSON.parse(l))
    const shared = lines[0].members[0].citizenId
    const head = { ...lines[0].members[0], relation: "head" }
    // Line 2 and 3 list line 1's head (line 3 as its own head too); then implausible records.
    lines[1].members = [...lines[1].members, { ...head, relation: "relative" }]
    lines[2].members = [head]
    lines[3].surveyedOn = "2099-01-01"
    lines[4].members[0].birthDate = "0001-01-01"
    lines[5].villageCode = "10010101"
    lines[6].surveyYear = 99999999
    lines[7].annualIncomeBaht = 1e308
    const path = write(`conflicts-${fileCount++}.ndjson`, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`)
    const r = cli(db, ["import", path, "--lang", "en"])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain("read 8 · inserted 1 · updated 0 · unchanged 0 · rejected 7")
    const rejects = readFileSync(`${path}.rejects.csv`, "utf8").trimEnd().split("\n")
    expect(rejects.slice(1)).toEqual([
      `2,members[${lines[1].members.length - 1}].citizenId,already in household ${lines[0].houseCode} of this round`,
      `3,members[0].citizenId,already in household ${lines[0].houseCode} of this round`,
      '4,surveyedOn,"must fall in the survey year, or the year before or after it"',
      "5,members[0].birthDate,must be 1880-01-01 or later",
      "6,villageCode,must lie in the province of the house code (its first 2 digits)",
      "7,surveyYear,must be a whole B.E. year from 2500 to 2700",
      '8,annualIncomeBaht,"must be at most 1,000,000,000"'
    ])
    expect(readFileSync(`${path}.rejects.csv`, "utf8")).not.toContain(shared)
    const none = cli(db, ["conflicts", "--round", "2564", "--format", "json"])
    expect([none.status, JSON.parse(none.stdout)]).toEqual([0, { round: 2564, conflicts: [] }])
    expect(cli(db, ["conflicts", "--round", "2564", "--lang", "en"]).stdout).toBe("round 2564: 0 citizen ID(s) in more than one household\n")
  })

  it("exports a round that imports into the same registry, in every format", async () => {
    const db = await database()
    cli(db, ["import", province])
    const original = cli(db, ["export", "--round", "2564"]).stdout
    expect(original.trimEnd().split("\n")).toHaveLength(1500)
    for (const format of ["ndjson", "csv", "xlsx"]) {
      const out = join(dir, `export-${format}-${fileCount}.${format}`)
      expect(cli(db, ["export", "--round", "2564", "--format", format, "--out", out]).status).toBe(0)
      const copy = sqlite()
      const imported = cli(copy, ["import", out, "--format", "json"])
      expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 1500, rejected: 0 })
      expect(cli(copy, ["export", "--round", "2564"]).stdout).toBe(original)
    }
  })

  it("lists what changed between two rounds", async () => {
    const db = await database()
    const records = province.length > 0 ? readFileSync(province, "utf8").trimEnd().split("\n").slice(0, 30).map((l) => JSON.parse(l)) : []
    const next = records.slice(1).map((r) => ({ ...r, surveyYear: 2565 }))
    next[0] = { ...next[0], annualIncomeBaht: 0, welfareCard: "verified" }
    next.push({ ...records[0], houseCode: "33999999999", villageCode: records[0].villageCode, surveyYear: 2565 })
    const first = write(`r2564-${fileCount}.ndjson`, records.map((r) => JSON.stringify(r)).join("\n"))
    const second = write(`r2565-${fileCount}.ndjson`, next.map((r) => JSON.stringify(r)).join("\n"))
    cli(db, ["import", first])
    cli(db, ["import", second])
    const before = cli(db, ["diff", "--from", "2564", "--to", "2565"])
    expect(before.status).toBe(2)
    expect(before.stderr).toContain("evaluate --round 2564")
    cli(db, ["evaluate", "--round", "2564"])
    cli(db, ["evaluate", "--round", "2565"])
    const diff = JSON.parse(cli(db, ["diff", "--from", "2564", "--to", "2565", "--format", "json"]).stdout)
    expect(diff.counts.vanished).toBe(1)
    expect(diff.counts.appeared).toBe(1)
    const changed = diff.changes.filter((c: { houseCode: string }) => c.houseCode === next[0].houseCode)
    expect(changed.map((c: { change: string }) => c.change)).toContain("newlyFails")
    expect(changed.find((c: { change: string }) => c.change === "newlyFails").indicators).toContain(22)
    const table = cli(db, ["diff", "--from", "2564", "--to", "2565", "--lang", "en"])
    expect(table.stdout).toContain("appeared 1")
  })
})

describe("import", () => {
  /** The province's first `count` lines, the third with a birth date after the survey (`bad`) and the fourth not JSON. */
  const spoiled = (count: number) => {
    const lines = readFileSync(province, "utf8").trimEnd().split("\n").slice(0, count)
    const bad = JSON.parse(lines[2]!)
    bad.members[0].birthDate = "2030-01-01"
    lines[2] = JSON.stringify(bad)
    lines[3] = "{ broken"
    return { lines, bad }
  }

  it("rejects bad rows to FILE.rejects.csv with line, field and reason, and keeps their neighbours", () => {
    const { lines, bad } = spoiled(5)
    const path = write("bad.ndjson", `${lines.join("\n")}\n`)
    const db = sqlite()
    const r = cli(db, ["import", path, "--lang", "en"])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain("read 5 · inserted 3 · updated 0 · unchanged 0 · rejected 2")
    const rejects = readFileSync(`${path}.rejects.csv`, "utf8").trimEnd().split("\n")
    expect(rejects[0]).toBe("line,field,reason")
    expect(rejects.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(expect.arrayContaining(["3,members[0].birthDate", "4,(record)"]))
    // Fixed, the file imports completely and the stale rejects file goes.
    lines[2] = JSON.stringify({ ...bad, members: JSON.parse(readFileSync(province, "utf8").split("\n")[2]!).members })
    lines.splice(3, 1)
    writeFileSync(path, `${lines.join("\n")}\n`)
    const fixed = cli(db, ["import", path, "--lang", "en"])
    expect(fixed.stdout).toContain("inserted 1 · updated 0 · unchanged 3 · rejected 0")
    expect(existsSync(`${path}.rejects.csv`)).toBe(false)
  })

  it("stores the same registry and rejects the same rows with the file read on a thread of its own (--jobs 2) as in one thread", () => {
    const { lines } = spoiled(600)
    lines[40] = lines[10]!
    lines[41] = JSON.stringify({ ...JSON.parse(lines[41]!), surveyYear: 2565 })
    const runs = ["1", "2"].map((jobs) => {
      const path = write(`jobs-${jobs}.ndjson`, `${lines.join("\n")}\n`)
      const db = sqlite()
      const r = cli(db, ["import", path, "--round", "2564", "--jobs", jobs, "--batch-size", "50", "--format", "json"])
      return {
        status: r.status,
        summary: { ...JSON.parse(r.stdout), rejects: undefined },
        // In file order as a set: one thread writes a row it cannot read at once, and a record it cannot decode with its batch.
        rejects: readFileSync(`${path}.rejects.csv`, "utf8")
          .trimEnd()
          .split("\n")
          .map((l, i) => (i === 0 ? l : l.split(",")[0]!.padStart(9, "0") + l.slice(l.indexOf(","))))
          .sort(),
        exported: cli(db, ["export", "--round", "2564"]).stdout
      }
    })
    expect(runs[0]!.summary).toEqual({ read: 600, inserted: 596, updated: 0, unchanged: 0, rejected: 4 })
    expect(runs[0]!.rejects.map((l) => l.split(",").slice(0, 2).join(","))).toEqual([
      "000000003,members[0].birthDate",
      "000000004,(record)",
      "000000041,houseCode",
      "000000042,surveyYear",
      "line,field"
    ])
    expect(runs[1]).toEqual(runs[0])
    const unreadable = cli(sqlite(), ["import", write("no-header.csv", "a,b\n1,2\n"), "--jobs", "2"])
    expect(unreadable.status).toBe(2)
    expect(unreadable.stderr).toContain("no header row")
    expect(cli(sqlite(), ["import", province, "--jobs", "3"]).stderr).toContain("--jobs 3: expected 1")
  })

  it("stops the reader thread and fails promptly, naming the database's error, when a batch cannot be stored", async () => {
    const db = sqlite()
    expect(cli(db, ["db", "migrate"]).status).toBe(0)
    const { Database } = await import("@phungpao/db")
    const handle = Database.open({ engine: "sqlite", file: db.slice("sqlite:".length) })
    await handle.transaction(async (_tx, native) => {
      if (native.engine === "sqlite") native.prepare("create trigger poison before insert on member begin select raise(abort, 'disk on fire'); end").run()
    })
    await handle.close()
    const r = spawnSync(process.execPath, [main, "import", province, "--jobs", "2", "--batch-size", "100"], {
      encoding: "utf8",
      cwd: dir,
      env: { ...process.env, DATABASE_URL: db },
      timeout: 30_000
    })
    expect(r.signal).toBeNull()
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("disk on fire")
  })

  it("reads a Thai-headed CSV in TIS-620 with B.E. dates", () => {
    const utf8 = readFileSync(sample, "utf8").replace(/^\uFEFF/, "")
    const tis = new Uint8Array([...utf8].map((ch) => {
      const code = ch.codePointAt(0)!
      return code >= 0x0e01 && code <= 0x0e5b ? code - 0x0e01 + 0xa1 : code
    }))
    const path = join(dir, "survey-tis620.csv")
    writeFileSync(path, tis)
    const db = sqlite()
    const r = cli(db, ["import", path, "--format", "json"])
    expect(JSON.parse(r.stdout)).toMatchObject({ rejected: 0 })
    const fromUtf8 = sqlite()
    cli(fromUtf8, ["import", sample])
    const exported = cli(db, ["export", "--round", "2564"]).stdout
    expect(exported).toBe(cli(fromUtf8, ["export", "--round", "2564"]).stdout)
    expect(exported).toContain('"surveyedOn":"2021-03-26"')
    expect(exported).toContain("บุญส่ง")
  })

  it("survives being killed mid-import: the next run completes with no duplicate and no loss", async () => {
    // Big enough to be read for a few seconds: batches commit about once a second (30,000
    // households were once imported whole before the first commit was seen).
    const households = 60000
    const big = write("big.ndjson", generate(households, 5))
    const db = sqlite()
    expect(cli(db, ["db", "migrate"]).status).toBe(0)
    const child = spawn(process.execPath, [main, "import", big, "--batch-size", "300"], {
      env: { ...process.env, DATABASE_URL: db },
      stdio: "ignore"
    })
    // Kill it once some batches have committed, well before the end.
    const { Database } = await import("@phungpao/db")
    const handle = Database.open({ engine: "sqlite", file: db.slice("sqlite:".length) })
    const stored = async () => Number((await handle.db.selectFrom("household" as never).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow() as { n: number }).n)
    const exited = new Promise((resolve) => child.on("exit", resolve))
    while ((await stored()) < 900) await new Promise((resolve) => setTimeout(resolve, 20))
    child.kill("SIGKILL")
    await exited
    const atKill = await stored()
    await handle.close()
    expect(atKill).toBeGreaterThanOrEqual(900)
    expect(atKill).toBeLessThan(households)
    const resumed = JSON.parse(cli(db, ["import", big, "--format", "json"]).stdout)
    expect(resumed.read).toBe(households)
    expect(resumed.inserted + resumed.unchanged).toBe(households)
    expect(resumed.updated).toBe(0)
    const exported = cli(db, ["export", "--round", "2564"]).stdout.trimEnd().split("\n")
    expect(exported).toHaveLength(households)
    expect(new Set(exported.map((l) => JSON.parse(l).houseCode)).size).toBe(households)
  })
})

describe("the database schema", () => {
  it("refuses a database migrated by a newer program", async () => {
    const db = sqlite()
    expect(cli(db, ["db", "migrate"]).stdout).toContain("database migrated to schema")
    expect(cli(db, ["db", "migrate"]).stdout).toContain("database is up to date")
    const { Database } = await import("@phungpao/db")
    const handle = Database.open({ engine: "sqlite", file: db.slice("sqlite:".length) })
    await handle.db.insertInto("kysely_migration" as never).values({ name: "2999-01-01-001-future", timestamp: new Date().toISOString() } as never).execute()
    await handle.close()
    const r = cli(db, ["report", "--round", "2564", "--by", "district"])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("database schema 2999-01-01-001-future is newer than this program")
  })
})
