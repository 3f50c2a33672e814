import { Effect } from "effect"
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { type JobStore, SurveyRecord } from "@phungpao/domain"
import { JobFiles, SurveyFile } from "../src/index.js"

const folders: Array<string> = []
const folder = () => {
  const f = mkdtempSync(join(tmpdir(), "phungpao-jobfiles-"))
  folders.push(f)
  return f
}
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true })
})

describe("JobFiles.source", () => {
  it("reads a file in batches of the size asked, in order, rows refused while reading included", async () => {
    const file = join(folder(), "round.ndjson")
    const lines = Array.from({ length: 7 }, (_, i) => (i === 3 ? "{not json" : JSON.stringify({ houseCode: `3301000000${i}`, n: i })))
    writeFileSync(file, `${lines.join("\n")}\n`)
    const batches: Array<JobStore.ImportChunk> = []
    const outcome = await Effect.runPromise(
      JobFiles.source.batches(file, 2564, 3, (chunk, index) => Effect.sync(() => void (batches[index] = chunk)))
    )
    expect(outcome).toEqual({ batches: 3, rows: 7 })
    expect(batches.map((b) => [b.items.map((i) => i.line), b.rejected.map((r) => r.line)])).toEqual([
      [[1, 2, 3], []],
      [[5, 6], [4]],
      [[7], []]
    ])
    expect(batches[1]!.rejected[0]).toMatchObject({ line: 4, field: "(record)" })
  })

  it("fails with the file and the reason when the file cannot be read", async () => {
    const missing = join(folder(), "none.ndjson")
    const error = await Effect.runPromise(Effect.flip(JobFiles.source.batches(missing, 2564, 10, () => Effect.void)))
    expect(error).toMatchObject({ _tag: "UnreadableSource", path: missing })
    expect(error.reason).toMatch(/ENOENT/)
  })
})

describe("JobFiles.sink", () => {
  it("writes parts page by page, joins them in order into a private file and removes them", async () => {
    let sample: unknown
    for await (const item of SurveyFile.read(new URL("../samples/survey-2564-th.csv", import.meta.url).pathname, { round: 2564 })) {
      if (item.kind === "record" && SurveyRecord.decode(item.value)._tag === "Right") {
        sample = item.value
        break
      }
    }
    const record = (houseCode: string) => {
      const decoded = SurveyRecord.decode({ ...(sample as object), houseCode })
      if (decoded._tag === "Left") throw new Error(decoded.left.message)
      return decoded.right
    }
    const out = join(folder(), "export.ndjson")
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* JobFiles.sink.write(out, 1, [record("33010000003")], true)
        yield* JobFiles.sink.write(out, 0, [record("33010000001")], true)
        yield* JobFiles.sink.write(out, 0, [record("33010000002")], false)
        // A part written again (a task run twice) starts afresh.
        yield* JobFiles.sink.write(out, 1, [record("33010000003")], true)
      })
    )
    const bytes = await Effect.runPromise(JobFiles.sink.join(out, 2))
    const codes: Array<string> = []
    for await (const item of SurveyFile.read(out)) if (item.kind === "record") codes.push((item.value as { houseCode: string }).houseCode)
    expect(codes).toEqual(["33010000001", "33010000002", "33010000003"])
    expect(bytes).toBe(statSync(out).size)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect([existsSync(JobFiles.partPath(out, 0)), existsSync(JobFiles.partPath(out, 1))]).toEqual([false, false])
  })
})
