import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Contributor } from "../../src/index.js"

const contributor = (anonymous: boolean) =>
  Schema.decodeSync(Contributor.Contributor)({ id: "c-1", kind: "company", displayName: "บริษัท ศรีสะเกษ จำกัด", anonymous })

describe("Contributor.publicName", () => {
  it("names a contributor in public reports by their display name", () => {
    expect(Contributor.publicName(contributor(false))).toBe("บริษัท ศรีสะเกษ จำกัด")
  })

  it("never names a contributor who wished to stay anonymous", () => {
    expect(Contributor.publicName(contributor(true))).toBe("ผู้ไม่ประสงค์ออกนาม")
    expect(Contributor.publicName(contributor(true), "en")).toBe("anonymous contributor")
  })

  it("refuses a contributor without a display name", () => {
    expect(() => Schema.decodeUnknownSync(Contributor.Contributor)({ id: "c-1", kind: "person", displayName: " ", anonymous: false })).toThrow()
  })
})
