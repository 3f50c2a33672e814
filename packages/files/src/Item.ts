/**
 * What reading a survey file yields, in file order: a raw record (plain JSON in the
 * canonical shape, not yet validated: the caller runs `SurveyRecord.decode`) with where
 * it starts, or a row that could not be read, with where and why.
 */

/**
 * `line` is the 1-based line (NDJSON), the 1-based element number (JSON array), or the
 * spreadsheet row number (CSV, xlsx; the header is row 1): of the household's first row
 * for a record, of the row where the problem is for a rejection.
 */
export type Item =
  | { readonly kind: "record"; readonly line: number; readonly value: unknown }
  | {
      readonly kind: "rejected"
      readonly line: number
      /** The field path as `SurveyRecord.decode` names it (`members[1].birthDate`), or `(record)`/`(row)`. */
      readonly field: string
      readonly reason: string
    }

export const rejected = (line: number, field: string, reason: string): Item => ({ kind: "rejected", line, field, reason })
