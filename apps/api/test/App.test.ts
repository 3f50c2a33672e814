import { describe, expect, it } from "vitest"
import { makeApp } from "../src/App.js"

const record = {
  houseCode: "33010000001",
  villageCode: "33010101",
  surveyYear: 2564,
  surveyedOn: "2021-03-15",
  welfareCard: "verified",
  annualIncomeBaht: 60000,
  hygienicFood: true,
  appropriateMedicineUse: true,
  secureTenure: true,
  durableHouse: true,
  drinkingWaterLitresPerPersonPerDay: 10,
  waterUseLitresPerPersonPerDay: 60,
  tidyHome: true,
  members: [
    { citizenId: "1101700230708", firstName: "สมชาย", lastName: "ใจดี", sex: "male", birthDate: "1970-05-01", relation: "head", exercises: true, literate: true, hasOccupationAndIncome: true },
    { citizenId: "3301000123458", firstName: "สมหญิง", lastName: "ใจดี", sex: "female", birthDate: "1972-01-01", relation: "spouse", exercises: true, literate: true, hasOccupationAndIncome: true }
  ]
}

describe("api", () => {
  it("answers the health check", async () => {
    const res = await makeApp().request("/health")
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: "ok" })
  })

  it("evaluates a record into a decision that names the failed income indicator", async () => {
    const res = await makeApp().request("/v1/evaluate", { method: "POST", body: JSON.stringify(record) })
    expect(res.status).toBe(200)
    const decision = (await res.json()) as { target: boolean; failedDimensions: Array<string>; reasons: Array<{ indicator: number }> }
    expect(decision.failedDimensions).toEqual(["income"])
    expect(decision.target).toBe(true)
    expect(decision.reasons.map((r) => r.indicator)).toEqual([22])
  })

  it("refuses an invalid record with the field path and reason", async () => {
    const bad = { ...record, houseCode: "123" }
    const res = await makeApp().request("/v1/evaluate", { method: "POST", body: JSON.stringify(bad) })
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ error: "InvalidRecord", path: "houseCode" })
  })

  it("never echoes a value of the record in its error, whatever field it landed in", async () => {
    const id = "3330196106305"
    const [head, spouse] = record.members
    for (const bad of [
      { ...record, members: [{ ...head, sex: id }, spouse] },
      { ...record, members: [{ ...head, birthDate: id }, spouse] },
      { ...record, villageCode: id },
      { ...record, houseCode: id },
      { ...record, annualIncomeBaht: -3330196106305 },
      { ...record, members: [{ ...head, birthDate: "2564-05-01" }, spouse] }
    ]) {
      const res = await makeApp().request("/v1/evaluate", { method: "POST", body: JSON.stringify(bad) })
      expect(res.status).toBe(422)
      const text = await res.text()
      expect(text).not.toContain(id)
      expect(text).not.toContain("2564")
      expect(text).not.toContain("05-01")
    }
  })

  it("describes rule set tpmap-2565 and 404s an unknown one", async () => {
    const app = makeApp()
    const res = await app.request("/v1/rule-sets/tpmap-2565")
    const body = (await res.json()) as { indicators: Array<{ indicator: number }> }
    expect(body.indicators.map((i) => i.indicator)).toEqual([1, 4, 5, 7, 8, 9, 10, 11, 15, 16, 17, 19, 20, 21, 22, 27, 28])
    expect((await app.request("/v1/rule-sets/nope")).status).toBe(404)
  })
})
