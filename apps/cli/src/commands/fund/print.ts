/**
 * How `phungpao fund` shows the fund's books to people (Thai or English tables and lines)
 * and its reports as JSON, CSV or tables. JSON amounts are satang (integers), as the
 * domain keeps them; CSV and tables show baht with two decimals.
 */
import { type Contributor, FundReport, type FundRequest, Ledger, type Pledge, Pool, type Receipt, type Reconciliation, Satang, type SettingsChange } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import { FundReportFiles } from "@phungpao/files"
import type * as Lang from "../../Lang.js"
import * as Table from "../../Table.js"

type Label = { readonly th: string; readonly en: string }
const pick = (lang: Lang.Lang, label: Label) => label[lang]

/** Baht with two decimals and thousands separators, no unit: for table cells. */
export const money = (satang: number): string => Satang.format(satang as Satang.Satang, "en").replace(/ baht$/, "")

/** A pool's name: its purpose and the area's name, or unrestricted. */
export const poolName = FundReportFiles.poolName

const stateLabel: Record<FundRequest.State["_tag"], Label> = {
  requested: { th: "รออนุมัติ", en: "awaiting approval" },
  reserved: { th: "อนุมัติแล้ว กันเงินไว้", en: "approved, money reserved" },
  rejected: { th: "ไม่อนุมัติ", en: "rejected" },
  paid: { th: "จ่ายแล้ว", en: "paid" },
  cancelled: { th: "ยกเลิก", en: "cancelled" }
}

const kindLabel: Record<Contributor.Kind, Label> = {
  person: { th: "บุคคล", en: "person" },
  company: { th: "บริษัท", en: "company" },
  agency: { th: "หน่วยงาน", en: "agency" },
  network: { th: "เครือข่าย", en: "network" }
}

type Spec = ReadonlyArray<{ readonly header: string; readonly align: Table.Align }>

const table = (spec: Spec, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const columns = Table.fit(spec, rows)
  return `${Table.header(columns)}\n${rows.map((r) => Table.row(columns, r)).join("\n")}${rows.length > 0 ? "\n" : ""}`
}
const left = (header: string) => ({ header, align: "left" as const })
const right = (header: string) => ({ header, align: "right" as const })
const h = (lang: Lang.Lang, th: string, en: string) => (lang === "th" ? th : en)

// ---------------------------------------------------------------------------------------
// Lines after a write, and lists

/** The settings in words, after `heading`. */
const settingsText = (s: FundRequest.Settings, lang: Lang.Lang): string =>
  lang === "th"
    ? `องค์ประชุม ${s.quorum} จาก ${s.committee.length} (${s.committee.join(", ")}), เหรัญญิก ${s.treasurers.join(", ")}, ` +
      `เพดานต่อคำขอ ${Satang.format(s.ceilingPerRequest)}, เพดานต่อครัวเรือนต่อปีงบประมาณ ${Satang.format(s.capPerHouseholdPerFiscalYear)}`
    : `quorum ${s.quorum} of ${s.committee.length} (${s.committee.join(", ")}), treasurers ${s.treasurers.join(", ")}, ` +
      `ceiling per request ${Satang.format(s.ceilingPerRequest, "en")}, cap per household per fiscal year ${Satang.format(s.capPerHouseholdPerFiscalYear, "en")}`

export const settingsLine = (s: FundRequest.Settings, lang: Lang.Lang): string =>
  `${h(lang, "ตั้งค่ากองทุนแล้ว", "fund configured")}: ${settingsText(s, lang)}`

/** The settings in force, for `fund settings show`. */
export const settingsNow = (s: FundRequest.Settings, lang: Lang.Lang): string =>
  `${h(lang, "การตั้งค่ากองทุนที่ใช้อยู่", "the fund's settings in force")}: ${settingsText(s, lang)}`

const changeState = (c: SettingsChange.Change, lang: Lang.Lang): string =>
  c.state._tag === "applied"
    ? h(lang, "มีผลแล้ว", "applied")
    : c.state._tag === "superseded"
      ? h(lang, `ถูกแทนที่โดย ${c.state.by}`, `superseded by ${c.state.by}`)
      : h(lang, `รออนุมัติ (${c.approvals.length})`, `awaiting approval (${c.approvals.length})`)

export const changeLine = (c: SettingsChange.Change, lang: Lang.Lang): string =>
  `${h(lang, "การเปลี่ยนการตั้งค่า", "settings change")} ${c.id} ${h(lang, "เสนอโดย", "proposed by")} ${c.proposedBy}` +
  `${c.approvals.length === 0 ? "" : `, ${h(lang, "อนุมัติโดย", "approved by")} ${c.approvals.map((a) => a.member).join(", ")}`} — ${changeState(c, lang)}: ${settingsText(c.settings, lang)}`

/** Every change of the settings, one a line. */
export const changes = (all: ReadonlyArray<SettingsChange.Change>, lang: Lang.Lang): string => all.map((c) => `${changeLine(c, lang)}\n`).join("")

export const contributorLine = (c: Contributor.Contributor, lang: Lang.Lang): string =>
  `${h(lang, "ผู้สมทบ", "contributor")} ${c.id}: ${c.displayName} (${pick(lang, kindLabel[c.kind])}${c.anonymous ? `, ${h(lang, "ไม่ประสงค์ออกนาม", "anonymous")}` : ""})`

export const contributors = (all: ReadonlyArray<Contributor.Contributor>, lang: Lang.Lang): string =>
  table(
    [left(h(lang, "รหัส", "id")), left(h(lang, "ชื่อ", "name")), left(h(lang, "ประเภท", "kind")), left(h(lang, "ไม่ประสงค์ออกนาม", "anonymous"))],
    all.map((c) => [c.id, c.displayName, pick(lang, kindLabel[c.kind]), c.anonymous ? h(lang, "ใช่", "yes") : ""])
  )

const pledgeState = (state: Pledge.State, lang: Lang.Lang): string =>
  state._tag === "fulfilled"
    ? h(lang, "ครบแล้ว", "fulfilled")
    : state._tag === "open"
      ? `${h(lang, "ค้าง", "outstanding")} ${money(state.outstanding)}`
      : `${h(lang, "หมดกำหนด ขาด", "lapsed, short")} ${money(state.shortfall)}`

export const pledgeLine = (p: Pledge.Pledge, lang: Lang.Lang): string =>
  `${h(lang, "แจ้งความประสงค์สมทบ", "pledge")} ${p.id}: ${p.contributor} ${Satang.format(p.amount, lang)} ${h(lang, "ภายใน", "by")} ${p.due}`

export const pledges = (all: ReadonlyArray<Pledge.Pledge>, states: ReadonlyArray<Pledge.State>, lang: Lang.Lang): string =>
  table(
    [left(h(lang, "รหัส", "id")), left(h(lang, "ผู้สมทบ", "contributor")), right(h(lang, "จำนวนเงิน", "amount")), left(h(lang, "กำหนด", "due")), right(h(lang, "ได้รับแล้ว", "received")), left(h(lang, "สถานะ", "state"))],
    all.map((p, i) => [p.id, p.contributor, money(p.amount), p.due, money(states[i]!.received), pledgeState(states[i]!, lang)])
  )

export const receiptLine = (r: Receipt.Receipt, lang: Lang.Lang): string =>
  `${h(lang, "รับเงิน", "receipt")} ${r.id}: ${Satang.format(r.amount, lang)} ${h(lang, "อ้างอิง", "reference")} ${r.bankReference}, ` +
  `${h(lang, "เข้ากอง", "into")} ${poolName(Pool.key(r.pool), lang)}` +
  (r.reversal === undefined ? "" : ` — ${h(lang, "กลับรายการแล้ว", "reversed")}: ${r.reversal.reason}`)

export const receipts = (all: ReadonlyArray<Receipt.Receipt>, lang: Lang.Lang): string =>
  table(
    [left(h(lang, "รหัส", "id")), left(h(lang, "วันที่", "date")), left(h(lang, "อ้างอิง", "reference")), right(h(lang, "จำนวนเงิน", "amount")), left(h(lang, "กองเงิน", "pool")), left(h(lang, "ผู้สมทบ", "contributor")), left(h(lang, "หมายเหตุ", "note"))],
    all.map((r) => [
      r.id,
      r.valueDate,
      r.bankReference,
      money(r.amount),
      poolName(Pool.key(r.pool), lang),
      r.contributor ?? "",
      r.reversal === undefined ? "" : `${h(lang, "กลับรายการ", "reversed")}: ${r.reversal.reason}`
    ])
  )

const stateText = (r: FundRequest.Request, lang: Lang.Lang): string => {
  const s = r.state
  const base = pick(lang, stateLabel[s._tag])
  if (s._tag === "requested") return `${base} (${r.approvals.length})`
  if (s._tag === "rejected") return `${base}: ${s.reason}`
  if (s._tag === "paid") return `${base} ${s.paidOn} ${s.transferReference}`
  return base
}

export const requestLine = (r: FundRequest.Request, lang: Lang.Lang): string =>
  `${h(lang, "คำขอ", "request")} ${r.id}: ${Satang.format(r.amount, lang)} ${h(lang, "สำหรับครัวเรือน", "for household")} ${r.houseCode} (${r.purpose}) — ${stateText(r, lang)}`

export const requests = (all: ReadonlyArray<FundRequest.Request>, lang: Lang.Lang): string =>
  table(
    [left(h(lang, "รหัส", "id")), left(h(lang, "วันที่ขอ", "requested on")), left(h(lang, "รหัสบ้าน", "house code")), left(h(lang, "หมู่บ้าน", "village")), left(h(lang, "วัตถุประสงค์", "purpose")), right(h(lang, "จำนวนเงิน", "amount")), left(h(lang, "ผู้ขอ", "requester")), left(h(lang, "สถานะ", "state"))],
    all.map((r) => [r.id, r.requestedOn, r.houseCode, r.villageCode, r.purpose, money(r.amount), r.requester, stateText(r, lang)])
  )

export const requestDetail = (r: FundRequest.Request, lang: Lang.Lang): string => {
  const rows: Array<[string, string]> = [
    [h(lang, "คำขอ", "request"), r.id],
    [h(lang, "สถานะ", "state"), stateText(r, lang)],
    [h(lang, "รหัสบ้าน", "house code"), r.houseCode],
    [h(lang, "หมู่บ้าน", "village"), `${r.villageCode} ${Geography.label(r.villageCode.slice(0, 6), lang)}`],
    [h(lang, "วัตถุประสงค์", "purpose"), r.purpose],
    [h(lang, "อ้างถึง", "for"), r.reference ?? ""],
    [h(lang, "กองเงิน", "pool"), poolName(Pool.key(r.pool), lang)],
    [h(lang, "จำนวนเงิน", "amount"), Satang.format(r.amount, lang)],
    [h(lang, "ผู้ขอ", "requester"), `${r.requester} ${r.requestedAt}`],
    [h(lang, "ผู้อนุมัติ", "approvals"), r.approvals.map((a) => `${a.member} ${a.at}`).join(", ")]
  ]
  const width = Math.max(...rows.map(([k]) => Table.width(k)))
  return `${rows.map(([k, v]) => `${k}${" ".repeat(width - Table.width(k))}  ${v}`).join("\n")}`
}

export const balances = (b: Ledger.Balances, lang: Lang.Lang): string => {
  const L = FundReport.labels
  const rows = b.pools.map((p) => {
    const key = Pool.key(p.pool)
    return [poolName(key, lang), money(p.available), money(p.reserved), money(p.spent)]
  })
  return (
    table([left(h(lang, "กองเงิน", "pool")), right(pick(lang, L.available)), right(pick(lang, L.reserved)), right(pick(lang, L.spent))], rows) +
    `${h(lang, "เงินในบัญชีธนาคาร", "in the bank")} ${Satang.format(b.bank, lang)} · ${h(lang, "จ่ายออกแล้วทั้งหมด", "paid out in all")} ${Satang.format(b.disbursed, lang)}\n`
  )
}

// ---------------------------------------------------------------------------------------
// Reconciliation

export const reconciliation = (r: Reconciliation.Result, rejected: number, lang: Lang.Lang): string => {
  const out: Array<string> = []
  const period = r.period === undefined ? "" : `${r.period.from} – ${r.period.to}`
  out.push(
    lang === "th"
      ? `กระทบยอด ${period}: ตรงกัน ${r.matched.length} · ยอดไม่ตรง ${r.mismatched.length} · ไม่พบในบัญชีกองทุน ${r.unmatchedLines.length} · ไม่พบในรายการเดินบัญชี ${r.unmatchedEntries.length}` +
        (r.outsidePeriod > 0 ? ` (นอกช่วงวันที่ ${r.outsidePeriod})` : "") + (rejected > 0 ? ` · บรรทัดที่อ่านไม่ได้ ${rejected}` : "")
      : `reconciliation ${period}: matched ${r.matched.length} · amount differs ${r.mismatched.length} · not in the books ${r.unmatchedLines.length} · not on the statement ${r.unmatchedEntries.length}` +
        (r.outsidePeriod > 0 ? ` (outside the period ${r.outsidePeriod})` : "") + (rejected > 0 ? ` · unreadable lines ${rejected}` : "")
  )
  out.push(
    lang === "th"
      ? `เงินเข้าตามธนาคาร ${Satang.format(r.totals.statementIn)} (ตรงกัน ${Satang.format(r.totals.matchedIn)}) · เงินออกตามธนาคาร ${Satang.format(r.totals.statementOut)} (ตรงกัน ${Satang.format(r.totals.matchedOut)})`
      : `in per the bank ${Satang.format(r.totals.statementIn, "en")} (matched ${Satang.format(r.totals.matchedIn, "en")}) · out per the bank ${Satang.format(r.totals.statementOut, "en")} (matched ${Satang.format(r.totals.matchedOut, "en")})`
  )
  const lineSpec = [right(h(lang, "แถว", "row")), left(h(lang, "วันที่", "date")), left(h(lang, "อ้างอิง", "reference")), left(h(lang, "รายการ", "description")), right(h(lang, "จำนวนเงิน", "amount"))]
  const lineRow = (l: Reconciliation.Match["line"]) => [String(l.line), l.date, l.reference, l.description, money(l.amount)]
  if (r.mismatched.length > 0) {
    out.push("", h(lang, "ยอดไม่ตรง", "Amount differs"))
    out.push(table([...lineSpec, left(h(lang, "ในบัญชีกองทุน", "in the books")), right(h(lang, "ยอดในบัญชี", "books' amount"))], r.mismatched.map((m) => [...lineRow(m.line), m.entry.id, money(m.entry.amount)])).trimEnd())
  }
  if (r.unmatchedLines.length > 0) {
    out.push("", h(lang, "อยู่ในรายการเดินบัญชี แต่ไม่พบในบัญชีกองทุน", "On the statement, not in the books"))
    out.push(table(lineSpec, r.unmatchedLines.map(lineRow)).trimEnd())
  }
  if (r.unmatchedEntries.length > 0) {
    out.push("", h(lang, "อยู่ในบัญชีกองทุน แต่ไม่พบในรายการเดินบัญชี", "In the books, not on the statement"))
    out.push(
      table(
        [left(h(lang, "รายการ", "record")), left(h(lang, "วันที่", "date")), left(h(lang, "อ้างอิง", "reference")), right(h(lang, "จำนวนเงิน", "amount"))],
        r.unmatchedEntries.map((e) => [e.id, e.date, e.reference, money(e.kind === "receipt" ? e.amount : -e.amount)])
      ).trimEnd()
    )
  }
  for (const b of r.balanceBreaks) {
    out.push(
      h(lang, `แถว ${b.line}: ยอดคงเหลือ ${money(b.stated)} ไม่ต่อเนื่อง (ควรเป็น ${money(b.expected)})`, `row ${b.line}: balance ${money(b.stated)} does not follow (expected ${money(b.expected)})`)
    )
  }
  return `${out.join("\n")}\n`
}

// ---------------------------------------------------------------------------------------
// Reports

const areaName = (code: string, lang: Lang.Lang) => Geography.label(code, lang)

const cellCells = (cell: FundReport.Cell, lang: Lang.Lang): ReadonlyArray<string> =>
  cell.suppressed
    ? [pick(lang, FundReport.labels.suppressed), "", ""]
    : [Table.count(cell.households), Table.count(cell.requests), money(cell.amount)]

export const publicReport = (r: FundReport.Public, format: "json" | "csv" | "table", lang: Lang.Lang): string => {
  const L = FundReport.labels
  const outTables = [
    ["moneyOut.byMonth", L.byMonth, r.moneyOut.byMonth, (k: string) => k],
    ["moneyOut.byPurpose", L.byPurpose, r.moneyOut.byPurpose, (k: string) => k],
    ["moneyOut.byDistrict", L.byDistrict, r.moneyOut.byDistrict, (k: string) => areaName(k, lang)],
    ["moneyOut.bySubdistrict", L.bySubdistrict, r.moneyOut.bySubdistrict, (k: string) => `${areaName(k, lang)} (${areaName(k.slice(0, 4), lang)})`]
  ] as const
  if (format === "json") return `${JSON.stringify(FundReportFiles.publicNamed(r), null, 2)}\n`
  const anonymousName = { th: "ผู้ไม่ประสงค์ออกนาม", en: "anonymous contributors" }
  if (format === "csv") return FundReportFiles.publicCsv(r, lang)
  const out: Array<string> = [`${pick(lang, L.public)} — ${h(lang, `ไม่แสดงตัวเลขที่เกี่ยวกับครัวเรือนน้อยกว่า ${r.minimumHouseholds} ครัวเรือน และปกปิดเพิ่มเพื่อไม่ให้คำนวณย้อนจากยอดรวมได้`, `no figure about fewer than ${r.minimumHouseholds} households is shown, and more are hidden so that none can be worked out from the totals`)}`, ""]
  out.push(`${pick(lang, L.moneyIn)} ${pick(lang, L.byMonth)}`)
  out.push(table([left(h(lang, "เดือน", "month")), right(pick(lang, L.receipts)), right(pick(lang, L.amount))], [...r.moneyIn.byMonth.map((m) => [m.key, Table.count(m.receipts), money(m.amount)]), [pick(lang, L.total), Table.count(r.moneyIn.total.receipts), money(r.moneyIn.total.amount)]]))
  out.push(`${pick(lang, L.moneyIn)} ${pick(lang, L.byPool)}`)
  out.push(table([left(h(lang, "กองเงิน", "pool")), right(pick(lang, L.receipts)), right(pick(lang, L.amount))], r.moneyIn.byPool.map((m) => [poolName(m.key, lang), Table.count(m.receipts), money(m.amount)])))
  for (const [, label, cells, name] of outTables) {
    out.push(`${pick(lang, L.moneyOut)} ${pick(lang, label)}`)
    out.push(
      table(
        [left(""), right(pick(lang, L.households)), right(pick(lang, L.requests)), right(pick(lang, L.amount))],
        [...cells.map((c) => [name(c.key), ...cellCells(c, lang)]), [pick(lang, L.total), ...cellCells(r.moneyOut.total, lang)]]
      )
    )
  }
  out.push(pick(lang, L.pools))
  out.push(
    table(
      [left(h(lang, "กองเงิน", "pool")), right(pick(lang, L.received)), right(pick(lang, L.available)), right(pick(lang, L.reserved)), right(pick(lang, L.spent))],
      r.pools.map((p) => [poolName(p.key, lang), money(p.received), ...(p.suppressed ? [pick(lang, L.suppressed), "", ""] : [money(p.available), money(p.reserved), money(p.spent)])])
    )
  )
  out.push(pick(lang, L.contributors))
  out.push(
    table(
      [left(h(lang, "ชื่อ", "name")), left(h(lang, "ประเภท", "kind")), right(pick(lang, L.receipts)), right(pick(lang, L.amount))],
      [
        ...r.contributors.named.map((c) => [c.name, pick(lang, kindLabel[c.kind]), Table.count(c.receipts), money(c.amount)]),
        [`${pick(lang, anonymousName)} (${r.contributors.anonymous.contributors})`, "", Table.count(r.contributors.anonymous.receipts), money(r.contributors.anonymous.amount)],
        [pick(lang, L.unattributed), "", Table.count(r.contributors.unattributed.receipts), money(r.contributors.unattributed.amount)]
      ]
    )
  )
  return out.join("\n")
}

const accountName = (account: Ledger.Account, lang: Lang.Lang): string => {
  const names: Record<Ledger.Account["_tag"], Label> = {
    bank: { th: "บัญชีธนาคาร", en: "bank" },
    disbursed: { th: "จ่ายออก", en: "disbursed" },
    available: FundReport.labels.available,
    reserved: FundReport.labels.reserved,
    paidOut: FundReport.labels.spent
  }
  const base = pick(lang, names[account._tag])
  if (account._tag === "bank" || account._tag === "disbursed") return base
  const key = Pool.key(account.pool)
  return `${base} ${poolName(key, lang)}`
}

export const committee = (r: FundReport.Committee, format: "json" | "csv" | "table", lang: Lang.Lang): string => {
  const L = FundReport.labels
  if (format === "json") return `${JSON.stringify(r, null, 2)}\n`
  if (format === "csv") return FundReportFiles.committeeCsv(r, lang)
  const out: Array<string> = [pick(lang, L.committee), ""]
  out.push(pick(lang, L.movements))
  out.push(
    table(
      [left(h(lang, "รายการ", "movement")), left(h(lang, "เวลา", "at")), left(h(lang, "บัญชี", "account")), right(h(lang, "เดบิต", "debit")), right(h(lang, "เครดิต", "credit"))],
      r.movements.flatMap((m) => m.postings.map((p, i) => [i === 0 ? m.id : "", i === 0 ? m.at : "", accountName(p.account, lang), p.side === "debit" ? money(p.amount) : "", p.side === "credit" ? money(p.amount) : ""]))
    )
  )
  out.push(pick(lang, L.pools))
  out.push(balances(r.balances, lang))
  out.push(pick(lang, L.pending))
  out.push(
    table(
      [left(h(lang, "คำขอ", "request")), left(h(lang, "สถานะ", "state")), left(h(lang, "รหัสบ้าน", "house code")), left(h(lang, "วัตถุประสงค์", "purpose")), right(pick(lang, L.amount)), right(h(lang, "อนุมัติ", "approvals")), left(h(lang, "ผู้ขอ", "requester"))],
      r.pending.map((p) => [p.id, pick(lang, p.state === "requested" ? L.requested : L.awaitingPayment), p.houseCode, p.purpose, money(p.amount), `${p.approvals}/${p.quorum}`, p.requester])
    )
  )
  out.push(pick(lang, L.householdCap))
  out.push(
    table(
      [left(h(lang, "รหัสบ้าน", "house code")), right(pick(lang, L.fiscalYear)), right(pick(lang, L.requests)), right(pick(lang, L.reserved)), right(h(lang, "จ่ายแล้ว", "paid")), right(pick(lang, L.cap)), right(pick(lang, L.remaining))],
      r.households.map((y) => [y.houseCode, String(y.fiscalYear), Table.count(y.requests), money(y.reserved), money(y.paid), money(y.cap), money(y.remaining)])
    )
  )
  return out.join("\n")
}
