import { describe, expect, it } from "vitest"
import { CsvCell } from "../src/index.js"

describe("CsvCell.text", () => {
  it("neutralises a cell a spreadsheet would run as a formula, the OWASP way", () => {
    expect(CsvCell.text('=HYPERLINK("http://evil.example","click")')).toBe(`'=HYPERLINK("http://evil.example","click")`)
    expect(CsvCell.text("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0")
    expect(CsvCell.text("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0")
    expect(CsvCell.text("@SUM(1+1)*cmd|' /C calc'!A0")).toBe("'@SUM(1+1)*cmd|' /C calc'!A0")
    expect(CsvCell.text("\t=1")).toBe("'\t=1")
    expect(CsvCell.text("\r=1")).toBe("'\r=1")
    // A leading quote before a formula is doubled, so that reading takes one off exactly.
    expect(CsvCell.text("'=1")).toBe("''=1")
  })

  it("keeps numbers, negative ones too, and ordinary text as they are", () => {
    for (const plain of ["-1500.00", "-3", "+5", "1,500.00", "สมชาย", "", "a=b", "'quoted'", "2021-03-15"]) expect(CsvCell.text(plain)).toBe(plain)
    expect(CsvCell.text(-1500)).toBe("-1500")
  })

  it("is undone by CsvCell.read", () => {
    for (const text of ["=1", "''=1", "'=1", "-1500", "@x", "\t-", "plain", "'"]) expect(CsvCell.read(CsvCell.text(text))).toBe(text)
  })
})

describe("CsvCell.line", () => {
  it("quotes as RFC 4180 does, after neutralising", () => {
    expect(CsvCell.line(["a", 'say "hi"', "x,y", "=1+1", -2, "l1\nl2"])).toBe(`a,"say ""hi""","x,y",'=1+1,-2,"l1\nl2"`)
  })
})
