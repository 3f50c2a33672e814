// The main job: a Sisaket-sized province (seeded, so every run is the same) goes into the
// embedded registry (the SQLite file data/phungpao.db unless DATABASE_URL names another),
// is evaluated under tpmap-2565 with every decision stored, and reported by district.
import { spawnSync } from "node:child_process"
import { mkdirSync, rmSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`
const data = `${root}data`
const households = process.env["PHUNGPAO_HOUSEHOLDS"] ?? "400000"
const records = `${data}/sisaket-2564.ndjson`
const env = { ...process.env, DATABASE_URL: process.env["DATABASE_URL"] ?? `sqlite:${data}/phungpao.db` }

const step = (title, args) => {
  process.stderr.write(`\n▶ ${title}\n`)
  const started = Date.now()
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: ["ignore", "inherit", "inherit"], cwd: root, env })
  if (r.status !== 0) {
    process.stderr.write(`main job: step failed (exit ${r.status})\n`)
    process.exit(r.status ?? 2)
  }
  process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

mkdirSync(data, { recursive: true })
if (process.env["DATABASE_URL"] === undefined) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${data}/phungpao.db${suffix}`, { force: true })
}
step(`generate ${Number(households).toLocaleString("en-US")} households of Sisaket (33), seed 2565 → ${records}`, [
  "generate", "--province", "33", "--households", households, "--seed", "2565", "--out", records
])
process.stderr.write(`  ${(statSync(records).size / 2 ** 20).toFixed(0)} MiB\n`)
step(`import into the registry (${env.DATABASE_URL})`, ["import", records, "--round", "2564", "--lang", "en"])
step("evaluate round 2564 under tpmap-2565, storing every decision", ["evaluate", "--round", "2564", "--lang", "en"])
step("district report (รายงานรายอำเภอ)", ["report", "--round", "2564", "--by", "district", "--lang", "th"])
step("district report (English)", ["report", "--round", "2564", "--by", "district", "--lang", "en"])
