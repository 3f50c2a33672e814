/** `fund contributor`: the people, companies and networks who give to the fund, some anonymous in public. */
import { Contributor, FundCommands } from "@phungpao/domain"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Print from "./print.js"
import { acting, common, show, writes } from "./run.js"

const { decode, keyOf, required, text } = Cli

export const contributor = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" } })
    const { format, lang } = Cli.output(values)
    const all = await acting(values, FundCommands.contributors)
    if (format === "json") return show(format, Schema.Array(Contributor.Contributor), all, "")
    await Cli.write(process.stdout, Print.contributors(all, lang))
    return 0
  }
  if (verb !== "add") throw new Cli.UsageError("expected 'fund contributor add' or 'fund contributor list'")
  const { values } = Cli.parse(rest, { ...writes, id: { type: "string" }, kind: { type: "string" }, name: { type: "string" }, anonymous: { type: "boolean" } })
  const { format, lang } = Cli.output(values)
  const input = decode(Contributor.Contributor, "fund contributor add", {
    id: required(values, "id", "fund contributor add"),
    kind: text(values, "kind") ?? "person",
    displayName: required(values, "name", "fund contributor add"),
    anonymous: values["anonymous"] === true
  })
  const key = keyOf(values, lang)
  const added = await acting(values, (actor) => FundCommands.addContributor(actor, key, input))
  return show(format, Contributor.Contributor, added, Print.contributorLine(added, lang))
}
