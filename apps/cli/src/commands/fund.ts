/**
 * `phungpao fund …`: the poverty eradication fund's books from the command line. Every
 * write runs the domain's command under an idempotency key (`--key`, or one made up and
 * printed) as the acting user (`--as`), whose role comes from the fund's settings; reads
 * list the books, reconcile a bank statement and print the two reports.
 */
import { readFileSync } from "node:fs"
import {
  Actor,
  BankStatement,
  CalendarDate,
  Contributor,
  FundCommands,
  FundReport,
  FundRequest,
  FundStore,
  Pledge,
  Receipt,
  Reconciliation
} from "@phungpao/domain"
import { FundSql } from "@phungpao/db"
import { BankStatementFile } from "@phungpao/files"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Cli from "../Cli.js"
import * as Registry from "../Registry.js"
import * as Print from "./fund/print.js"

type Values = Cli.Values

const common = {
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const
const writes = { ...common, as: { type: "string" }, key: { type: "string" }, role: { type: "string" }, scope: { type: "string", multiple: true } } as const

/** The open books of a running batch: its commands share one connection and one migration. */
let session: Context.Context<FundStore.FundStore> | undefined

/** Runs a program on the fund's books in the database (migrated first); a domain failure is `Refused`. */
const books = async <A, E extends { readonly message: string }>(program: Effect.Effect<A, E, FundStore.FundStore>): Promise<A> => {
  if (session === undefined) return Registry.run(Effect.provide(program, FundSql.layer))
  const exit = await Effect.runPromiseExit(Effect.provide(program, session))
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") throw new Registry.Refused(failure.value.message)
  throw Cause.squash(exit.cause)
}

const { baht, day, decode, keyOf, required, text, today } = Cli

/** The pool named by `--pool-purpose` and `--pool-area` (neither: unrestricted). */
const poolOf = (values: Values) => ({
  ...(text(values, "pool-purpose") === undefined ? {} : { purpose: text(values, "pool-purpose") }),
  ...(text(values, "pool-area") === undefined ? {} : { area: text(values, "pool-area") })
})

const roles = new Set<string>(Actor.Role.literals)

/**
 * The acting user: `--as ID` (default the operator), with `--role` or the role the
 * settings give the id (committee member, treasurer), and `--scope` areas (default the
 * whole country).
 */
const actorOf = (values: Values, settings: FundRequest.Settings | undefined, fallback: Actor.Role): Actor.Actor => {
  const id = text(values, "as") ?? Registry.actor.id
  const role = text(values, "role")
  if (role !== undefined && !roles.has(role)) throw new Cli.UsageError(`--role ${role}: expected one of ${[...roles].join(", ")}`)
  const derived: Actor.Role =
    settings?.committee.includes(id) === true ? "fundCommittee" : settings?.treasurers.includes(id) === true ? "treasurer" : fallback
  const scope = (values["scope"] as ReadonlyArray<string> | undefined) ?? [""]
  return { id, role: (role as Actor.Role | undefined) ?? derived, scope }
}

/** Prints a result: JSON encoded by its schema, or a line for people. */
const show = async <A, I>(format: "json" | "table", schema: Schema.Schema<A, I>, value: A, line: string) => {
  await Cli.write(process.stdout, format === "json" ? `${JSON.stringify(Schema.encodeSync(schema)(value), null, 2)}\n` : `${line}\n`)
  return 0
}

/** A write that needs the fund's settings: the actor and the command run in one program. */
const withSettings = <A, E extends { readonly message: string }>(
  values: Values,
  fallback: Actor.Role,
  run: (settings: FundRequest.Settings, actor: Actor.Actor) => Effect.Effect<A, E, FundStore.FundStore>
) => books(Effect.flatMap(FundCommands.settings, (settings) => run(settings, actorOf(values, settings, fallback))))

// ---------------------------------------------------------------------------------------

const configure = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, {
    ...writes,
    quorum: { type: "string" },
    committee: { type: "string" },
    treasurers: { type: "string" },
    ceiling: { type: "string" },
    cap: { type: "string" }
  })
  const { format, lang } = Cli.output(values)
  const list = (name: string) => required(values, name, "fund configure").split(",").map((s) => s.trim()).filter((s) => s !== "")
  const settings = decode(FundRequest.Settings, "fund configure", {
    quorum: Cli.wholeNumber("quorum", required(values, "quorum", "fund configure"), 1),
    committee: list("committee"),
    treasurers: list("treasurers"),
    ceilingPerRequest: baht(values, "ceiling", "fund configure"),
    capPerHouseholdPerFiscalYear: baht(values, "cap", "fund configure")
  })
  const key = keyOf(values, lang)
  const stored = await books(FundCommands.configure(actorOf(values, undefined, "system"), key, settings))
  return show(format, FundRequest.Settings, stored, Print.settingsLine(stored, lang))
}

const contributor = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, common)
    const { format, lang } = Cli.output(values)
    const all = await books(Effect.flatMap(FundStore.FundStore, (s) => s.contributors()))
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
  const added = await books(FundCommands.addContributor(actorOf(values, undefined, "treasurer"), key, input))
  return show(format, Contributor.Contributor, added, Print.contributorLine(added, lang))
}

const pledge = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const on = day(values, "on", "fund pledge list", today()) as CalendarDate.IsoDate
    const { pledges, receipts } = await books(
      Effect.flatMap(FundStore.FundStore, (s) => Effect.all({ pledges: s.pledges(), receipts: s.receipts() }))
    )
    const states = pledges.map((p) => ({ pledge: Schema.encodeSync(Pledge.Pledge)(p), state: Pledge.state(p, receipts, on) }))
    if (format === "json") await Cli.write(process.stdout, `${JSON.stringify(states, null, 2)}\n`)
    else await Cli.write(process.stdout, Print.pledges(pledges, states.map((s) => s.state), lang))
    return 0
  }
  if (verb !== "add") throw new Cli.UsageError("expected 'fund pledge add' or 'fund pledge list'")
  const { values } = Cli.parse(rest, { ...writes, contributor: { type: "string" }, amount: { type: "string" }, due: { type: "string" }, on: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const input = decode(Pledge.Input, "fund pledge add", {
    contributor: required(values, "contributor", "fund pledge add"),
    amount: baht(values, "amount", "fund pledge add"),
    due: day(values, "due", "fund pledge add"),
    pledgedOn: day(values, "on", "fund pledge add", today())
  })
  const key = keyOf(values, lang)
  const made = await books(FundCommands.pledge(actorOf(values, undefined, "treasurer"), key, input))
  return show(format, Pledge.Pledge, made, Print.pledgeLine(made, lang))
}

const receipt = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, common)
    const { format, lang } = Cli.output(values)
    const all = await books(Effect.flatMap(FundStore.FundStore, (s) => s.receipts()))
    if (format === "json") return show(format, Schema.Array(Receipt.Receipt), all, "")
    await Cli.write(process.stdout, Print.receipts(all, lang))
    return 0
  }
  if (verb === "reverse") {
    const { values, positionals } = Cli.parse(rest, { ...writes, reason: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const input = decode(FundCommands.ReverseReceipt, "fund receipt reverse", { receipt: positionals[0], reason: required(values, "reason", "fund receipt reverse") })
    const key = keyOf(values, lang)
    const reversed = await withSettings(values, "treasurer", (settings, actor) => FundCommands.reverseReceipt(settings, actor, key, input))
    return show(format, Receipt.Receipt, reversed, Print.receiptLine(reversed, lang))
  }
  if (verb !== "add") throw new Cli.UsageError("expected 'fund receipt add', 'fund receipt reverse' or 'fund receipt list'")
  const { values } = Cli.parse(rest, {
    ...writes,
    reference: { type: "string" },
    date: { type: "string" },
    amount: { type: "string" },
    "pool-purpose": { type: "string" },
    "pool-area": { type: "string" },
    contributor: { type: "string" },
    pledge: { type: "string" }
  })
  const { format, lang } = Cli.output(values)
  const input = decode(Receipt.Input, "fund receipt add", {
    bankReference: required(values, "reference", "fund receipt add"),
    valueDate: day(values, "date", "fund receipt add"),
    amount: baht(values, "amount", "fund receipt add"),
    pool: poolOf(values),
    ...(text(values, "contributor") === undefined ? {} : { contributor: text(values, "contributor") }),
    ...(text(values, "pledge") === undefined ? {} : { pledge: text(values, "pledge") })
  })
  const key = keyOf(values, lang)
  const recorded = await withSettings(values, "treasurer", (settings, actor) => FundCommands.recordReceipt(settings, actor, key, input))
  return show(format, Receipt.Receipt, recorded, Print.receiptLine(recorded, lang))
}

const request = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list" || verb === "show") {
    const { values, positionals } = Cli.parse(rest, { ...common, state: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const all = await books(Effect.flatMap(FundStore.FundStore, (s) => s.requests()))
    if (verb === "show") {
      const id = positionals[0]
      const one = all.find((r) => r.id === id)
      if (one === undefined) throw new Registry.Refused(new FundCommands.NotFound({ what: "request", id: String(id) }).message)
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
  const made = await withSettings(values, "agencyOfficer", (settings, actor) => FundCommands.request(settings, actor, key, input))
  return show(format, FundRequest.Request, made, Print.requestLine(made, lang))
}

/** `fund approve|reject|pay|cancel R-n`: one step of a request's life. */
const step = async (verb: "approve" | "reject" | "pay" | "cancel", args: ReadonlyArray<string>) => {
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
  const done = await withSettings(values, "agencyOfficer", (settings, actor): Effect.Effect<FundRequest.Request, { readonly message: string }, FundStore.FundStore> => {
    switch (verb) {
      case "approve":
        return FundCommands.approve(settings, actor, key, decode(FundCommands.Approve, what, { request }))
      case "reject":
        return FundCommands.reject(settings, actor, key, decode(FundCommands.Reject, what, { request, reason: required(values, "reason", what) }))
      case "pay":
        return FundCommands.pay(
          settings,
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
        return FundCommands.cancel(settings, actor, key, decode(FundCommands.Cancel, what, { request }))
    }
  })
  return show(format, FundRequest.Request, done, Print.requestLine(done, lang))
}

const balances = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, common)
  const { format, lang } = Cli.output(values)
  const stored = await books(FundCommands.balances)
  if (format === "json") await Cli.write(process.stdout, `${JSON.stringify(stored, null, 2)}\n`)
  else await Cli.write(process.stdout, Print.balances(stored, lang))
  return 0
}

const reconcile = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, { ...common, encoding: { type: "string" } })
  const { format, lang } = Cli.output(values)
  if (positionals.length !== 1) throw new Cli.UsageError("fund reconcile: expected one STATEMENT.csv")
  const file = Cli.readable(positionals[0])
  const encoding = text(values, "encoding")
  if (encoding !== undefined && !["utf-8", "tis-620", "windows-874"].includes(encoding)) {
    throw new Cli.UsageError(`--encoding ${encoding}: expected utf-8, tis-620 or windows-874`)
  }
  const lines: Array<BankStatement.Line> = []
  let rejected = 0
  try {
    for await (const item of BankStatementFile.read(file, encoding === undefined ? {} : { encoding: encoding as "utf-8" })) {
      if (item.kind === "line") lines.push(item.value)
      else {
        rejected++
        process.stderr.write(`${file}: row ${item.line}: ${item.field}: ${item.reason}\n`)
      }
    }
  } catch (e) {
    if (e instanceof Error && "_tag" in e && e._tag === "UnreadableFile") throw new Cli.UsageError(e.message)
    throw e
  }
  const { receipts, requests } = await books(Effect.flatMap(FundStore.FundStore, (s) => Effect.all({ receipts: s.receipts(), requests: s.requests() })))
  const result = Reconciliation.match(lines, Reconciliation.entries(receipts, requests))
  await Cli.write(process.stdout, format === "json" ? `${JSON.stringify({ ...result, rejectedLines: rejected }, null, 2)}\n` : Print.reconciliation(result, rejected, lang))
  return rejected > 0 || !Reconciliation.clean(result) ? 1 : 0
}

const report = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, common)
  const which = positionals[0]
  if ((which !== "committee" && which !== "public") || positionals.length !== 1) {
    throw new Cli.UsageError("expected 'fund report committee' or 'fund report public'")
  }
  const format = text(values, "format") ?? "table"
  if (format !== "json" && format !== "csv" && format !== "table") throw new Cli.UsageError(`--format ${format}: expected json, csv or table`)
  const { lang } = Cli.output({ lang: text(values, "lang") })
  const out = await books(
    Effect.gen(function* () {
      const s = yield* FundStore.FundStore
      const requests = yield* s.requests()
      if (which === "committee") {
        const settings = yield* FundCommands.settings
        return { committee: FundReport.committee(settings, yield* s.movements(), requests) } as const
      }
      const report = FundReport.publicReport({ receipts: yield* s.receipts(), requests, balances: yield* s.balances(), contributors: yield* s.contributors() })
      return { public: report } as const
    })
  )
  const rendered = "committee" in out ? Print.committee(out.committee, format, lang) : Print.publicReport(out.public, format, lang)
  await Cli.write(process.stdout, rendered)
  return 0
}

/** The words of a line as a shell splits them: spaces separate, quotes ('…' or "…") keep spaces in. */
export const words = (line: string): Array<string> => {
  const out: Array<string> = []
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g
  let word: string | undefined
  let end = -1
  for (const m of line.matchAll(pattern)) {
    const piece = m[1] ?? m[2] ?? m[3] ?? ""
    // Pieces with no space between them are one word (--name="a b").
    if (word !== undefined && m.index === end) word += piece
    else {
      if (word !== undefined) out.push(word)
      word = piece
    }
    end = m.index + m[0].length
  }
  if (word !== undefined) out.push(word)
  return out
}

/**
 * `fund batch FILE`: runs the fund commands written one a line in FILE (as after
 * `pnpm cli fund`; blank lines and lines starting with # skipped) in one process. A line
 * that fails stops the batch with its line number; the exit status is the highest of the
 * lines' (1 when a reconciliation did not match).
 */
const batch = async (args: ReadonlyArray<string>) => {
  const { positionals } = Cli.parse(args, common)
  const file = Cli.readable(positionals[0])
  const source = file === "-" ? await new Promise<string>((resolve, reject) => {
    let text = ""
    process.stdin.setEncoding("utf8").on("data", (d) => (text += d)).on("end", () => resolve(text)).on("error", reject)
  }) : readFileSync(file, "utf8")
  const lines = async () => {
    let status = 0
    for (const [i, line] of source.split(/\r?\n/).entries()) {
      if (line.trim() === "" || line.trimStart().startsWith("#")) continue
      const argv = words(line)
      if (argv[0] === "batch") throw new Cli.UsageError(`${file}: line ${i + 1}: a batch cannot run a batch`)
      try {
        status = Math.max(status, await run(argv))
      } catch (e) {
        if (e instanceof Error) e.message = `${file}: line ${i + 1}: ${e.message}`
        throw e
      }
    }
    return status
  }
  // One connection for the whole batch; a line's error ends it as the error it is.
  return Registry.run(
    Effect.provide(
      Effect.flatMap(Effect.context<FundStore.FundStore>(), (context) =>
        Effect.promise(async () => {
          session = context
          try {
            return await lines()
          } finally {
            session = undefined
          }
        })),
      FundSql.layer
    )
  )
}

const help = () => {
  throw new Cli.UsageError("expected a fund command: configure, contributor, pledge, receipt, request, approve, reject, pay, cancel, balances, reconcile, report, batch")
}

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = args
  switch (name) {
    case "configure":
      return configure(rest)
    case "contributor":
      return contributor(rest)
    case "pledge":
      return pledge(rest)
    case "receipt":
      return receipt(rest)
    case "request":
      return request(rest)
    case "approve":
    case "reject":
    case "pay":
    case "cancel":
      return step(name, rest)
    case "balances":
      return balances(rest)
    case "reconcile":
      return reconcile(rest)
    case "report":
      return report(rest)
    case "batch":
      return batch(rest)
    default:
      return help()
  }
}
