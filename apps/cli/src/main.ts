#!/usr/bin/env node
/**
 * The `phungpao` command line: decodes argv, runs the domain's use cases, prints the
 * results. Exit status 0 on success, 1 when some input record was invalid, 2 on a usage
 * or input error.
 */
import * as Cli from "./Cli.js"
import * as Evaluate from "./commands/evaluate.js"
import * as Generate from "./commands/generate.js"
import * as Report from "./commands/report.js"
import * as Help from "./Help.js"

const commands: Record<string, { readonly run: (args: ReadonlyArray<string>) => Promise<number>; readonly help: string }> = {
  evaluate: { run: Evaluate.run, help: Help.evaluate },
  report: { run: Report.run, help: Help.report },
  generate: { run: Generate.run, help: Help.generate }
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
  return command.run(args)
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
    if (e instanceof Cli.UsageError) {
      process.stderr.write(`phungpao: ${e.message}\nRun 'pnpm cli --help' for usage.\n`)
    } else {
      process.stderr.write(`phungpao: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    }
    process.exitCode = 2
  }
)
