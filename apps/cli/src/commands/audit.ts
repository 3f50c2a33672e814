/**
 * `phungpao audit list [--user ID] [--since DATE]`: who read personal data unmasked, or
 * wrote it, when, through what, about which households and why. For auditors and the
 * provincial centre (`--as`), or the operator.
 */
import { Audit } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Cli from "../Cli.js"
import * as Identity from "../Identity.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"
import * as Table from "../Table.js"
import { layer } from "./token.js"

export const options = {
  user: { type: "string" },
  since: { type: "string" },
  as: { type: "string" }, "token-file": { type: "string" },
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  if (positionals[0] !== "list" || positionals.length !== 1) throw new Cli.UsageError("expected 'audit list [--user ID] [--since DATE]'")
  const { format, lang } = Cli.output(values)
  const since = values.since === undefined ? undefined : Cli.day(values, "since", "audit list", "")
  const filter = { ...(values.user === undefined ? {} : { actor: values.user }), ...(since === undefined ? {} : { since }) }
  const entries = await Registry.run(Effect.provide(Effect.flatMap(Identity.actorOf(values), (actor) => Audit.list(actor, filter)), layer))
  if (format === "json") {
    await Cli.write(process.stdout, entries.map((e) => `${JSON.stringify(e)}\n`).join(""))
    return 0
  }
  const h = (th: string, en: string) => Lang.pick(lang, { th, en })
  const rows = entries.map((e) => [e.at, e.actor, e.action, e.what, e.houseCodes.join(","), e.reason ?? ""])
  const columns = Table.fit(
    [h("เวลา", "at"), h("ผู้ใช้", "user"), h("การกระทำ", "action"), h("ผ่าน", "through"), h("ครัวเรือน", "households"), h("เหตุผล", "reason")].map((header) => ({ header, align: "left" as const })),
    rows
  )
  await Cli.write(process.stdout, `${[Table.header(columns), ...rows.map((r) => Table.row(columns, r))].join("\n")}\n`)
  return 0
}
