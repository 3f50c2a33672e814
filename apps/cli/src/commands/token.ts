/**
 * `phungpao token create|list|revoke`: the API tokens a stored user calls the API with.
 * `create` prints the new secret alone on standard output, once: only its hash is kept.
 * Run by the provincial centre (`--as`) or the operator.
 */
import { ApiToken, JourneyCommands } from "@phungpao/domain"
import { AccessSql, JourneySql } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "../Cli.js"
import * as Identity from "../Identity.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"
import * as Table from "../Table.js"

export const options = {
  user: { type: "string" },
  "expires-days": { type: "string" },
  as: { type: "string" }, "token-file": { type: "string" },
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

/** The tokens, and the stored users they act as, on the database. */
export const layer = Layer.merge(AccessSql.layer, JourneyCommands.users.pipe(Layer.provide(JourneySql.layer)))

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  const [verb, id] = positionals
  const { format, lang } = Cli.output(values)
  const acting = <A, E extends { readonly message: string }>(f: (actor: Parameters<typeof ApiToken.list>[0]) => Effect.Effect<A, E, Layer.Layer.Success<typeof layer>>) =>
    Registry.run(Effect.provide(Effect.flatMap(Identity.actorOf(values), f), layer))
  if (verb === "create" && positionals.length === 1) {
    const user = Cli.required(values, "user", "token create")
    const days = values["expires-days"] === undefined ? undefined : Cli.wholeNumber("expires-days", values["expires-days"], 1)
    const issued = await acting((actor) => ApiToken.issue(actor, { user, ...(days === undefined ? {} : { expiresDays: days }) }))
    process.stderr.write(
      `${Lang.pick(lang, {
        th: `โทเค็น ${issued.token.id} ของ ${user}${issued.token.expiresAt === undefined ? "" : ` หมดอายุ ${issued.token.expiresAt}`}: เก็บไว้ให้ดี จะไม่แสดงอีก`,
        en: `token ${issued.token.id} for ${user}${issued.token.expiresAt === undefined ? "" : `, expires ${issued.token.expiresAt}`}: keep it safe, it is not shown again`
      })}\n`
    )
    await Cli.write(process.stdout, `${issued.secret}\n`)
    return 0
  }
  if (verb === "list" && positionals.length === 1) {
    const tokens = await acting(ApiToken.list)
    if (format === "json") await Cli.write(process.stdout, `${JSON.stringify(tokens, null, 2)}\n`)
    else {
      const h = (th: string, en: string) => Lang.pick(lang, { th, en })
      const rows = tokens.map((t) => [t.id, t.user, t.createdAt, t.createdBy, t.expiresAt ?? "—", t.revokedAt ?? "—"])
      const columns = Table.fit(
        [h("รหัส", "id"), h("ผู้ใช้", "user"), h("สร้างเมื่อ", "created"), h("โดย", "by"), h("หมดอายุ", "expires"), h("ยกเลิกเมื่อ", "revoked")].map((header) => ({ header, align: "left" as const })),
        rows
      )
      await Cli.write(process.stdout, `${[Table.header(columns), ...rows.map((r) => Table.row(columns, r))].join("\n")}\n`)
    }
    return 0
  }
  if (verb === "revoke" && id !== undefined && positionals.length === 2) {
    if (!/^T-\d+$/.test(id)) throw new Cli.UsageError(`token revoke: ${id}: expected a token id (T-n)`)
    await acting((actor) => ApiToken.revoke(actor, id as ApiToken.TokenId))
    process.stdout.write(`${Lang.pick(lang, { th: `ยกเลิกโทเค็น ${id} แล้ว`, en: `token ${id} revoked` })}\n`)
    return 0
  }
  throw new Cli.UsageError("expected 'token create --user ID [--expires-days N]', 'token list' or 'token revoke T-n'")
}
