/** `phungpao generate`: a seeded synthetic province as NDJSON survey records. */
import { createWriteStream } from "node:fs"
import { finished } from "node:stream/promises"
import { generate } from "@phungpao/synthetic"
import * as Cli from "../Cli.js"
import * as Table from "../Table.js"

export const options = {
  province: { type: "string" },
  households: { type: "string" },
  seed: { type: "string" },
  "survey-year": { type: "string" },
  out: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

const wholeNumber = (name: string, value: string | undefined, fallback: number | undefined, min: number): number => {
  if (value === undefined) {
    if (fallback === undefined) throw new Cli.UsageError(`--${name} is required`)
    return fallback
  }
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min) throw new Cli.UsageError(`--${name} ${value}: expected a whole number ≥ ${min}`)
  return n
}

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  if (positionals.length > 0) throw new Cli.UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
  const province = values.province ?? "33"
  if (!/^\d{2}$/.test(province)) throw new Cli.UsageError(`--province ${province}: expected a 2-digit province code, e.g. 33`)
  const households = wholeNumber("households", values.households, undefined, 0)
  const seed = wholeNumber("seed", values.seed, 1, Number.MIN_SAFE_INTEGER)
  const surveyYear = wholeNumber("survey-year", values["survey-year"], 2564, 2443)
  let records: ReturnType<typeof generate>
  try {
    records = generate({ province, households, seed, surveyYear })
  } catch (e) {
    throw new Cli.UsageError((e as Error).message)
  }
  const out = values.out === undefined ? process.stdout : createWriteStream(values.out)
  const progress = Cli.progress((n) => `${Table.count(n)} / ${Table.count(households)}`)
  let chunk = ""
  let n = 0
  for (const record of records) {
    chunk += `${JSON.stringify(record)}\n`
    if (++n % 1000 === 0) {
      await Cli.write(out, chunk)
      chunk = ""
      progress.tick(n)
    }
  }
  await Cli.write(out, chunk)
  progress.done()
  if (out !== process.stdout) {
    out.end()
    await finished(out)
  }
  return 0
}
