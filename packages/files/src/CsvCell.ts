/**
 * One cell of a CSV file as Phungpao writes it, for every CSV it writes (survey exports,
 * rejects files, fund reports): quoted as RFC 4180 says, and neutralised against formula
 * injection the OWASP way. A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return as a formula (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`), so such
 * a cell is written with a single quote before it, which Excel and LibreOffice show as
 * text. A number is left alone: a number value, or text that is wholly a number
 * (`-1500.00`), which no spreadsheet runs as anything but that number.
 */

/** Text a spreadsheet would run as a formula, allowing quotes this module put before it. */
const formula = /^'*[=+\-@\t\r]/

/** Text that is wholly a decimal number, sign included. */
const number = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/

/**
 * A cell's text, neutralised: a single quote before text a spreadsheet would run as a
 * formula. A quote already before such text is doubled, so that `read` gives back exactly
 * what was written.
 *
 * @example text("=1+1") // "'=1+1"
 * @example text("-1500.00") // "-1500.00"
 */
export const text = (value: string | number): string => {
  if (typeof value === "number") return String(value)
  return formula.test(value) && !number.test(value) ? `'${value}` : value
}

/**
 * A cell's text as it was before `text`: one single quote fewer before what would be a formula.
 *
 * @example read("'=1+1") // "=1+1"
 */
export const read = (cell: string): string => (cell.charCodeAt(0) === 0x27 && formula.test(cell.slice(1)) ? cell.slice(1) : cell)

/** A cell ready for a line: neutralised, then quoted when it holds a comma, a quote or a line break. */
export const field = (value: string | number): string => {
  const t = text(value)
  return /[",\n\r]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t
}

/** One CSV line of `cells`, without its line end. */
export const line = (cells: ReadonlyArray<string | number>): string => cells.map(field).join(",")
