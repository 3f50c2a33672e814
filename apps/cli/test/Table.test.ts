import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Table from "../src/Table.js"

describe("Table.printable", () => {
  it("writes C0 and C1 controls, ESC and DEL as \\xNN, and bidirectional overrides as \\uNNNN", () => {
    expect(Table.printable("ok\u001b[2J\u001b]0;pwned\u0007")).toBe("ok\\x1b[2J\\x1b]0;pwned\\x07")
    expect(Table.printable("a\rb\nc\td\u007f\u009b")).toBe("a\\x0db\\x0ac\\x09d\\x7f\\x9b")
    expect(Table.printable("abc\u202eevil")).toBe("abc\\u202eevil")
  })

  it("leaves Thai, its vowel and tone marks, and ordinary text alone", () => {
    for (const text of ["นางสาวสมศรี ใจดี", "บ้านโพธิ์ หมู่ 3", "OTOP (ศรีสะเกษ) 1,500.00 บาท"]) expect(Table.printable(text)).toBe(text)
  })

  it("never leaves a control character in what it gives, whatever it is given (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(Table.printable(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
      })
    )
  })

  it("lays out a row by the width of the cell as shown", () => {
    const rows = [["\u001b[31mred", "x"]]
    const columns = Table.fit([{ header: "name", align: "left" }, { header: "v", align: "left" }], rows)
    expect(Table.row(columns, rows[0]!)).toBe("\\x1b[31mred  x")
  })
})
