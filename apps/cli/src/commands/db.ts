/** `phungpao db migrate`: bring the database to this program's schema (and seed areas). */
import { Migrations } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Cli from "../Cli.js"
import * as Registry from "../Registry.js"

export const options = { lang: { type: "string" }, help: { type: "boolean", short: "h" } } as const

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { positionals } = Cli.parse(args, options)
  if (positionals[0] !== "migrate" || positionals.length > 1) throw new Cli.UsageError("expected 'db migrate'")
  let ran: ReadonlyArray<string> = []
  await Registry.run(Effect.void, (names) => (ran = names))
  process.stdout.write(
    ran.length === 0
      ? `database is up to date (schema ${Migrations.latest})\n`
      : `database migrated to schema ${Migrations.latest}\n`
  )
  return 0
}
