/**
 * The fund's reports as files: the public report's JSON (with the areas' names) and the
 * CSV of the public and the committee's reports, one figure a row
 * (`section,key,name,figure,value`), amounts in baht, cells neutralised (`CsvCell`). The
 * command line and the HTTP API write the same bytes.
 */
import { FundReport, Ledger, Pool } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import * as CsvCell from "./CsvCell.js"

type Lang = "th" | "en"
type Label = { readonly th: string; readonly en: string }
const pick = (lang: Lang, label: Label) => label[lang]
const h = (lang: Lang, th: string, en: string) => (lang === "th" ? th : en)

/** Baht with two decimals and no separators: for CSV. */
export const plain = (satang: number): string => {
  const abs = Math.abs(satang)
  return `${satang < 0 ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`
}

/** A pool's name: its purpose and the area's name, or unrestricted. */
export const poolName = (key: string, lang: Lang): string => {
  if (key === "unrestricted") return pick(lang, FundReport.labels.unrestricted)
  if (key === "total") return pick(lang, FundReport.labels.total)
  return key
    .split(",")
    .map((part) => {
      const [name, value = ""] = part.split("=")
      return name === "area" ? Geography.label(value, lang) : value
    })
    .join(" · ")
}

/** A report's CSV: one figure a row, a suppressed figure as `suppressed`. */
const csv = (rows: ReadonlyArray<readonly [string, string, string, string, string | number]>): string =>
  `\ufeff${[CsvCell.line(["section", "key", "name", "figure", "value"]), ...rows.map(CsvCell.line)].join("\n")}\n`

const areaName = (code: string, lang: Lang) => Geography.label(code, lang)

const cellFigures = (cell: FundReport.Cell): ReadonlyArray<readonly [string, string | number]> =>
  cell.suppressed
    ? [["households", "suppressed"], ["requests", "suppressed"], ["amount", "suppressed"]]
    : [["households", cell.households], ["requests", cell.requests], ["amount", plain(cell.amount)]]

/** The public report with each district's and subdistrict's names: what `--format json` prints and the API answers. */
export const publicNamed = (r: FundReport.Public) => {
  const named = (cells: ReadonlyArray<FundReport.Cell>) =>
    cells.map((c) => ({ ...c, nameTh: Geography.lookup(c.key)?.nameTh ?? null, nameEn: Geography.lookup(c.key)?.nameEn ?? null }))
  return { ...r, moneyOut: { ...r.moneyOut, byDistrict: named(r.moneyOut.byDistrict), bySubdistrict: named(r.moneyOut.bySubdistrict) } }
}

/** The public report as CSV. */
export const publicCsv = (r: FundReport.Public, lang: Lang): string => {
  const L = FundReport.labels
  const outTables = [
    ["moneyOut.byMonth", r.moneyOut.byMonth, (k: string) => k],
    ["moneyOut.byPurpose", r.moneyOut.byPurpose, (k: string) => k],
    ["moneyOut.byDistrict", r.moneyOut.byDistrict, (k: string) => areaName(k, lang)],
    ["moneyOut.bySubdistrict", r.moneyOut.bySubdistrict, (k: string) => `${areaName(k, lang)} (${areaName(k.slice(0, 4), lang)})`]
  ] as const
  const anonymousName = { th: "ผู้ไม่ประสงค์ออกนาม", en: "anonymous contributors" }
  const rows: Array<readonly [string, string, string, string, string | number]> = []
  rows.push(["moneyIn", "total", pick(lang, L.total), "receipts", r.moneyIn.total.receipts], ["moneyIn", "total", pick(lang, L.total), "amount", plain(r.moneyIn.total.amount)])
  for (const m of r.moneyIn.byMonth) rows.push(["moneyIn.byMonth", m.key, m.key, "receipts", m.receipts], ["moneyIn.byMonth", m.key, m.key, "amount", plain(m.amount)])
  for (const m of r.moneyIn.byPool) rows.push(["moneyIn.byPool", m.key, poolName(m.key, lang), "receipts", m.receipts], ["moneyIn.byPool", m.key, poolName(m.key, lang), "amount", plain(m.amount)])
  for (const [figure, value] of cellFigures(r.moneyOut.total)) rows.push(["moneyOut", "total", pick(lang, L.total), figure, value])
  for (const [section, cells, name] of outTables) {
    for (const c of cells) for (const [figure, value] of cellFigures(c)) rows.push([section, c.key, name(c.key), figure, value])
  }
  for (const p of r.pools) {
    rows.push(["pools", p.key, poolName(p.key, lang), "received", plain(p.received)])
    for (const figure of ["available", "reserved", "spent"] as const) rows.push(["pools", p.key, poolName(p.key, lang), figure, p.suppressed ? "suppressed" : plain(p[figure])])
  }
  for (const c of r.contributors.named) rows.push(["contributors", c.kind, c.name, "amount", plain(c.amount)])
  rows.push(["contributors", "anonymous", pick(lang, anonymousName), "amount", plain(r.contributors.anonymous.amount)])
  rows.push(["contributors", "unattributed", pick(lang, L.unattributed), "amount", plain(r.contributors.unattributed.amount)])
  return csv(rows)
}

/** The committee's report as CSV. */
export const committeeCsv = (r: FundReport.Committee, lang: Lang): string => {
  const L = FundReport.labels
  const rows: Array<readonly [string, string, string, string, string | number]> = []
  for (const m of r.movements) {
    for (const p of m.postings) rows.push(["movements", m.id, `${m.kind} ${m.at}`, `${p.side} ${Ledger.accountKey(p.account)}`, plain(p.amount)])
  }
  for (const p of r.balances.pools) {
    const key = Pool.key(p.pool)
    for (const figure of ["available", "reserved", "spent"] as const) rows.push(["pools", key, poolName(key, lang), figure, plain(p[figure])])
  }
  rows.push(["pools", "bank", h(lang, "บัญชีธนาคาร", "bank"), "balance", plain(r.balances.bank)])
  for (const p of r.pending) {
    for (const [figure, value] of [["state", p.state], ["houseCode", p.houseCode], ["villageCode", p.villageCode], ["purpose", p.purpose], ["pool", p.pool], ["amount", plain(p.amount)], ["approvals", `${p.approvals}/${p.quorum}`], ["requester", p.requester], ["requestedOn", p.requestedOn]] as const) {
      rows.push(["pending", p.id, pick(lang, p.state === "requested" ? L.requested : L.awaitingPayment), figure, value])
    }
  }
  for (const y of r.households) {
    for (const figure of ["requests", "reserved", "paid", "cap", "remaining"] as const) {
      rows.push(["households", `${y.houseCode}/${y.fiscalYear}`, y.houseCode, figure, figure === "requests" ? y.requests : plain(y[figure])])
    }
  }
  return csv(rows)
}
