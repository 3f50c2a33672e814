// Read speed of each format, on one core: writes Sisaket synthetic households with the
// package's own writers, then reads each file back through SurveyFile.read (without
// validation) three times and keeps the fastest. Run after `pnpm build`:
//   node scripts/bench.mjs [memberRows=200000] [xlsxRows=50000]
import { generate } from "@phungpao/synthetic"
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SurveyFile } from "../dist/index.js"

const rows = Number(process.argv[2] ?? 200_000)
const xlsxRows = Number(process.argv[3] ?? 50_000)
const dir = mkdtempSync(join(tmpdir(), "phungpao-files-bench-"))

let generated = 0

function* households(count) {
  generated = 0
  for (const record of generate({ province: "33", households: count, seed: 2564 })) {
    if (generated >= count) return
    generated += record.members.length
    yield record
  }
}

const cpu = (since) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

try {
  for (const [format, count] of [["csv", rows], ["ndjson", rows], ["json", rows], ["xlsx", xlsxRows]]) {
    const path = join(dir, `survey.${format}`)
    const writeStart = process.cpuUsage()
    await SurveyFile.write(households(count), format, createWriteStream(path))
    const writeSeconds = cpu(writeStart)
    const written = { rows: generated }
    let best = Infinity
    let wall = Infinity
    for (let run = 0; run < 3; run++) {
      const started = performance.now()
      const since = process.cpuUsage()
      let members = 0
      for await (const item of SurveyFile.read(path)) if (item.kind === "record") members += item.value.members.length
      if (members !== written.rows) throw new Error(`${format}: read ${members} of ${written.rows} rows`)
      best = Math.min(best, cpu(since))
      wall = Math.min(wall, (performance.now() - started) / 1000)
    }
    console.log(
      `${format.padEnd(6)} ${written.rows} member rows, ${(statSync(path).size / 2 ** 20).toFixed(1)} MiB: ` +
        `read ${Math.round(written.rows / best).toLocaleString("en-US")} rows/s CPU (${best.toFixed(2)} s; wall ${wall.toFixed(2)} s), ` +
        `write ${Math.round(written.rows / writeSeconds).toLocaleString("en-US")} rows/s CPU (synthetic generation included)`
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
