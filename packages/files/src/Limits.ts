/**
 * How big and deep one record of a survey file may be. A record past a limit is rejected
 * with its line and reading goes on, so one bad record (a line of 50 MB, nesting 20,000
 * deep, a cell that inflates to 600 MB) neither stops an import nor takes its memory. A
 * household's record is a few kilobytes, three levels deep.
 */

/** Nesting of objects and arrays in a JSON record: the record, `members`, a member, and room for extra fields. */
export const maxDepth = 32

/** Characters of one NDJSON line, JSON array element or CSV record (a quoted cell spanning lines included). */
export const maxRecordLength = 1 << 20

/** Characters of one xlsx cell: Excel's own limit, so no workbook Excel saved has a longer one. */
export const maxCellLength = 32_767

/**
 * An xlsx part (a worksheet, the shared strings) inflating to more than this many bytes at
 * more than `maxInflation` times its compressed size is taken for a zip bomb, and the
 * workbook is refused before it is read. Worksheets deflate some 5 to 20 times.
 */
export const inflatedFloor = 16 << 20

/** See `inflatedFloor`. */
export const maxInflation = 100

/** Whether `value` nests objects and arrays deeper than `maxDepth` (a record itself is depth 1). */
export const tooDeep = (value: unknown, depth = 1): boolean => {
  if (typeof value !== "object" || value === null) return false
  if (depth > maxDepth) return true
  if (Array.isArray(value)) {
    for (const inner of value) if (typeof inner === "object" && inner !== null && tooDeep(inner, depth + 1)) return true
    return false
  }
  for (const key in value) {
    const inner = (value as Record<string, unknown>)[key]
    if (typeof inner === "object" && inner !== null && tooDeep(inner, depth + 1)) return true
  }
  return false
}

/** The reason given for a record longer than `limit` characters. */
export const tooLong = (limit: number): string => `is longer than ${limit.toLocaleString("en")} characters`
