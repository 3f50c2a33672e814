import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { BankStatementFile, SurveyFile } from "../src/index.js"
import { fileWith, removeFiles, tis620 } from "./files.js"

afterAll(removeFiles)

const sample = fileURLToPath(new URL("../../../docs/samples/bank-statement-2565-03-th.csv", import.meta.url))

const readAll = async (path: string, options?: { encoding?: SurveyFile.Encoding }) => {
  const items: Array<BankStatementFile.Item> = []
  for await (const item of BankStatementFile.read(path, options)) items.push(item)
  return items
}
const lines = (items: ReadonlyArray<BankStatementFile.Item>) => items.flatMap((i) => (i.kind === "line" ? [i.value] : []))
const rejections = (items: ReadonlyArray<BankStatementFile.Item>) => items.flatMap((i) => (i.kind === "rejected" ? [i] : []))

describe("BankStatementFile.read", () => {
  it("reads the Thai sample: the header below the account's details, B.E. dates with a time, debit and credit, thousands separators", async () => {
    const items = await readAll(sample)
    expect(rejections(items)).toEqual([])
    expect(lines(items)).toEqual([
      { line: 6, date: "2022-03-01", reference: "KTB-0001", description: "รับโอน บริษัท ศรีสะเกษรุ่งเรือง จำกัด", amount: 5_000_000, balance: 6_000_000 },
      { line: 7, date: "2022-03-02", reference: "KTB-0002", description: "รับโอน กองทุนหมู่บ้าน", amount: 1_250_000, balance: 7_250_000 },
      { line: 8, date: "2022-03-05", reference: "", description: "โอนเงิน TRF-0042 ค่าชุดนักเรียน", amount: -150_000, balance: 7_100_000 },
      { line: 9, date: "2022-03-10", reference: "KTB-0003", description: "ฝากเงินสด", amount: 90_000, balance: 7_190_000 },
      { line: 10, date: "2022-03-31", reference: "", description: "ค่าธรรมเนียม", amount: -2_500, balance: 7_187_500 }
    ])
  })

  it("reads the canonical columns with a signed amount and C.E. dates", async () => {
    const path = fileWith("canonical.csv", "date,reference,description,amount,balance\n2022-03-15,KTB-9,deposit,\"1,500.00\",1500\n2022-03-16,TRF-1,transfer,-200.5,\n")
    expect(lines(await readAll(path))).toEqual([
      { line: 2, date: "2022-03-15", reference: "KTB-9", description: "deposit", amount: 150_000, balance: 150_000 },
      { line: 3, date: "2022-03-16", reference: "TRF-1", description: "transfer", amount: -20_050 }
    ])
  })

  it("reads TIS-620, as older Thai Excel saves it", async () => {
    const text = "วันที่,รายการ,อ้างอิง,ถอน,ฝาก,ยอดคงเหลือ\r\n15/03/2565,รับโอน,KTB-7,,100.00,100.00\r\n"
    const items = await readAll(fileWith("tis.csv", tis620(text)))
    expect(lines(items)).toEqual([{ line: 2, date: "2022-03-15", reference: "KTB-7", description: "รับโอน", amount: 10_000, balance: 10_000 }])
  })

  it("rejects a bad line with its row, field and reason, and reads on", async () => {
    const path = fileWith(
      "bad.csv",
      [
        "วันที่,รายการ,เลขที่อ้างอิง,ถอน,ฝาก,คงเหลือ",
        "31/02/2565,x,A,,100.00,",
        "01/03/2565,x,B,100.00,50.00,",
        "01/03/2565,x,C,,หนึ่งร้อย,",
        ",x,D,,100.00,",
        "",
        "02/03/2565,x,E,,100.00,"
      ].join("\n")
    )
    const items = await readAll(path)
    expect(rejections(items)).toEqual([
      { kind: "rejected", line: 2, field: "date", reason: "\"31/02/2565\" is not a date: write 15/03/2565 or 2022-03-15" },
      { kind: "rejected", line: 3, field: "debit/credit", reason: "both debit and credit are filled: a line is one or the other" },
      { kind: "rejected", line: 4, field: "credit", reason: "\"หนึ่งร้อย\" is not an amount in baht: write 1,500.00 or 1500" },
      { kind: "rejected", line: 5, field: "date", reason: "the date is missing" }
    ])
    expect(lines(items).map((l) => [l.line, l.reference])).toEqual([[7, "E"]])
  })

  it("refuses a file without a statement header", async () => {
    await expect(readAll(fileWith("survey.csv", "houseCode,villageCode\n33010000001,33010101\n"))).rejects.toMatchObject({
      _tag: "UnreadableFile",
      reason: expect.stringContaining("no header row")
    })
    await expect(readAll(fileWith("half.csv", "วันที่,ถอน,คงเหลือ\n"))).rejects.toMatchObject({ reason: expect.stringContaining("debit column without its credit") })
  })
})
