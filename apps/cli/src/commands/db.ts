/**
 * `phungpao db migrate`: bring the database to this program's schema (and seed areas),
 * then verify the books. `phungpao db verify`: verify them only (see `Verify`), printing
 * where each hash chain ends, to compare with a copy kept off the machine.
 */
import { Migrations, Verify } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Cli from "../Cli.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"

export const options = { format: { type: "string" }, lang: { type: "string" }, help: { type: "boolean", short: "h" } } as const

/** The exit status of books that do not verify. */
export const tampered = 3

const reasons: Readonly<Record<Verify.RequestReason, { readonly th: string; readonly en: string }>> = {
  stateColumn: { th: "สถานะในคอลัมน์ไม่ตรงกับในระเบียน", en: "its state column disagrees with its record" },
  missingReservation: { th: "ไม่มีรายการกันเงิน", en: "its reservation movement is missing" },
  missingPayment: { th: "ไม่มีรายการจ่ายเงิน", en: "its payment movement is missing" },
  missingRelease: { th: "ไม่มีรายการคืนเงินกัน", en: "its release movement is missing" },
  unexpectedReservation: { th: "มีรายการกันเงินที่สถานะนี้ไม่ควรมี", en: "it has a reservation movement its state should not have" },
  unexpectedPayment: { th: "มีรายการจ่ายเงินที่สถานะนี้ไม่ควรมี", en: "it has a payment movement its state should not have" },
  unexpectedRelease: { th: "มีรายการคืนเงินกันที่สถานะนี้ไม่ควรมี", en: "it has a release movement its state should not have" },
  noRequest: { th: "มีรายการในบัญชีแต่ไม่มีคำขอ", en: "the ledger has its movements but there is no such request" },
  logbookNotPaid: { th: "มีบันทึกการจ่ายในสมุดบันทึกแต่คำขอยังไม่จ่าย", en: "the logbook has its payment but the request is not paid" }
}

/** A finding in words: where it is and what is wrong, never a value of the row. */
export const describe = (finding: Verify.Finding, lang: Lang.Lang): string => {
  const h = (th: string, en: string) => Lang.pick(lang, { th, en })
  switch (finding._tag) {
    case "ChainBroken":
      return h(
        `${finding.table} แถว ${finding.id} (ลำดับ ${finding.position}): ห่วงโซ่แฮชขาด แถวนี้หรือแถวก่อนหน้าถูกแก้ ลบ หรือแทรก`,
        `${finding.table} row ${finding.id} (position ${finding.position}): the hash chain breaks: this row or the one before was changed, removed or slipped in`
      )
    case "BalanceMismatch":
      return h(
        `fund_balance บัญชี ${finding.account}: ยอดที่เก็บไว้ (เดบิต ${finding.stored.debits}, เครดิต ${finding.stored.credits}) ไม่เท่ากับผลรวมของรายการ (เดบิต ${finding.postings.debits}, เครดิต ${finding.postings.credits})`,
        `fund_balance account ${finding.account}: stored totals (debits ${finding.stored.debits}, credits ${finding.stored.credits}) are not the sums of its postings (debits ${finding.postings.debits}, credits ${finding.postings.credits})`
      )
    case "RequestMismatch":
      return h(
        `fund_request ${finding.request} (สถานะ ${finding.state}): ${reasons[finding.reason].th}`,
        `fund_request ${finding.request} (state ${finding.state}): ${reasons[finding.reason].en}`
      )
    case "ReceiptMismatch":
      return h(
        `fund_receipt ${finding.receipt}: ${{ missingReceipt: "ไม่มีรายการรับเงิน", missingReversal: "ไม่มีรายการกลับรายการรับเงิน", unexpectedReversal: "มีรายการกลับรายการแต่ใบรับเงินไม่ได้ถูกกลับรายการ" }[finding.reason]}`,
        `fund_receipt ${finding.receipt}: ${{ missingReceipt: "its receipt movement is missing", missingReversal: "its reversal movement is missing", unexpectedReversal: "it has a reversal movement but is not reversed" }[finding.reason]}`
      )
    case "SettingsMismatch":
      return finding.reason === "notConfigured"
        ? h("fund_settings: มีการตั้งค่าที่ไม่ได้บันทึกผ่านคำสั่ง configure", "fund_settings: settings stored that no configure recorded")
        : h("fund_settings: การตั้งค่าไม่ตรงกับที่คำสั่ง configure ครั้งล่าสุดบันทึกไว้", "fund_settings: the settings are not those the last configure recorded")
    case "TriggerMissing":
      return finding.reason === "missing"
        ? h(`${finding.table}: ไม่มีทริกเกอร์ ${finding.trigger}`, `${finding.table}: trigger ${finding.trigger} is missing`)
        : h(`${finding.table}: ทริกเกอร์ ${finding.trigger} ไม่ได้ทำงานเสมอ (ENABLE ALWAYS)`, `${finding.table}: trigger ${finding.trigger} does not fire always (ENABLE ALWAYS)`)
  }
}

/** Writes the report (findings on stderr) and returns the exit status: 0 when clean. */
const print = async (report: Verify.Report, format: "json" | "table", lang: Lang.Lang, quiet: boolean): Promise<number> => {
  if (format === "json") {
    await Cli.write(process.stdout, `${JSON.stringify(report)}\n`)
    return report.findings.length === 0 ? 0 : tampered
  }
  const h = (th: string, en: string) => Lang.pick(lang, { th, en })
  if (report.findings.length === 0) {
    if (!quiet) {
      const ends = report.chains.map((c) => h(`${c.table}: ${c.rows} แถว แฮชสุดท้าย ${c.last}`, `${c.table}: ${c.rows} rows, last hash ${c.last}`))
      await Cli.write(process.stdout, `${[h("ตรวจสมุดบัญชีแล้ว ไม่พบสิ่งผิดปกติ", "books verified: nothing found"), ...ends].join("\n")}\n`)
    }
    return 0
  }
  const lines = report.findings.map((f) => `phungpao: ${describe(f, lang)}`)
  const head = h(`phungpao: ตรวจสมุดบัญชีพบ ${report.findings.length} รายการที่ผิดปกติ`, `phungpao: the books do not verify: ${report.findings.length} finding(s)`)
  process.stderr.write(`${[head, ...lines].join("\n")}\n`)
  return tampered
}

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  const { format, lang } = Cli.output(values)
  if (positionals[0] === "verify" && positionals.length === 1) {
    const report = await Registry.run(Verify.verify)
    return print(report, format, lang, false)
  }
  if (positionals[0] !== "migrate" || positionals.length > 1) throw new Cli.UsageError("expected 'db migrate' or 'db verify'")
  let ran: ReadonlyArray<string> = []
  const report = await Registry.run(Verify.verify, (names) => (ran = names))
  if (report.findings.length > 0) return print(report, format, lang, true)
  process.stdout.write(
    ran.length === 0
      ? `database is up to date (schema ${Migrations.latest})\n`
      : `database migrated to schema ${Migrations.latest}\n`
  )
  return 0
}
