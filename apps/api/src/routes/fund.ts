/**
 * The donor fund over HTTP: contributors, pledges, receipts, requests and their
 * approval, payment and cancellation, reconciliation, and the committee's and the
 * public's reports. Each route calls one `FundCommands` use case with the acting user
 * and the `Idempotency-Key`; who may do what (and which seat) the fund checks itself.
 */
import { BankStatement, CalendarDate, Contributor, FundCommands as F, FundRequest, JourneyCommands, Pledge, Receipt, SettingsChange } from "@phungpao/domain"
import { BankStatementFile, FundReportFiles } from "@phungpao/files"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { define } from "../Route.js"
import { Cursor, Limit, Loose, Page, pageOf } from "./common.js"

const Request = Schema.Struct({ request: FundRequest.RequestId })

const PledgeWithState = Schema.Struct({ pledge: Pledge.Pledge, state: Schema.Record({ key: Schema.String, value: Schema.Unknown }) }).annotations({
  identifier: "PledgeWithState"
})

/** `format=csv` (and the language of its names) for a report that also answers CSV, as `fund report … --format csv` writes it. */
const Csv = {
  format: Schema.optionalWith(Schema.Literal("json", "csv"), { exact: true }),
  lang: Schema.optionalWith(Schema.Literal("th", "en"), { exact: true })
}

const csvFile = (body: string, name: string) => ({ _file: true as const, mediaType: "text/csv; charset=utf-8", body, name })

export const routes = [
  define({
    method: "get",
    path: "/v1/fund/contributors",
    operationId: "listContributors",
    tag: "fund",
    summary: "The contributors, with their names even when anonymous to the public",
    action: "readFund",
    query: Schema.Struct({ limit: Limit, cursor: Cursor }),
    response: Page(Contributor.Contributor, "ContributorPage"),
    handler: ({ actor, query }) => Effect.map(F.contributors(actor), (all) => pageOf(all, (c) => c.id, query.cursor, query.limit))
  }),
  define({
    method: "post",
    path: "/v1/fund/contributors",
    operationId: "addContributor",
    tag: "fund",
    summary: "Adds a contributor, or gives a known one new details",
    action: "addContributor",
    body: Contributor.Contributor,
    response: Contributor.Contributor,
    status: 200,
    handler: ({ actor, key, body }) => F.addContributor(actor, key, body)
  }),
  define({
    method: "get",
    path: "/v1/fund/pledges",
    operationId: "listPledges",
    tag: "fund",
    summary: "The pledges, each with its state on a day (default today in Thailand)",
    action: "readFund",
    query: Schema.Struct({ on: Schema.optionalWith(CalendarDate.IsoDate, { exact: true }), limit: Limit, cursor: Cursor }),
    response: Page(PledgeWithState, "PledgePage"),
    handler: ({ actor, query }) =>
      Effect.gen(function* () {
        const on = query.on ?? (yield* JourneyCommands.today)
        const all = yield* F.pledges(actor, on)
        return pageOf(all, (p) => p.pledge.id.padStart(24, "0"), query.cursor, query.limit)
      })
  }),
  define({
    method: "post",
    path: "/v1/fund/pledges",
    operationId: "pledge",
    tag: "fund",
    summary: "Records a pledge of a known contributor: no money moves",
    action: "pledge",
    body: Pledge.Input,
    response: Pledge.Pledge,
    handler: ({ actor, key, body }) => F.pledge(actor, key, body)
  }),
  define({
    method: "post",
    path: "/v1/fund/receipts",
    operationId: "recordReceipt",
    tag: "fund",
    summary: "Books money received in the bank into a pool",
    action: "recordReceipt",
    body: Receipt.Input,
    response: Receipt.Receipt,
    handler: ({ actor, key, body }) => F.recordReceipt(actor, key, body)
  }),
  define({
    method: "post",
    path: "/v1/fund/receipts/{receipt}/reverse",
    operationId: "reverseReceipt",
    tag: "fund",
    summary: "Reverses a wrongly recorded receipt, if its money is still available",
    action: "reverseReceipt",
    params: Schema.Struct({ receipt: Receipt.ReceiptId }),
    body: Schema.Struct({ reason: Schema.NonEmptyTrimmedString }),
    response: Receipt.Receipt,
    status: 200,
    handler: ({ actor, key, params, body }) => F.reverseReceipt(actor, key, { receipt: params.receipt, reason: body.reason })
  }),
  define({
    method: "get",
    path: "/v1/fund/requests",
    operationId: "listRequests",
    tag: "fund",
    summary: "The fund's requests of households in the caller's areas, in the order made, citizen IDs in their free text masked",
    action: "readFund",
    query: Schema.Struct({ limit: Limit, cursor: Cursor }),
    response: Page(FundRequest.Request, "FundRequestPage"),
    handler: ({ actor, query }) => Effect.map(F.requests(actor), (all) => pageOf(all, (r) => r.id.padStart(24, "0"), query.cursor, query.limit))
  }),
  define({
    method: "get",
    path: "/v1/fund/receipts",
    operationId: "listReceipts",
    tag: "fund",
    summary: "The fund's receipts, in the order recorded",
    action: "readFund",
    query: Schema.Struct({ limit: Limit, cursor: Cursor }),
    response: Page(Receipt.Receipt, "ReceiptPage"),
    handler: ({ actor, query }) => Effect.map(F.receipts(actor), (all) => pageOf(all, (r) => r.id.padStart(24, "0"), query.cursor, query.limit))
  }),
  define({
    method: "get",
    path: "/v1/fund/settings/changes",
    operationId: "listSettingsChanges",
    tag: "fund",
    summary: "Every change of the fund's settings, the first included: proposed by, approvals, applied or superseded",
    action: "readFund",
    response: Schema.Struct({ items: Schema.Array(SettingsChange.Change) }),
    handler: ({ actor }) => Effect.map(F.settingsChanges(actor), (items) => ({ items }))
  }),
  define({
    method: "post",
    path: "/v1/fund/settings/changes",
    operationId: "proposeSettings",
    tag: "fund",
    summary: "Proposes new settings (the provincial centre); they apply when the committee in office reaches its quorum",
    action: "proposeSettings",
    body: SettingsChange.Propose,
    response: SettingsChange.Change,
    handler: ({ actor, key, body }) => F.proposeSettings(actor, key, body)
  }),
  define({
    method: "post",
    path: "/v1/fund/settings/changes/{change}/approve",
    operationId: "approveSettings",
    tag: "fund",
    summary: "A member of the committee in office approves a proposed change of the settings",
    action: "approveSettings",
    params: Schema.Struct({ change: SettingsChange.ChangeId }),
    response: SettingsChange.Change,
    status: 200,
    handler: ({ actor, key, params }) => F.approveSettings(actor, key, params)
  }),
  define({
    method: "post",
    path: "/v1/fund/requests",
    operationId: "request",
    tag: "fund",
    summary: "Asks the fund for money for one household in the caller's areas",
    action: "request",
    scoped: true,
    body: FundRequest.Input,
    response: FundRequest.Request,
    handler: ({ actor, key, body }) => F.request(actor, key, body)
  }),
  define({
    method: "post",
    path: "/v1/fund/requests/{request}/approve",
    operationId: "approve",
    tag: "fund",
    summary: "A committee member's approval (never of one's own request); the one reaching the quorum reserves the money",
    action: "approve",
    scoped: true,
    params: Request,
    response: FundRequest.Request,
    status: 200,
    handler: ({ actor, key, params }) => F.approve(actor, key, params)
  }),
  define({
    method: "post",
    path: "/v1/fund/requests/{request}/reject",
    operationId: "reject",
    tag: "fund",
    summary: "A committee member's rejection with a reason, final; a reservation is released",
    action: "reject",
    scoped: true,
    params: Request,
    body: Schema.Struct({ reason: Schema.NonEmptyTrimmedString }),
    response: FundRequest.Request,
    status: 200,
    handler: ({ actor, key, params, body }) => F.reject(actor, key, { ...params, reason: body.reason })
  }),
  define({
    method: "post",
    path: "/v1/fund/requests/{request}/pay",
    operationId: "pay",
    tag: "fund",
    summary: "A treasurer's payment of a reserved request; the household's logbook entry is written with it",
    action: "pay",
    scoped: true,
    params: Request,
    body: F.Pay.pipe(Schema.omit("request")),
    response: FundRequest.Request,
    status: 200,
    handler: ({ actor, key, params, body }) => F.pay(actor, key, { ...body, ...params })
  }),
  define({
    method: "post",
    path: "/v1/fund/requests/{request}/cancel",
    operationId: "cancel",
    tag: "fund",
    summary: "Cancels a reserved, unpaid request (its requester or a committee member)",
    action: "cancel",
    scoped: true,
    params: Request,
    response: FundRequest.Request,
    status: 200,
    handler: ({ actor, key, params }) => F.cancel(actor, key, params)
  }),
  define({
    method: "post",
    path: "/v1/fund/reconcile",
    operationId: "reconcile",
    writes: false,
    tag: "fund",
    summary: "Matches a bank statement's lines against the books' receipts and payments (stores nothing)",
    action: "reconcile",
    body: Schema.Struct({ lines: Schema.Array(BankStatement.Line).pipe(Schema.maxItems(20000)) }),
    response: Loose("Reconciliation", "period, matched, mismatched, unmatchedLines, unmatchedEntries, outsidePeriod, balanceBreaks"),
    status: 200,
    handler: ({ actor, body }) => F.reconcile(actor, body.lines)
  }),
  define({
    method: "post",
    path: "/v1/fund/reconcile/statement",
    operationId: "reconcileStatement",
    writes: false,
    tag: "fund",
    summary: "Matches an uploaded bank statement (CSV as the bank exports it, UTF-8 or TIS-620) against the books (stores nothing)",
    description: "Rows that cannot be read are listed by row, field and reason, and left out of the matching.",
    action: "reconcile",
    upload: { mediaTypes: ["text/csv"], maxBytes: 16 * 1024 * 1024 },
    response: Loose("StatementReconciliation", "the reconciliation's fields, and rejectedLines: [{ line, field, reason }]"),
    status: 200,
    handler: ({ actor, upload }) =>
      Effect.gen(function* () {
        const read = yield* Effect.promise(() =>
          BankStatementFile.collect(BankStatementFile.fromBytes(upload!.bytes, "statement.csv")).catch((error: unknown) => ({
            lines: [],
            rejected: [{ line: 0, field: "(file)", reason: error instanceof Error && "reason" in error ? String(error.reason) : "the file cannot be read" }]
          }))
        )
        return { ...(yield* F.reconcile(actor, read.lines)), rejectedLines: read.rejected }
      })
  }),
  define({
    method: "get",
    path: "/v1/fund/reports/committee",
    operationId: "committeeReport",
    tag: "fund",
    summary: "The committee's report: movements, balances, pending requests, households against their caps (cut to the caller's areas)",
    action: "readFund",
    csv: true,
    query: Schema.Struct(Csv),
    response: Loose("CommitteeReport", "movements, balances, pending, households"),
    handler: ({ actor, query }) =>
      Effect.map(F.committeeReport(actor), (r) =>
        query.format === "csv" ? csvFile(FundReportFiles.committeeCsv(r, query.lang ?? "th"), "fund-committee-report.csv") : r)
  }),
  define({
    method: "get",
    path: "/v1/fund/reports/public",
    operationId: "publicReport",
    tag: "fund",
    summary: "The public report: money in and out by month, purpose and area, small cells hidden; no household, no token",
    auth: "public",
    csv: true,
    query: Schema.Struct(Csv),
    response: Loose("PublicReport", "moneyIn, moneyOut (byMonth, byPurpose, byDistrict, bySubdistrict), pools, contributors, minimumHouseholds"),
    handler: ({ query }) =>
      Effect.map(F.publicReport, (r) =>
        query.format === "csv" ? csvFile(FundReportFiles.publicCsv(r, query.lang ?? "th"), "fund-public-report.csv") : FundReportFiles.publicNamed(r))
  })
]
