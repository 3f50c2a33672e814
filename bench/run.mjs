// `pnpm bench`: every benchmark, each printing its figure beside a baseline measured in
// the same run. Options: --households N (default 1,000,000), --seed S, --only NAME.
import { parseArgs } from "node:util"
import * as Cli from "./cli.mjs"
import * as Evaluate from "./evaluate.mjs"

const { values } = parseArgs({
  options: { households: { type: "string" }, seed: { type: "string" }, only: { type: "string" } }
})
const options = { households: Number(values.households ?? 1_000_000), seed: Number(values.seed ?? 2565) }
const benches = { evaluate: Evaluate.run, cli: Cli.run }

console.log(`node ${process.version}, ${(await import("node:os")).availableParallelism()} cores`)
for (const [name, run] of Object.entries(benches)) {
  if (values.only === undefined || values.only === name) await run(options)
}
