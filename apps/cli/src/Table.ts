/**
 * Plain-text tables for people, in Thai or English. Thai vowel and tone marks take no
 * column of their own, so widths count only the characters that advance the cursor.
 */
const marks = /[\p{Mn}\p{Me}\u200b]/gu

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
    .map((c, i) => pad(cells[i] ?? "", c))
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
    width: Math.max(width(s.header), ...rows.map((r) => width(r[i] ?? "")))
  }))

const grouped = new Intl.NumberFormat("en-US")

/** A count with thousands separators. */
export const count = (n: number): string => grouped.format(n)

/** A ratio as a percentage with two decimals. */
export const percent = (ratio: number): string => `${(ratio * 100).toFixed(2)}%`
