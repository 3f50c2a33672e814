#!/usr/bin/env node
/**
 * The `phungpao` command line: decodes argv, runs the domain's use cases, prints the
 * results. Exit status 0 on success, 1 when some input record was invalid, 2 on a usage
 * or input error, or a refusal (a database schema too new, a round not evaluated), 3 when
 * the books do not verify (`db verify`, `db migrate`).
 */
import * as Cli from "./Cli.js"
import * as Help from "./Help.js"
import * as Lang from "./Lang.js"
import * as Refusal from "./Refusal.js"
import type * as Registry from "./Registry.js"

/** The language a refusal is said in: Thai, or English with `--lang en` on the line. */
const langOf = (argv: ReadonlyArray<string>): Lang.Lang => Lang.of(argv) ?? "th"

type Command = { readonly run: (args: ReadonlyArray<string>) => Promise<number> }

// Commands load on use, so evaluating a file never loads the database drivers.
const commands: Record<string, { readonly load: () => Promise<Command>; readonly help: string }> = {
  evaluate: { load: () => import("./commands/evaluate.js"), help: Help.evaluate },
  report: { load: () => import("./commands/report.js"), help: Help.report },
  generate: { load: () => import("./commands/generate.js"), help: Help.generate },
  import: { load: () => import("./commands/import.js"), help: Help.importFile },
  export: { load: () => import("./commands/export.js"), help: Help.exportRound },
  diff: { load: () => import("./commands/diff.js"), help: Help.diff },
  conflicts: { load: () => import("./commands/conflicts.js"), help: Help.conflicts },
  db: { load: () => import("./commands/db.js"), help: Help.db },
  fund: { load: () => import("./commands/fund.js"), help: Help.fund },
  token: { load: () => import("./commands/token.js"), help: Help.token },
  audit: { load: () => import("./commands/audit.js"), help: Help.audit },
  serve: { load: () => import("./commands/serve.js"), help: Help.serve },
  job: { load: () => import("./commands/job.js"), help: Help.job },
  program: { load: () => import("./commands/program.js"), help: Help.program },
  ...Object.fromEntries(
    ["agency", "team", "user", "journey", "plan", "logbook", "visit", "deadline", "progress", "burndown", "overdue", "no-help"].map((name) => [
      name,
      { load: () => import("./commands/journey.js").then((m) => m.command(name)), help: Help.journey }
    ])
  )
}

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [name, ...args] = argv
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && args[0] !== undefined ? commands[args[0]] : undefined
    process.stdout.write(topic?.help ?? Help.main)
    return 0
  }
  const command = commands[name]
  if (command === undefined) throw new Cli.UsageError(`unknown command ${JSON.stringify(name)}`)
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(command.help)
    return 0
  }
  return (await command.load()).run(args)
}

// A reader that stops early (`| head`) closes the pipe: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0)
  throw e
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    // A refusal, and a file that cannot be read (no header, a column named twice, not a
    // workbook), say what is wrong in their message: no stack trace.
    if (e instanceof Error && e.name === "Refused") {
      const error = (e as Registry.Refused).error
      // A batch's line may ask for its own language: its refusal is said in it.
      const refusal = Refusal.describe(error, (e as Registry.Refused).lang ?? langOf(process.argv))
      // A batch puts where the line was before the refusal's own words: keep it, say the rest.
      const where = e.message.endsWith(error.message) ? e.message.slice(0, e.message.length - error.message.length) : ""
      process.stderr.write(`phungpao: ${where}${refusal.text}\n`)
      process.exitCode = refusal.exit
      return
    } else if (e instanceof Error && (e as { _tag?: unknown })._tag === "UnreadableFile") {
      process.stderr.write(`phungpao: ${e.message}\n`)
    } else if (e instanceof Cli.UsageError) {
      process.stderr.write(`phungpao: ${e.message}\nRun 'pnpm cli --help' for usage.\n`)
    } else {
      process.stderr.write(`phungpao: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    }
    process.exitCode = 2
  }
)
