/**
 * Large files: reading keeps memory flat and is fast. Rows per second are printed for
 * the record; the bounds asserted are loose, as the suite shares two cores.
 */
import { SurveyRecord } from "@phungpao/domain"
import { generate } from "@phungpao/synthetic"
import * as Either from "effect/Either"
import { createWriteStream, statSync } from "node:fs"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { afterAll, describe, expect, it } from "vitest"
import { SurveyFile } from "../src/index.js"
import { pathFor, removeFiles } from "./files.js"

afterAll(removeFiles)

const memberRows = 200_000

// Memory is measured after a full collection, so that garbage not yet collected is not
// taken for memory held.
setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void
const retained = (baseline: number): number => {
  gc()
  return process.memoryUsage().heapUsed - baseline
}

/** Enough Sisaket households for `rows` member rows (about 3.1 members each). */
function* households(rows: number) {
  let written = 0
  for (const record of generate({ province: "33", households: rows, seed: 2564 })) {
    if (written >= rows) return
    written += record.members.length
    yield record
  }
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

describe("a large CSV file", () => {
  it(`reads ${memberRows.toLocaleString()} member rows with flat memory`, async () => {
    const path = pathFor("large.csv")
    const summary = await SurveyFile.write(households(memberRows), "csv", createWriteStream(path))
    expect(summary.rows).toBeGreaterThanOrEqual(memberRows)

    const baseline = retained(0)
    let peak = 0
    let records = 0
    let rejected = 0
    let members = 0
    let invalid = 0
    const cpu = process.cpuUsage()
    const started = performance.now()
    for await (const item of SurveyFile.read(path)) {
      if (item.kind !== "record") {
        rejected++
        continue
      }
      records++
      members += (item.value as { members: Array<unknown> }).members.length
      if (Either.isLeft(SurveyRecord.decode(item.value))) invalid++
      if (records % 10_000 === 0) peak = Math.max(peak, retained(baseline))
    }
    const seconds = cpuSeconds(cpu)
    const wall = (performance.now() - started) / 1000
    console.log(
      `CSV read+decode: ${members} member rows (${(statSync(path).size / 2 ** 20).toFixed(1)} MiB) in ${seconds.toFixed(2)} s CPU ` +
        `(${wall.toFixed(2)} s wall): ${Math.round(members / seconds).toLocaleString()} rows/s; heap held at most ${(peak / 2 ** 20).toFixed(1)} MiB more`
    )
    expect(rejected).toBe(0)
    expect(records).toBe(summary.records)
    expect(members).toBe(summary.rows)
    expect(invalid).toBe(0)
    // Held whole, the records would take a few hundred MiB; streaming holds a chunk of
    // rows and the house codes seen (a few MiB for 65,000 households).
    expect(peak).toBeLessThan(32 * 2 ** 20)
    expect(members / seconds).toBeGreaterThan(50_000)
  })
})

describe("a large xlsx workbook", () => {
  it("reads 50,000 member rows through the streaming reader", async () => {
    const path = pathFor("large.xlsx")
    const summary = await SurveyFile.write(households(50_000), "xlsx", createWriteStream(path))
    const baseline = retained(0)
    let peak = 0
    let records = 0
    let members = 0
    const cpu = process.cpuUsage()
    for await (const item of SurveyFile.read(path)) {
      if (item.kind === "record") members += (item.value as { members: Array<unknown> }).members.length
      if (++records % 4000 === 0) peak = Math.max(peak, retained(baseline))
    }
    const seconds = cpuSeconds(cpu)
    console.log(
      `xlsx read: ${members} member rows (${(statSync(path).size / 2 ** 20).toFixed(1)} MiB) in ${seconds.toFixed(2)} s CPU: ` +
        `${Math.round(members / seconds).toLocaleString()} rows/s; heap held at most ${(peak / 2 ** 20).toFixed(1)} MiB more`
    )
    expect(members).toBe(summary.rows)
    expect(peak).toBeLessThan(32 * 2 ** 20)
  })
})
