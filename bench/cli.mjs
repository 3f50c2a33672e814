// The CLI end to end over a generated NDJSON file: households/s and peak RSS of
// `phungpao evaluate --format json`, against merely reading the same file and
// JSON.parse-ing each line in this process, in the same run; then RSS as the file grows.
import { createReadStream, existsSync, mkdirSync, statSync } from "node:fs"
import { open } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { best, count, measure, report } from "./lib.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const work = fileURLToPath(new URL("./.work/", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`

const generated = async (households, seed) => {
  mkdirSync(work, { recursive: true })
  const file = `${work}sisaket-${households}-${seed}.ndjson`
  if (!existsSync(file)) {
    const r = await measure(process.execPath, [cli, "generate", "--households", String(households), "--seed", String(seed), "--out", file])
    if (r.code !== 0) throw new Error("generate failed")
    console.log(`generated ${file} (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${r.seconds.toFixed(1)} s`)
  }
  return file
}

/** The first `lines` lines of a file, copied once. */
const prefix = async (file, lines, name) => {
  const out = `${work}${name}`
  if (existsSync(out)) return out
  const handle = await open(out, "w")
  let left = lines
  let pending = ""
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const parts = (pending + chunk).split("\n")
    pending = parts.pop()
    const take = parts.slice(0, left)
    if (take.length > 0) await handle.write(`${take.join("\n")}\n`)
    left -= take.length
    if (left <= 0) break
  }
  await handle.close()
  return out
}

const readAndParse = (file) =>
  new Promise((resolve, reject) => {
    let pending = ""
    let parsed = 0
    const start = process.hrtime.bigint()
    createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })
      .on("data", (chunk) => {
        const lines = (pending + chunk).split("\n")
        pending = lines.pop()
        for (const line of lines) if (line !== "") JSON.parse(line), parsed++
      })
      .on("end", () => {
        if (pending !== "") JSON.parse(pending), parsed++
        resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, parsed })
      })
      .on("error", reject)
  })

export const run = async ({ households, seed }) => {
  console.log(`\n== CLI end to end: ${count(households)} households of NDJSON ==`)
  const file = await generated(households, seed)
  let baseline = Infinity
  for (let i = 0; i < 2; i++) baseline = Math.min(baseline, (await readAndParse(file)).seconds)
  let evaluate = { seconds: Infinity, peakMb: 0 }
  for (let i = 0; i < 2; i++) {
    const r = await measure(process.execPath, [cli, "evaluate", file, "--format", "json"])
    if (r.code !== 0) throw new Error(`evaluate exited ${r.code}`)
    if (r.seconds < evaluate.seconds) evaluate = r
  }
  report(
    "phungpao evaluate --format json",
    `${count(households / evaluate.seconds)} households/s, peak RSS ${evaluate.peakMb.toFixed(0)} MB`,
    `${count(households / baseline)} households/s read + JSON.parse`,
    baseline / evaluate.seconds,
    { text: "≥ 0.5, RSS ≤ 300 MB", met: baseline / evaluate.seconds >= 0.5 && evaluate.peakMb <= 300 }
  )
  const reportRun = await measure(process.execPath, [cli, "report", file, "--by", "district", "--format", "json"])
  report(
    "phungpao report --by district",
    `${count(households / reportRun.seconds)} households/s, peak RSS ${reportRun.peakMb.toFixed(0)} MB`,
    `${count(households / baseline)} households/s read + JSON.parse`,
    baseline / reportRun.seconds
  )
  const sizes = []
  for (const share of [4, 2]) {
    const n = Math.floor(households / share)
    sizes.push([n, await prefix(file, n, `prefix-${n}-${seed}.ndjson`)])
  }
  sizes.push([households, file])
  const rss = []
  for (const [n, path] of sizes) {
    const r = await measure(process.execPath, [cli, "evaluate", path, "--format", "json"])
    rss.push(`${count(n)}: ${r.peakMb.toFixed(0)} MB`)
  }
  console.log(`peak RSS of evaluate as the file grows: ${rss.join(", ")}`)
}
