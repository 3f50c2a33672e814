/**
 * Plain-text tables for people, in Thai or English. Thai vowel and tone marks take no
 * column of their own, so widths count only the characters that advance the cursor. A
 * cell is shown `printable`: a name or a note holding terminal control sequences is
 * text to read, never a command to the reader's terminal.
 */
const marks = /[\p{Mn}\p{Me}\u200b]/gu

// C0 controls (ESC among them), DEL and C1 controls; and the bidirectional overrides and
// isolates, which make a terminal show text in another order than it is written.
const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text as a terminal may show it: every control character written as `\xNN` (`\uNNNN`
 * beyond Latin-1), so nothing in stored text can move the cursor, recolour, retitle or
 * reorder the reader's screen.
 *
 * @example printable("a\u001b[2Jb") // "a\\x1b[2Jb"
 */
export const printable = (text: string): string =>
  text.replace(controls, (c) => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`
  })

/** Lines for people: each made `printable`, the line breaks between them kept. */
export const printableLines = (text: string): string => text.split("\n").map(printable).join("\n")

/** Columns a string takes on a terminal. */
export const width = (text: string): number => text.replace(marks, "").length

export type Align = "left" | "right"

export interface Column {
  readonly header: string
  readonly width: number
  readonly align: Align
}

const pad = (text: string, column: Column): string => {
  const room = Math.max(0, column.width - width(text))
  return column.align === "left" ? text + " ".repeat(room) : " ".repeat(room) + text
}

/** One row of cells, laid out in the columns. */
export const row = (columns: ReadonlyArray<Column>, cells: ReadonlyArray<string>): string =>
  columns
    .map((c, i) => pad(printable(cells[i] ?? ""), c))
    .join("  ")
    .trimEnd()

/** The header line and a rule under it. */
export const header = (columns: ReadonlyArray<Column>): string => {
  const line = row(columns, columns.map((c) => c.header))
  return `${line}\n${"─".repeat(width(line))}`
}

/** Columns wide enough for their header and every cell in `rows`. */
export const fit = (
  spec: ReadonlyArray<{ readonly header: string; readonly align: Align }>,
  rows: ReadonlyArray<ReadonlyArray<string>>
): ReadonlyArray<Column> =>
  spec.map((s, i) => ({
    ...s,
    width: Math.max(width(s.header), ...rows.map((r) => width(printable(r[i] ?? ""))))
  }))

const grouped = new Intl.NumberFormat("en-US")

/** A count with thousands separators. */
export const count = (n: number): string => grouped.format(n)

/** A ratio as a percentage with two decimals. */
export const percent = (ratio: number): string => `${(ratio * 100).toFixed(2)}%`
