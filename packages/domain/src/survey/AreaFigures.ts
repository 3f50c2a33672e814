/**
 * Alkire–Foster figures for a set of households (a village, subdistrict, district or
 * province): headcount ratio H, intensity A, adjusted headcount M0, and households
 * failing each dimension. Figures derive from a `Tally` of counts, and tallies add up,
 * so the figures of a union are those of the parts' tallies combined.
 */
import type { Decision } from "./Decision.js"
import * as Dimension from "./Dimension.js"

/** Counts over a set of households; everything else derives from these. */
export interface Tally {
  households: number
  persons: number
  surveyPoor: number
  target: number
  /** People living in survey-poor households. */
  surveyPoorPersons: number
  /** People living in target households. */
  targetPersons: number
  /** Failed dimensions summed over the survey-poor households (their deprivation, in fifths). */
  poorFailedDimensions: number
  /** Households failing each dimension. */
  dimensions: Dimension.Counts
  /** Target households failing each dimension. */
  targetDimensions: Dimension.Counts
}

export interface Figures {
  readonly households: number
  readonly persons: number
  readonly surveyPoor: number
  readonly target: number
  readonly surveyPoorPersons: number
  readonly targetPersons: number
  /** Headcount ratio q / n. */
  readonly H: number
  /** Mean deprivation score of the survey-poor households (0 when there are none). */
  readonly A: number
  /** Adjusted headcount H × A. */
  readonly M0: number
  /** Households failing each dimension. */
  readonly dimensions: Readonly<Dimension.Counts>
  /** The share of households failing each dimension (0 when there are none). */
  readonly dimensionShares: Readonly<Dimension.Counts>
  /** Target households failing each dimension. */
  readonly targetDimensions: Readonly<Dimension.Counts>
}

/** A tally of no households. */
export const empty = (): Tally => ({
  households: 0,
  persons: 0,
  surveyPoor: 0,
  target: 0,
  surveyPoorPersons: 0,
  targetPersons: 0,
  poorFailedDimensions: 0,
  dimensions: Dimension.zeroCounts(),
  targetDimensions: Dimension.zeroCounts()
})

/** Adds one household's decision (and its number of persons) to a tally, in place. */
export const add = (tally: Tally, decision: Decision, persons: number): Tally => {
  tally.households += 1
  tally.persons += persons
  if (decision.surveyPoor) {
    tally.surveyPoor += 1
    tally.surveyPoorPersons += persons
    tally.poorFailedDimensions += decision.failedDimensions.length
  }
  if (decision.target) {
    tally.target += 1
    tally.targetPersons += persons
  }
  for (const d of decision.failedDimensions) {
    tally.dimensions[d] += 1
    if (decision.target) tally.targetDimensions[d] += 1
  }
  return tally
}

const sumCounts = (a: Dimension.Counts, b: Dimension.Counts): Dimension.Counts => {
  const out = Dimension.zeroCounts()
  for (const d of Dimension.all) out[d] = a[d] + b[d]
  return out
}

/** The tally of two disjoint sets of households. */
export const combine = (a: Tally, b: Tally): Tally => ({
  households: a.households + b.households,
  persons: a.persons + b.persons,
  surveyPoor: a.surveyPoor + b.surveyPoor,
  target: a.target + b.target,
  surveyPoorPersons: a.surveyPoorPersons + b.surveyPoorPersons,
  targetPersons: a.targetPersons + b.targetPersons,
  poorFailedDimensions: a.poorFailedDimensions + b.poorFailedDimensions,
  dimensions: sumCounts(a.dimensions, b.dimensions),
  targetDimensions: sumCounts(a.targetDimensions, b.targetDimensions)
})

const shares = (tally: Tally): Dimension.Counts => {
  const out = Dimension.zeroCounts()
  if (tally.households > 0) for (const d of Dimension.all) out[d] = tally.dimensions[d] / tally.households
  return out
}

/**
 * H, A and M0 from a tally.
 *
 * @example figures(tally).M0 // e.g. 0.024 when 10 % are poor with a mean score of 0.24
 */
export const figures = (tally: Tally): Figures => {
  const H = tally.households === 0 ? 0 : tally.surveyPoor / tally.households
  const A = tally.surveyPoor === 0 ? 0 : tally.poorFailedDimensions / (Dimension.all.length * tally.surveyPoor)
  return {
    households: tally.households,
    persons: tally.persons,
    surveyPoor: tally.surveyPoor,
    target: tally.target,
    surveyPoorPersons: tally.surveyPoorPersons,
    targetPersons: tally.targetPersons,
    H,
    A,
    M0: H * A,
    dimensions: { ...tally.dimensions },
    dimensionShares: shares(tally),
    targetDimensions: { ...tally.targetDimensions }
  }
}
