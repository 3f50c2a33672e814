// The main job, for now: generate a Sisaket-sized province (seeded, so every run is the
// same), evaluate every household under tpmap-2565 and print the district report.
import { spawnSync } from "node:child_process"
import { mkdirSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`
const data = `${root}data`
const households = process.env["PHUNGPAO_HOUSEHOLDS"] ?? "400000"
const records = `${data}/sisaket-2564.ndjson`
const decisions = `${data}/sisaket-2564.decisions.ndjson`

const step = (title, args, stdout = "inherit") => {
  process.stderr.write(`\n▶ ${title}\n`)
  const started = Date.now()
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: ["ignore", stdout, "inherit"] })
  if (r.status !== 0) {
    process.stderr.write(`main job: step failed (exit ${r.status})\n`)
    process.exit(r.status ?? 2)
  }
  process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

mkdirSync(data, { recursive: true })
step(`generate ${Number(households).toLocaleString("en-US")} households of Sisaket (33), seed 2565 → ${records}`, [
  "generate", "--province", "33", "--households", households, "--seed", "2565", "--out", records
])
process.stderr.write(`  ${(statSync(records).size / 2 ** 20).toFixed(0)} MiB\n`)
const { openSync, closeSync } = await import("node:fs")
const out = openSync(decisions, "w")
step(`evaluate rule set tpmap-2565 → ${decisions}`, ["evaluate", records, "--format", "json"], out)
closeSync(out)
step("district report (รายงานรายอำเภอ)", ["report", records, "--by", "district", "--lang", "th"])
step("district report (English)", ["report", records, "--by", "district", "--lang", "en"])
