import { FundRequest, Ledger, type Satang } from "@phungpao/domain"
import { describe, expect, it } from "vitest"
import * as Refusal from "../src/Refusal.js"

const satang = (n: number) => n as Satang.Satang

describe("Refusal.describe", () => {
  const withAmounts = [
    new FundRequest.OverCeiling({ amount: satang(300_001), ceiling: satang(300_000) }),
    new FundRequest.OverHouseholdCap({ houseCode: "33010000001", fiscalYear: 2565, cap: satang(900_000), committed: satang(800_000), amount: satang(150_000) }),
    new Ledger.InsufficientFunds({ pool: "unrestricted", movementId: "R-1:reservation", available: satang(0), amount: satang(150_000) }),
    new Ledger.Unbalanced({ movementId: "RC-1:receipt", debits: satang(100), credits: satang(99) })
  ] as const

  it("says amounts in baht in English and in บาท in Thai", () => {
    for (const error of withAmounts) {
      const en = Refusal.describe(error, "en").text
      expect([error._tag, en]).toEqual([error._tag, expect.stringMatching(/\d baht/)])
      expect([error._tag, en]).not.toEqual([error._tag, expect.stringMatching(/[\u0e00-\u0e7f]/)])
      expect(Refusal.describe(error, "th").text).toMatch(/\d บาท/)
    }
  })

  it("keeps the domain's own messages, for logs and programs, in English with baht", () => {
    for (const error of withAmounts) expect([error._tag, error.message]).not.toEqual([error._tag, expect.stringMatching(/[\u0e00-\u0e7f]/)])
  })
})
