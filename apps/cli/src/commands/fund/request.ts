/**
 * `fund request` and `fund approve|reject|pay|cancel`: a household's request for money
 * and each step of its life, to the payment that writes its logbook entry.
 */
import { FundCommands, FundRequest, FundStore } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Registry from "../../Registry.js"
import * as Print from "./print.js"
import { common, poolOf, show, acting, writes } from "./run.js"

const { baht, day, decode, keyOf, required, text, today } = Cli

export const request = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list" || verb === "show") {
    const { values, positionals } = Cli.parse(rest, { ...common, as: writes.as, "token-file": writes["token-file"], state: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const all = await acting(values, FundCommands.requests)
    if (verb === "show") {
      const id = positionals[0]
      const one = all.find((r) => r.id === id)
      if (one === undefined) throw new Registry.Refused(new FundCommands.NotFound({ what: "request", id: String(id) }))
      return show(format, FundRequest.Request, one, Print.requestDetail(one, lang))
    }
    const state = text(values, "state")
    const chosen = state === undefined ? all : all.filter((r) => r.state._tag === state)
    if (format === "json") return show(format, Schema.Array(FundRequest.Request), chosen, "")
    await Cli.write(process.stdout, Print.requests(chosen, lang))
    return 0
  }
  if (verb !== "add") throw new Cli.UsageError("expected 'fund request add', 'fund request list' or 'fund request show R-n'")
  const { values } = Cli.parse(rest, {
    ...writes,
    house: { type: "string" },
    village: { type: "string" },
    purpose: { type: "string" },
    amount: { type: "string" },
    reference: { type: "string" },
    "pool-purpose": { type: "string" },
    "pool-area": { type: "string" }
  })
  const { format, lang } = Cli.output(values)
  const input = decode(FundRequest.Input, "fund request add", {
    houseCode: required(values, "house", "fund request add"),
    villageCode: required(values, "village", "fund request add"),
    purpose: required(values, "purpose", "fund request add"),
    ...(text(values, "reference") === undefined ? {} : { reference: text(values, "reference") }),
    pool: poolOf(values),
    amount: baht(values, "amount", "fund request add")
  })
  const key = keyOf(values, lang)
  const made = await acting(values, (actor) => FundCommands.request(actor, key, input))
  return show(format, FundRequest.Request, made, Print.requestLine(made, lang))
}

/** `fund approve|reject|pay|cancel R-n`: one step of a request's life. */
export const step = async (verb: "approve" | "reject" | "pay" | "cancel", args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, {
    ...writes,
    reason: { type: "string" },
    transfer: { type: "string" },
    date: { type: "string" },
    kind: { type: "string" },
    problems: { type: "string" }
  })
  const { format, lang } = Cli.output(values)
  if (positionals.length !== 1) throw new Cli.UsageError(`fund ${verb}: expected one request id (R-n)`)
  const what = `fund ${verb}`
  const request = positionals[0]
  const key = keyOf(values, lang)
  const done = await acting(values, (actor): Effect.Effect<FundRequest.Request, { readonly message: string }, FundStore.FundStore> => {
    switch (verb) {
      case "approve":
        return FundCommands.approve(actor, key, decode(FundCommands.Approve, what, { request }))
      case "reject":
        return FundCommands.reject(actor, key, decode(FundCommands.Reject, what, { request, reason: required(values, "reason", what) }))
      case "pay":
        return FundCommands.pay(
          actor,
          key,
          decode(FundCommands.Pay, what, {
            request,
            transferReference: required(values, "transfer", what),
            paidOn: day(values, "date", what, today()),
            // The household's logbook entry: what the help was and the problems it addresses.
            ...(values.kind === undefined ? {} : { kind: values.kind }),
            ...(values.problems === undefined ? {} : { problems: values.problems.split(",").map((n) => Number(n.trim())) })
          })
        )
      case "cancel":
        return FundCommands.cancel(actor, key, decode(FundCommands.Cancel, what, { request }))
    }
  })
  return show(format, FundRequest.Request, done, Print.requestLine(done, lang))
}
