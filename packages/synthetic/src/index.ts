/**
 * Seeded synthetic household survey records (จปฐ.) for a real Thai province, in the
 * canonical JSON shape of rule set `tpmap-2565`: for demos, tests and load tests, without
 * personal data. The same options always give the same records, byte for byte.
 * `Journeys` takes an evaluated round's target households along the household journey,
 * the same way for the same seed.
 *
 * @example
 * import { generate } from "@phungpao/synthetic"
 * for (const record of generate({ province: "33", households: 1000, seed: 1 })) {
 *   process.stdout.write(JSON.stringify(record) + "\n")
 * }
 */
import * as CitizenIds from "./CitizenIds.js"
import * as Household from "./Household.js"
import { Random } from "./Random.js"
import { SurveyCalendar } from "./SurveyCalendar.js"
import type { SurveyRecordJson } from "./SurveyRecordJson.js"
import { type Place, Villages } from "./Villages.js"

export type { MemberJson, Relation, Sex, SurveyRecordJson, Title, WelfareCard } from "./SurveyRecordJson.js"
export * as Journeys from "./Journeys.js"

export interface GenerateOptions {
  /** DOPA province code, e.g. `"33"` (Sisaket). */
  readonly province: string
  /** How many households to yield. */
  readonly households: number
  /** Any safe integer; each seed is its own synthetic province. */
  readonly seed: number
  /** The survey round in the Buddhist Era; interviews fall 15 January – 30 April of it. Default 2564. */
  readonly surveyYear?: number
  /**
   * The number of the first household, default 0. Household n is the same whatever the
   * offset, so a run can be split into slices (or resumed) that join up exactly.
   */
  readonly offset?: number
}

const wholeNumber = (name: string, value: number, min: number): void => {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`)
  }
}

/**
 * Yields `households` survey records of households `offset`, `offset + 1`, … of the
 * synthetic province `(province, seed)`. House codes and citizen IDs are unique across
 * the province; every record passes `SurveyRecord.decode`.
 *
 * @throws RangeError for an unknown province or out-of-range numbers, before yielding.
 * @example
 * const [first] = generate({ province: "33", households: 1, seed: 7 })
 * first.villageCode.startsWith("33") // true
 */
export const generate = (options: GenerateOptions): Generator<SurveyRecordJson> => {
  const { province, households, seed, surveyYear = 2564, offset = 0 } = options
  wholeNumber("households", households, 0)
  wholeNumber("seed", seed, Number.MIN_SAFE_INTEGER)
  wholeNumber("surveyYear", surveyYear, 2443)
  wholeNumber("offset", offset, 0)
  // Stream 0 lays out the province; household n draws from stream n + 1.
  const setup = new Random(seed, 0)
  const villages = new Villages(province, setup)
  const idShift = setup.int(10_000_000)
  if (villages.runningBound(offset + households) > CitizenIds.maxRunning) {
    throw new RangeError(`${offset + households} households are more than province ${province} can number uniquely`)
  }
  return run(villages, new SurveyCalendar(surveyYear, Household.maxAge), surveyYear, seed, offset, households, idShift)
}

function* run(
  villages: Villages,
  calendar: SurveyCalendar,
  surveyYear: number,
  seed: number,
  offset: number,
  households: number,
  idShift: number
): Generator<SurveyRecordJson> {
  const random = new Random(seed, 0)
  const place: Place = { village: villages.villages[0]!, houseNumber: "", houseCode: "", running: 0 }
  for (let n = offset; n < offset + households; n++) {
    random.reset(seed, n + 1)
    villages.place(n, random, place)
    yield Household.draw(random, calendar, surveyYear, place, idShift)
  }
}
