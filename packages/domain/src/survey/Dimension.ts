/**
 * The five dimensions (มิติ) TPMAP measures poverty in. Their order here is the order in
 * which decisions and reports list them.
 */
import * as Schema from "effect/Schema"

export const Dimension = Schema.Literal("health", "living", "education", "income", "access")
export type Dimension = typeof Dimension.Type

/** All five, in reporting order. */
export const all: ReadonlyArray<Dimension> = ["health", "living", "education", "income", "access"]

/** Thai and English names. */
export const label: Record<Dimension, { readonly th: string; readonly en: string }> = {
  health: { th: "สุขภาพ", en: "health" },
  living: { th: "ความเป็นอยู่", en: "living conditions" },
  education: { th: "การศึกษา", en: "education" },
  income: { th: "รายได้", en: "income" },
  access: { th: "การเข้าถึงบริการรัฐ", en: "access to public services" }
}

/** A count for each dimension. */
export type Counts = { [D in Dimension]: number }

/** Zero for every dimension. */
export const zeroCounts = (): Counts => ({ health: 0, living: 0, education: 0, income: 0, access: 0 })
