/** `phungpao export --round R --format ndjson|csv|xlsx [--out FILE]`: a round back out as a file. */
import { RoundExport } from "@phungpao/domain"
import { Output, SurveyFile } from "@phungpao/files"
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import * as Cli from "../Cli.js"
import * as Registry from "../Registry.js"

export const options = {
  round: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

const formats = ["ndjson", "json", "csv", "xlsx"] as const

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  if (positionals.length > 0) throw new Cli.UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
  if (values.round === undefined) throw new Cli.UsageError("--round is required")
  const round = Cli.wholeNumber("round", values.round, 0)
  const format = values.format ?? "ndjson"
  if (!formats.includes(format as never)) throw new Cli.UsageError(`--format ${format}: expected ${formats.join(", ")}`)
  if (format === "xlsx" && values.out === undefined && process.stdout.isTTY) {
    throw new Cli.UsageError("--format xlsx writes a binary workbook: give --out FILE")
  }
  const out = values.out === undefined ? process.stdout : Output.privateFile(values.out)
  const written = await Registry.run(
    Effect.gen(function* () {
      const runtime = yield* Effect.runtime<Registry.Ports>()
      // The writer pulls pages as it needs them, so memory holds one page, not the round;
      // for CSV and xlsx it reads the round twice, first for the extra fields' columns.
      const records = async function* () {
        let after: string | undefined
        for (;;) {
          // The operator may export (Access.table.exportRound): a refusal here is a defect.
          const page = await Runtime.runPromise(runtime)(Effect.orDie(RoundExport.page(Registry.actor, round, after, 2000)))
          yield* page
          if (page.length < 2000) return
          after = page[page.length - 1]!.houseCode
        }
      }
      return yield* Effect.promise(() => SurveyFile.write(records, format as SurveyFile.Format, out))
    })
  )
  if (written.records === 0) process.stderr.write(`round ${round} has no households\n`)
  if (written.unwritten.length > 0) process.stderr.write(`extra fields not written: ${written.unwritten.join(", ")}\n`)
  return 0
}
