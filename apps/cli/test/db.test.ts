import SqliteDatabase from "better-sqlite3"
import { spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { Migrations } from "@phungpao/db"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-db-"))
const pgUrl = (process.env["PHUNGPAO_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/phungpao_test").replace(/\/([^/]*)$/, "/$1_cli_db")
const pgDatabase = decodeURIComponent(new URL(pgUrl).pathname.slice(1))

const cli = (database: string, args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: database } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

let fileCount = 0

/** A fresh database of an engine, and how to run raw SQL on it as its administrator could. */
const engines: ReadonlyArray<readonly [string, () => Promise<{ readonly url: string; readonly exec: (text: string) => Promise<void> }>]> = [
  [
    "SQLite",
    async () => {
      const file = join(dir, `db-${++fileCount}.db`)
      return {
        url: `sqlite:${file}`,
        exec: async (text) => {
          const raw = new SqliteDatabase(file)
          try {
            raw.exec(text)
          } finally {
            raw.close()
          }
        }
      }
    }
  ],
  [
    "PostgreSQL",
    async () => {
      const admin = new pg.Client({ connectionString: pgUrl.replace(/\/[^/]*$/, "/postgres") })
      await admin.connect()
      await admin.query(`drop database if exists "${pgDatabase}" with (force)`)
      await admin.query(`create database "${pgDatabase}"`)
      await admin.end()
      return {
        url: pgUrl,
        exec: async (text) => {
          const client = new pg.Client({ connectionString: pgUrl })
          await client.connect()
          try {
            await client.query(text)
          } finally {
            await client.end()
          }
        }
      }
    }
  ]
]

describe.each(engines)("db verify and db migrate on %s", (engine, fresh) => {
  it("verify a clean database, printing where each chain ends; migrate says what it always said", async () => {
    const db = await fresh()
    const migrated = cli(db.url, ["db", "migrate"])
    expect([migrated.status, migrated.stdout]).toEqual([0, `database migrated to schema ${Migrations.latest}\n`])
    expect(cli(db.url, ["db", "migrate"]).stdout).toMatch(/^database is up to date \(schema /)
    const verified = cli(db.url, ["db", "verify", "--lang", "en"])
    expect(verified.status).toBe(0)
    expect(verified.stdout).toBe(`books verified: nothing found\nfund_movement: 0 rows, last hash ${"0".repeat(64)}\njourney_logbook: 0 rows, last hash ${"0".repeat(64)}\n`)
    expect(cli(db.url, ["db", "verify"]).stdout).toContain("ตรวจสมุดบัญชีแล้ว ไม่พบสิ่งผิดปกติ")
    expect(JSON.parse(cli(db.url, ["db", "verify", "--format", "json"]).stdout)).toEqual({
      findings: [],
      chains: [
        { table: "fund_movement", rows: 0, last: "0".repeat(64) },
        { table: "journey_logbook", rows: 0, last: "0".repeat(64) }
      ]
    })
  })

  it("fails verify and migrate on a database whose trigger was dropped and whose balance was made up", async () => {
    const db = await fresh()
    expect(cli(db.url, ["db", "migrate"]).status).toBe(0)
    const trigger = engine === "SQLite" ? "fund_posting_no_update" : "fund_posting_append_only"
    await db.exec(engine === "SQLite" ? `drop trigger ${trigger}` : `drop trigger ${trigger} on fund_posting`)
    await db.exec("insert into fund_balance (account, debits, credits) values ('bank', 100000, 0)")
    const verified = cli(db.url, ["db", "verify", "--lang", "en"])
    expect(verified.status).toBe(3)
    expect(verified.stdout).toBe("")
    expect(verified.stderr.split("\n")).toEqual([
      "phungpao: the books do not verify: 2 finding(s)",
      "phungpao: fund_balance account bank: stored totals (debits 100000, credits 0) are not the sums of its postings (debits 0, credits 0)",
      `phungpao: fund_posting: trigger ${trigger} is missing`,
      ""
    ])
    const thai = cli(db.url, ["db", "verify"])
    expect([thai.status, thai.stderr]).toEqual([3, expect.stringContaining(`fund_posting: ไม่มีทริกเกอร์ ${trigger}`)])
    const json = cli(db.url, ["db", "verify", "--format", "json"])
    expect([json.status, JSON.parse(json.stdout).findings.map((f: { _tag: string }) => f._tag)]).toEqual([3, ["BalanceMismatch", "TriggerMissing"]])
    const migrated = cli(db.url, ["db", "migrate", "--lang", "en"])
    expect([migrated.status, migrated.stdout]).toEqual([3, ""])
    expect(migrated.stderr).toContain(`phungpao: fund_posting: trigger ${trigger} is missing`)
  })
})
