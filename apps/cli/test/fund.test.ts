import { spawn, spawnSync } from "node:child_process"
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type CalendarDate, FiscalYear } from "@phungpao/domain"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { acting } from "./acting.js"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-fund-"))
const pgUrl = (process.env["PHUNGPAO_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/phungpao_test").replace(/\/([^/]*)$/, "/$1_cli_fund")
const pgDatabase = decodeURIComponent(new URL(pgUrl).pathname.slice(1))

/** The program as it runs, with no token unless `env` gives one. */
const raw = (database: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: database, ...env } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
/** The program with the token of the user `--as` names (see `acting`). */
const { cli, tokenOf, forget } = acting(raw)

let fileCount = 0
const write = (name: string, text: string) => {
  const path = join(dir, `${++fileCount}-${name}`)
  writeFileSync(path, text)
  return path
}
const sqlite = () => `sqlite:${join(dir, `fund-${++fileCount}.db`)}`

/** A fresh PostgreSQL database of this test file's own (the registry's tests use another). */
const postgres = async () => {
  const admin = new pg.Client({ connectionString: pgUrl.replace(/\/[^/]*$/, "/postgres") })
  await admin.connect()
  await admin.query(`drop database if exists "${pgDatabase}" with (force)`)
  await admin.query(`create database "${pgDatabase}"`)
  await admin.end()
  forget(pgUrl)
  return pgUrl
}

/** Runs fund commands in one process, from a batch file. */
const batch = (database: string, lines: ReadonlyArray<string>, ...options: ReadonlyArray<string>) =>
  cli(database, ["fund", "batch", write("batch.txt", lines.join("\n")), ...options])

/** The fund's people as stored users: the provincial centre, three committee members, a treasurer and a district's mentor. */
const people = [
  ["pc-1", "provincialCentre", ""],
  ["m1", "fundCommittee", "33"],
  ["m2", "fundCommittee", "33"],
  ["m3", "fundCommittee", "33"],
  ["t1", "treasurer", "33"],
  ["mentor-3301", "mentor", "3301"]
] as const

/** A valid citizen ID for a serial number (person type 1, the serial, its check digit). */
const citizenId = (serial: number) => {
  const first12 = `1${String(serial).padStart(11, "0")}`
  const sum = [...first12].reduce((n, d, i) => n + Number(d) * (13 - i), 0)
  return `${first12}${(11 - (sum % 11)) % 10}`
}

/** The households the tests ask money for, one member each, in round 2564 of the registry: a request for a house in no round is refused. */
const registry = (() => {
  const houses = [
    ...Array.from({ length: 6 }, (_, i) => [`3301000000${i}`, "33010101"]),
    ...Array.from({ length: 2 }, (_, i) => [`3302000000${i}`, "33020101"]),
    ["33030000001", "33030101"]
  ]
  const records = houses.map(([houseCode, villageCode], i) => ({
    houseCode,
    villageCode,
    surveyYear: 2564,
    surveyedOn: "2021-06-15",
    welfareCard: "none",
    members: [{ citizenId: citizenId(7_000 + i), firstName: "ทดสอบ", lastName: "ครัวเรือน", sex: "female", birthDate: "1980-01-01", relation: "head" }]
  }))
  return write("registry.ndjson", `${records.map((r) => JSON.stringify(r)).join("\n")}\n`)
})()

/** A fresh database with the fund's people stored (`user add`, as the province's operator does) and the households in the registry. */
const withPeople = (db: string) => {
  for (const [id, role, scope] of people) {
    const r = cli(db, ["user", "add", "--id", id, "--name", `ผู้ใช้ ${id}`, "--role", role, ...(scope === "" ? [] : ["--scope", scope]), "--key", `user-${id}`])
    if (r.status !== 0) throw new Error(`user add ${id}: ${r.stderr}`)
  }
  const imported = cli(db, ["import", registry, "--lang", "en"])
  if (imported.status !== 0) throw new Error(`import: ${imported.stdout}${imported.stderr}`)
  return db
}

const setup = [
  "# 2 of 3, one treasurer; 3,000 baht a request, 9,000 a household a year",
  "configure --quorum 2 --committee m1,m2,m3 --treasurers t1 --ceiling 3000 --cap 9000 --as pc-1 --key cfg-1",
  'contributor add --id c-1 --kind company --name "บริษัท ศรีสะเกษรุ่งเรือง จำกัด" --key c-1',
  'contributor add --id c-2 --name "นางสาวสมศรี ใจดี" --anonymous --key c-2',
  "receipt add --reference KTB-0001 --date 01/03/2565 --amount 50,000.00 --contributor c-1 --as t1 --key rc-1",
  "receipt add --reference KTB-0002 --date 2022-03-02 --amount 5000 --contributor c-2 --pool-purpose school-uniforms --as t1 --key rc-2"
]

const engines: ReadonlyArray<readonly [string, () => Promise<string> | string]> = [
  ["SQLite", sqlite],
  ["PostgreSQL", postgres]
]

// Each test starts the program a dozen times; PostgreSQL start-ups are the slow part.
describe.each(engines)("the fund on %s", { timeout: 240_000 }, (_, database) => {
  it("takes a request through its life and refuses what the rules forbid, exit 2 with the record and reason", async () => {
    const db = withPeople(await database())
    const setUp = batch(db, setup)
    expect(setUp.stderr).toBe("")
    expect(setUp.status).toBe(0)
    const requested = cli(db, ["fund", "request", "add", "--house", "33010000001", "--village", "33010101", "--purpose", "school-uniforms", "--amount", "1,500", "--as", "mentor-3301", "--key", "q-1", "--format", "json"])
    expect(requested.status).toBe(0)
    expect(JSON.parse(requested.stdout)).toMatchObject({ id: "R-1", houseCode: "33010000001", amount: 150_000, requester: "mentor-3301", state: { _tag: "requested" } })

    const outside = cli(db, ["fund", "request", "add", "--house", "33020000001", "--village", "33020101", "--purpose", "school-uniforms", "--amount", "100", "--as", "mentor-3301", "--key", "q-2", "--lang", "en"])
    expect(outside.status).toBe(2)
    expect(outside.stderr).toContain("village 33020101 is outside the areas of mentor-3301")

    const tooMuch = cli(db, ["fund", "request", "add", "--house", "33010000001", "--village", "33010101", "--purpose", "school-uniforms", "--amount", "3,000.01", "--as", "mentor-3301", "--key", "q-3", "--lang", "en"])
    expect(tooMuch.status).toBe(2)
    expect(tooMuch.stderr).toContain("3,000.01 baht is over the ceiling per request of 3,000.00 baht")
    // Thai unless asked: the same refusal from the one table of refusals
    const tooMuchTh = cli(db, ["fund", "request", "add", "--house", "33010000001", "--village", "33010101", "--purpose", "school-uniforms", "--amount", "3,000.01", "--as", "mentor-3301", "--key", "q-3"])
    expect(tooMuchTh.stderr).toContain("3,000.01 บาท เกินวงเงินต่อคำขอ 3,000.00 บาท")
    const nobody = cli(db, ["fund", "approve", "R-1", "--as", "mallory", "--key", "a-0", "--lang", "en"])
    expect([nobody.status, nobody.stderr]).toEqual([
      2,
      "phungpao: acting as mallory needs mallory's API token: set PHUNGPAO_TOKEN (or --token-file FILE; in a batch, --tokens FILE) to the token 'pnpm cli token create --user mallory' printed\n"
    ])

    const unknownHouse = cli(db, ["fund", "request", "add", "--house", "33019999999", "--village", "33010101", "--purpose", "school-uniforms", "--amount", "100", "--as", "mentor-3301", "--key", "q-5", "--lang", "en"])
    expect(unknownHouse.status).toBe(2)
    expect(unknownHouse.stderr).toBe("phungpao: household 33019999999 is in no survey round of the registry: import its record first ('pnpm cli import FILE')\n")

    const badVillage = cli(db, ["fund", "request", "add", "--house", "33010000001", "--village", "3301", "--purpose", "school-uniforms", "--amount", "100", "--key", "q-4"])
    expect(badVillage.status).toBe(2)
    expect(badVillage.stderr).toMatch(/fund request add: [\s\S]*villageCode[\s\S]*must be 8 digits/)

    expect(cli(db, ["fund", "approve", "R-1", "--as", "m1", "--key", "a-1"]).status).toBe(0)
    const twice = cli(db, ["fund", "approve", "R-1", "--as", "m1", "--key", "a-1b", "--lang", "en"])
    expect(twice.status).toBe(2)
    expect(twice.stderr).toContain("m1 already approved request R-1")
    const reserved = cli(db, ["fund", "approve", "R-1", "--as", "m2", "--key", "a-2", "--lang", "en"])
    expect(reserved.stdout).toBe("request R-1: 1,500.00 baht for household 33010000001 (school-uniforms) — approved, money reserved\n")
    const notTreasurer = cli(db, ["fund", "pay", "R-1", "--as", "m3", "--transfer", "TRF-0042", "--key", "p-0", "--lang", "en"])
    expect(notTreasurer.status).toBe(2)
    expect(notTreasurer.stderr).toContain("m3 may not pay")
    expect(cli(db, ["fund", "pay", "R-1", "--as", "t1", "--transfer", "TRF-0042", "--date", "05/03/2565", "--key", "p-1"]).status).toBe(0)
    const late = cli(db, ["fund", "cancel", "R-1", "--as", "m1", "--key", "x-1", "--lang", "en"])
    expect(late.status).toBe(2)
    expect(late.stderr).toContain("request R-1 is paid: it cannot cancel")

    const balances = JSON.parse(cli(db, ["fund", "balances", "--format", "json"]).stdout)
    expect(balances).toEqual({
      bank: 5_350_000,
      disbursed: 150_000,
      pools: [
        { pool: { purpose: "school-uniforms" }, available: 500_000, reserved: 0, spent: 0 },
        { pool: {}, available: 4_850_000, reserved: 0, spent: 150_000 }
      ]
    })
    const shown = JSON.parse(cli(db, ["fund", "request", "show", "R-1", "--format", "json"]).stdout)
    expect(shown.state).toMatchObject({ _tag: "paid", transferReference: "TRF-0042", paidOn: "2022-03-05", by: "t1" })
    expect(cli(db, ["fund", "request", "show", "R-9", "--lang", "en"]).stderr).toContain("no request R-9")
  })

  it("lets nobody move the fund's money alone: a name needs its token, the operator holds no seat, the settings need a quorum", async () => {
    const db = withPeople(await database())
    const money = ["--ceiling", "3000", "--cap", "9000"]
    // One shell user typing names: refused, nothing written
    const typed = raw(db, ["fund", "request", "add", "--house", "33010000001", "--village", "33010101", "--purpose", "school-uniforms", "--amount", "100", "--as", "mentor-3301", "--key", "q-x", "--lang", "en"])
    expect([typed.status, typed.stderr]).toEqual([
      2,
      "phungpao: acting as mentor-3301 needs mentor-3301's API token: set PHUNGPAO_TOKEN (or --token-file FILE; in a batch, --tokens FILE) to the token 'pnpm cli token create --user mentor-3301' printed\n"
    ])
    expect(raw(db, ["fund", "approve", "R-1", "--as", "m1", "--key", "a-x"]).stderr).toContain("การทำในนาม m1 ต้องใช้โทเค็นของ m1")
    // The first settings are the provincial centre's, not the operator's, and never a fund of one
    const operator = raw(db, ["fund", "configure", "--quorum", "1", "--committee", "mallory", "--treasurers", "mallory", ...money, "--key", "cfg-x", "--lang", "en"])
    expect([operator.status, operator.stderr]).toEqual([2, expect.stringMatching(/^phungpao: cli:.* may not configureFund\n$/)])
    const refusals = [
      [["--quorum", "1", "--committee", "mallory", "--treasurers", "mallory"], "the quorum must be 2 at least: nobody moves the fund's money alone"],
      [["--quorum", "2", "--committee", "m1,m2", "--treasurers", "m2"], "m2 holds two seats: the committee and the treasurers must be different people"],
      [["--quorum", "2", "--committee", "m1,mallory", "--treasurers", "t1"], "no user mallory: add it with 'pnpm cli user add'"],
      [["--quorum", "2", "--committee", "m1,mentor-3301", "--treasurers", "t1"], "mentor-3301 is a mentor: a committee seat needs the role fundCommittee"],
      [["--quorum", "2", "--committee", "m1,m2", "--treasurers", "m3"], "m3 is a fundCommittee: a treasurer seat needs the role treasurer"]
    ] as const
    for (const [seats, text] of refusals) {
      const refused = cli(db, ["fund", "configure", ...seats, ...money, "--as", "pc-1", "--key", `cfg-${text.length}`, "--lang", "en"])
      expect([refused.status, refused.stderr]).toEqual([2, `phungpao: ${text}\n`])
    }
    expect(raw(db, ["fund", "settings", "show", "--lang", "en"]).stderr).toContain("the fund has no settings yet")
    expect(batch(db, setup).status).toBe(0)
    const again = cli(db, ["fund", "configure", "--quorum", "2", "--committee", "m1,m2", "--treasurers", "t1", ...money, "--as", "pc-1", "--key", "cfg-2", "--lang", "en"])
    expect([again.status, again.stderr]).toEqual([2, "phungpao: the fund is configured already: propose a change with 'pnpm cli fund settings propose' for the committee to approve\n"])

    expect(cli(db, ["fund", "request", "add", "--house", "33010000001", "--village", "33010101", "--purpose", "school-uniforms", "--amount", "100", "--as", "mentor-3301", "--key", "q-1"]).status).toBe(0)
    // Another user's token does not make one m2, and the operator approves nothing
    const borrowed = raw(db, ["fund", "approve", "R-1", "--as", "m2", "--key", "a-x", "--lang", "en"], { PHUNGPAO_TOKEN: tokenOf(db, "m1")! })
    expect([borrowed.status, borrowed.stderr]).toEqual([2, "phungpao: the API token is m1's, not m2's: give m2's token, or leave out --as\n"])
    for (const step of [["approve", "R-1"], ["reject", "R-1", "--reason", "no"], ["pay", "R-1", "--transfer", "TRF-1"]]) {
      expect(raw(db, ["fund", ...step, "--key", `op-${step[0]}`, "--lang", "en"]).stderr).toMatch(new RegExp(`^phungpao: cli:.* may not ${step[0]}\n$`))
    }
    // A batch acts only as the users its tokens stand for, from a file only its owner reads
    const m1Only = write("m1.tokens", `${tokenOf(db, "m1")}\n`)
    chmodSync(m1Only, 0o600)
    const forged = raw(db, ["fund", "batch", write("forged.txt", "approve R-1 --as m1 --key b-1\napprove R-1 --as m2 --key b-2\n"), "--tokens", m1Only, "--lang", "en"])
    expect([forged.status, forged.stderr]).toEqual([2, expect.stringMatching(/forged\.txt: line 2: acting as m2 needs m2's API token/)])
    expect(JSON.parse(cli(db, ["fund", "request", "show", "R-1", "--format", "json"]).stdout).approvals.map((a: { member: string }) => a.member)).toEqual(["m1"])
    const readable = write("open.tokens", `${tokenOf(db, "m2")}\n`)
    chmodSync(readable, 0o644)
    const open = raw(db, ["fund", "batch", write("open.txt", "approve R-1 --as m2 --key b-3\n"), "--tokens", readable])
    expect([open.status, open.stderr]).toEqual([2, expect.stringMatching(/--tokens .*open\.tokens: others may read it; make it readable by its owner only/)])

    // A change of the settings: the province proposes, the committee in office applies it with its quorum
    const proposal = ["--quorum", "3", "--committee", "m1,m2,m3", "--treasurers", "t1", "--ceiling", "2000", "--cap", "9000"]
    const byMember = cli(db, ["fund", "settings", "propose", ...proposal, "--as", "m1", "--key", "s-x", "--lang", "en"])
    expect(byMember.stderr).toBe("phungpao: m1 may not proposeSettings\n")
    const proposed = cli(db, ["fund", "settings", "propose", ...proposal, "--as", "pc-1", "--key", "s-1", "--format", "json"])
    expect(JSON.parse(proposed.stdout)).toMatchObject({ id: "S-2", proposedBy: "pc-1", approvals: [], state: { _tag: "open" } })
    expect(cli(db, ["fund", "settings", "approve", "S-2", "--as", "m1", "--key", "s-1-m1"]).status).toBe(0)
    expect(JSON.parse(cli(db, ["fund", "settings", "show", "--format", "json"]).stdout).settings.ceilingPerRequest).toBe(300_000)
    const twice = cli(db, ["fund", "settings", "approve", "S-2", "--as", "m1", "--key", "s-1-m1b", "--lang", "en"])
    expect(twice.stderr).toBe("phungpao: m1 already approved settings change S-2\n")
    const applied = cli(db, ["fund", "settings", "approve", "S-2", "--as", "m2", "--key", "s-1-m2", "--lang", "en"])
    expect(applied.stdout).toBe(
      "settings change S-2 proposed by pc-1, approved by m1, m2 — applied: quorum 3 of 3 (m1, m2, m3), treasurers t1, ceiling per request 2,000.00 baht, cap per household per fiscal year 9,000.00 baht\n"
    )
    expect(cli(db, ["fund", "settings", "approve", "S-2", "--as", "m3", "--key", "s-1-m3", "--lang", "en"]).stderr).toBe("phungpao: settings change S-2 is applied: it cannot be approved\n")
    const shown = JSON.parse(cli(db, ["fund", "settings", "show", "--format", "json"]).stdout)
    expect(shown.settings).toMatchObject({ quorum: 3, ceilingPerRequest: 200_000 })
    expect(shown.changes.map((c: { id: string; state: { _tag: string } }) => [c.id, c.state._tag])).toEqual([["S-1", "applied"], ["S-2", "applied"]])
    expect(cli(db, ["fund", "settings", "show", "--lang", "en"]).stdout).toMatch(/^the fund's settings in force: quorum 3 of 3 .*\nsettings change S-1 proposed by pc-1 — applied: quorum 2 of 3/)
  })

  it("returns the first result for a replayed key and refuses the key for other content", async () => {
    const db = withPeople(await database())
    batch(db, setup.slice(0, 2))
    const args = ["fund", "receipt", "add", "--reference", "KTB-0009", "--date", "2022-03-09", "--amount", "700", "--as", "t1", "--key", "bank-2022-03-09-1", "--format", "json"]
    const first = cli(db, args)
    const again = cli(db, args)
    expect(first.status).toBe(0)
    expect(again.stdout).toBe(first.stdout)
    expect(JSON.parse(cli(db, ["fund", "receipt", "list", "--format", "json"]).stdout)).toHaveLength(1)
    const other = cli(db, [...args.map((a) => (a === "700" ? "800" : a)), "--lang", "en"])
    expect(other.status).toBe(2)
    expect(other.stderr).toContain("idempotency key bank-2022-03-09-1 was already used for a different recordReceipt")
    const unkeyed = cli(db, ["fund", "receipt", "add", "--reference", "KTB-0010", "--date", "2022-03-10", "--amount", "10", "--as", "t1"])
    expect(unkeyed.status).toBe(0)
    expect(unkeyed.stderr).toMatch(/^คีย์ของคำสั่ง: [0-9a-f-]{36} /)
    // A line's own --lang says its refusal, amounts in baht
    const english = batch(db, ["request add --house 33010000001 --village 33010101 --purpose school-uniforms --amount 3,000.01 --as mentor-3301 --key z-0 --lang en"])
    expect([english.status, english.stderr]).toEqual([2, expect.stringMatching(/batch\.txt: line 1: 3,000\.01 baht is over the ceiling per request of 3,000\.00 baht\n$/)])
    const stopped = batch(db, ["balances", "approve R-99 --as m1 --key z-1", 'receipt add --reference "KTB 0011" --date 2022-03-11 --amount 1 --as t1 --key z-2'], "--lang", "en")
    expect(stopped.status).toBe(2)
    expect(stopped.stderr).toMatch(/batch\.txt: line 2: no request R-99\n/)
    expect(JSON.parse(cli(db, ["fund", "receipt", "list", "--format", "json"]).stdout)).toHaveLength(2)
  })

  it("refuses a bank reference booked before under another key, trimmed and case-folded", async () => {
    const db = withPeople(await database())
    batch(db, setup.slice(0, 2))
    const args = (reference: string, key: string) => ["fund", "receipt", "add", "--reference", reference, "--date", "2022-03-09", "--amount", "10,000,000", "--as", "t1", "--key", key, "--lang", "en"]
    expect(cli(db, args("KTB-7777", "k-1")).status).toBe(0)
    for (const [reference, key] of [["KTB-7777", "k-2"], ["ktb-7777", "k-3"]] as const) {
      const again = cli(db, args(reference, key))
      expect(again.status).toBe(2)
      expect(again.stderr).toContain(`bank reference ${reference} was already booked as receipt RC-1: not booked again`)
    }
    expect(JSON.parse(cli(db, ["fund", "receipt", "list", "--format", "json"]).stdout)).toHaveLength(1)
    const huge = cli(db, ["fund", "receipt", "add", "--reference", "KTB-HUGE", "--date", "2022-03-09", "--amount", "90,071,992,547,409.91", "--as", "t1", "--key", "k-9", "--lang", "en"])
    expect(huge.status).not.toBe(0)
    expect(JSON.parse(cli(db, ["fund", "receipt", "list", "--format", "json"]).stdout)).toHaveLength(1)
  })

  it("keys a batch's lines without --key by the file and line, so a re-run, even after kill -9, books nothing twice", async () => {
    const db = withPeople(await database())
    expect(batch(db, setup.slice(0, 2)).status).toBe(0)
    const lines = Array.from({ length: 60 }, (_, i) => `receipt add --reference KTB-B${i + 1} --date 2022-03-09 --amount ${i + 1} --as t1`)
    const file = write("unkeyed.txt", `# no --key on any line\n${lines.join("\n")}\n`)
    // Killed once the first lines are booked, then run again, twice.
    const killed = await new Promise<number>((resolve) => {
      const tokens = write("unkeyed.tokens", `${tokenOf(db, "t1")}\n`)
      chmodSync(tokens, 0o600)
      const child = spawn(process.execPath, [main, "fund", "batch", file, "--tokens", tokens], { cwd: dir, env: { ...process.env, DATABASE_URL: db } })
      let printed = 0
      child.stdout.on("data", (chunk: Buffer) => {
        printed += chunk.toString("utf8").split("\n").length - 1
        if (printed >= 3) child.kill("SIGKILL")
      })
      child.on("close", () => resolve(printed))
    })
    expect(killed).toBeGreaterThanOrEqual(3)
    const partly = JSON.parse(cli(db, ["fund", "receipt", "list", "--format", "json"]).stdout)
    expect(partly.length).toBeLessThan(60)
    const rerun = cli(db, ["fund", "batch", file])
    expect(rerun.stderr).toBe("")
    expect(rerun.status).toBe(0)
    const again = cli(db, ["fund", "batch", file])
    expect([again.status, again.stdout]).toEqual([0, rerun.stdout])
    const receipts = JSON.parse(cli(db, ["fund", "receipt", "list", "--format", "json"]).stdout)
    expect(receipts.map((r: { bankReference: string }) => r.bankReference).sort()).toEqual(lines.map((_, i) => `KTB-B${i + 1}`).sort())
    expect(JSON.parse(cli(db, ["fund", "balances", "--format", "json"]).stdout).bank).toBe(100 * ((60 * 61) / 2))
  })

  it("reconciles a bank statement: matched, mismatched and unmatched on both sides, exit 1", async () => {
    const db = withPeople(await database())
    expect(batch(db, [
      ...setup,
      "receipt add --reference KTB-0003 --date 2022-03-03 --amount 800 --as t1 --key rc-3",
      "request add --house 33010000001 --village 33010101 --purpose school-uniforms --amount 1500 --key q-1",
      "approve R-1 --as m1 --key a-1",
      "approve R-1 --as m2 --key a-2",
      "pay R-1 --as t1 --transfer TRF-0042 --date 2022-03-05 --key p-1"
    ]).status).toBe(0)
    const statement = write(
      "statement.csv",
      [
        "\ufeffวันที่ทำรายการ,รายการ,เลขที่อ้างอิง,ถอน/เดบิต,ฝาก/เครดิต,คงเหลือ",
        "01/03/2565,รับโอน,KTB-0001,,\"50,000.00\",\"50,000.00\"",
        "02/03/2565,รับโอน,KTB-0002,,\"4,000.00\",\"54,000.00\"",
        "05/03/2565,โอนเงิน TRF-0042,,\"1,500.00\",,\"52,500.00\"",
        "31/03/2565,ค่าธรรมเนียม,,25.00,,\"52,475.00\"",
        "31/03/2565,ดอกเบี้ย,,,abc,"
      ].join("\n")
    )
    const result = cli(db, ["fund", "reconcile", statement, "--format", "json"])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain("row 6: credit: \"abc\" is not an amount in baht")
    const json = JSON.parse(result.stdout)
    expect(json.matched.map((m: { entry: { id: string } }) => m.entry.id)).toEqual(["RC-1", "R-1"])
    expect(json.mismatched).toMatchObject([{ line: { line: 3 }, entry: { id: "RC-2", amount: 500_000 }, difference: -100_000 }])
    expect(json.unmatchedLines.map((l: { line: number }) => l.line)).toEqual([5])
    expect(json.unmatchedEntries.map((e: { id: string }) => e.id)).toEqual(["RC-3"])
    expect(json.rejectedLines).toBe(1)
    const table = cli(db, ["fund", "reconcile", statement, "--lang", "en"])
    expect(table.stdout).toContain("reconciliation 2022-03-01 – 2022-03-31: matched 2 · amount differs 1 · not in the books 1 · not on the statement 1")
  })

  it("publishes no household and hides figures about fewer than 5; the committee sees every household against the cap", async () => {
    const db = withPeople(await database())
    const lines = [...setup]
    const pay = (house: string, village: string, n: number, month: string) =>
      lines.push(
        `request add --house ${house} --village ${village} --purpose school-uniforms --amount 1000 --key q-${n}`,
        `approve R-${n} --as m1 --key a1-${n}`,
        `approve R-${n} --as m2 --key a2-${n}`,
        `pay R-${n} --as t1 --transfer TRF-${n} --date 2022-${month}-10 --key p-${n}`
      )
    let n = 0
    for (let i = 0; i < 6; i++) pay(`3301000000${i}`, "33010101", ++n, "03")
    for (let i = 0; i < 2; i++) pay(`3302000000${i}`, "33020101", ++n, "03")
    lines.push("request add --house 33030000001 --village 33030101 --purpose school-uniforms --amount 500 --key q-waiting")
    const ran = batch(db, lines)
    expect(ran.stderr).toBe("")
    expect(ran.status).toBe(0)

    const report = cli(db, ["fund", "report", "public", "--format", "json"])
    expect(report.status).toBe(0)
    expect(report.stdout).not.toMatch(/330[123]0{6}\d/)
    expect(report.stdout).not.toContain("สมศรี")
    const json = JSON.parse(report.stdout)
    expect(json.moneyOut.total).toEqual({ key: "total", suppressed: false, households: 8, requests: 8, amount: 800_000 })
    expect(json.moneyOut.byDistrict).toEqual([
      { key: "3301", suppressed: true, nameTh: "เมืองศรีสะเกษ", nameEn: "Mueang Si Sa Ket" },
      { key: "3302", suppressed: true, nameTh: "ยางชุมน้อย", nameEn: "Yang Chum Noi" }
    ])
    expect(json.contributors.named).toEqual([{ name: "บริษัท ศรีสะเกษรุ่งเรือง จำกัด", kind: "company", receipts: 1, amount: 5_000_000 }])
    expect(json.contributors.anonymous).toEqual({ contributors: 1, receipts: 1, amount: 500_000 })

    const csv = cli(db, ["fund", "report", "public", "--format", "csv", "--lang", "en"]).stdout
    expect(csv).toContain("moneyOut.byDistrict,3301,Mueang Si Sa Ket,amount,suppressed\n")
    expect(csv).toContain("moneyOut,total,total,amount,8000.00\n")
    const table = cli(db, ["fund", "report", "public"]).stdout
    expect(table).toMatch(/เมืองศรีสะเกษ +ปกปิด\n/)

    const committee = JSON.parse(cli(db, ["fund", "report", "committee", "--format", "json"]).stdout)
    expect(committee.pending).toMatchObject([{ id: "R-9", state: "requested", houseCode: "33030000001", approvals: 0, quorum: 2 }])
    expect(committee.households).toHaveLength(9)
    // Requests are dated when made: today in Thailand.
    const fiscalYear = FiscalYear.of(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10) as CalendarDate.IsoDate)
    expect(committee.households[0]).toEqual({ houseCode: "33010000000", fiscalYear, requests: 1, reserved: 0, paid: 100_000, cap: 900_000, remaining: 800_000 })
    expect(committee.movements).toHaveLength(2 + 8 * 2)
    expect(cli(db, ["fund", "report", "committee", "--format", "csv"]).stdout).toContain(`households,33020000001/${fiscalYear},33020000001,paid,1000.00\n`)
    // A name holding terminal control sequences is shown as text, never run by the terminal
    const hostile = "\u001b]0;pwned\u0007\u001b[2J"
    expect(batch(db, [`contributor add --id c-x --kind company --name "บริษัท ${hostile}" --key c-x`, "receipt add --reference KTB-0099 --date 2022-03-09 --amount 10 --contributor c-x --as t1 --key rc-x"]).status).toBe(0)
    for (const args of [["fund", "contributor", "list"], ["fund", "report", "public"]]) {
      const shown = cli(db, [...args, "--lang", "en"]).stdout
      expect([args.join(" "), shown]).toEqual([args.join(" "), expect.stringContaining("บริษัท \\x1b]0;pwned\\x07\\x1b[2J")])
      expect([args.join(" "), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(shown)]).toEqual([args.join(" "), false])
    }
  })
})
