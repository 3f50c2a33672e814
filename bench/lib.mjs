// What every benchmark shares: timing the best of a few runs, peak memory of a child
// process, and printing a figure beside its baseline from the same run.
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"

/** Runs `fn` `runs` times and returns the fastest wall time in seconds. */
export const best = (runs, fn) => {
  let fastest = Infinity
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    fn()
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e9)
  }
  return fastest
}

/** Runs a command; resolves with its wall time, exit code and peak RSS (MB, from VmHWM). */
export const measure = (command, args, { stdout = "ignore" } = {}) =>
  new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(command, args, { stdio: ["ignore", stdout, "inherit"] })
    let peak = 0
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8")
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
        peak = Math.max(peak, kb / 1024)
      } catch {
        // the process has just ended
      }
    }, 20)
    child.on("error", reject)
    child.on("exit", (code) => {
      clearInterval(poll)
      resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, code, peakMb: peak })
    })
  })

const fmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 })
export const count = (n) => fmt.format(n)

/** One result line: the figure, its baseline, the ratio and the target it is held to. */
export const report = (name, figure, baseline, ratio, target) => {
  const verdict = target === undefined ? "" : target.met ? "  [target met]" : "  [TARGET MISSED]"
  console.log(`${name}: ${figure} | baseline ${baseline} | ratio ${ratio.toFixed(2)}${target ? ` (target ${target.text})` : ""}${verdict}`)
}
