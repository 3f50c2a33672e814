/**
 * How a journey command runs: the options every one reads, the acting user (`--as`) and
 * the program on the journey (and the registry) in the database.
 */
import { Area, JourneyCommands, JourneyStore } from "@phungpao/domain"
import { AccessSql, type Database, JourneySql } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "../../Cli.js"
import * as Identity from "../../Identity.js"
import * as Registry from "../../Registry.js"

type Values = Cli.Values

export const common = { format: { type: "string" }, lang: { type: "string" }, help: { type: "boolean", short: "h" } } as const
export const writes = { ...common, as: { type: "string" }, "token-file": { type: "string" }, key: { type: "string" } } as const

/** Runs a program on the journey (and the registry) in the database, migrated first. */
export const journey = <A, E extends { readonly message: string }>(
  program: Effect.Effect<A, E, JourneyStore.JourneyStore | Registry.Ports | Database.Database>
): Promise<A> => Registry.run(Effect.provide(program, JourneySql.layer))

export const store = JourneyStore.JourneyStore

const { text } = Cli
export const list = (values: Values, name: string): ReadonlyArray<string> => {
  const v = values[name]
  return v === undefined || typeof v === "boolean" ? [] : typeof v === "string" ? [v] : v
}

/** `--NAME 8,23` as indicator numbers. */
export const indicators = (values: Values, name: string, what: string): ReadonlyArray<number> =>
  (text(values, name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      const n = Number(s)
      if (!Number.isInteger(n) || n < 1) throw new Cli.UsageError(`${what}: --${name} ${s}: not an indicator number`)
      return n
    })

/** The acting user: the stored user whose token is given (their role and scope), or the operator over the whole country (see `Identity`). */
export const actorOf = (values: Values) => Effect.provide(Identity.actorOf(values), Layer.merge(JourneyCommands.users, AccessSql.layer))

export const areaOption = (values: Values) => {
  const code = text(values, "area") ?? ""
  if (code !== "" && Area.problem(code) !== undefined) throw new Cli.UsageError(`--area ${code}: ${Area.problem(code)}`)
  return code
}
