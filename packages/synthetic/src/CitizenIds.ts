/**
 * National IDs for synthetic people, `N-RRRR-GGGGG-SS-C`: the person type N, the
 * household's district as registration office RRRR, and GGGGGSS numbered from the house's
 * district running number and the person's place in the house, so that no two people of a
 * run (or of any slice of it) share an ID. The check digit is the domain's.
 */
import { CitizenId } from "@phungpao/domain"

/** A house holds at most this many people. */
export const maxMembers = 10

/** The highest district running number whose people still get 7-digit numbers. */
export const maxRunning = Math.floor(10_000_000 / maxMembers) - 1

// A bijection of 0..9_999_999 (the factor is coprime to 10), so numbers stay unique while
// people of one house do not get neighbouring IDs.
const factor = 3_141_593

/**
 * The ID of person `member` (0-based) of the house with district running number `running`.
 * `shift` (0..9_999_999) varies the numbering between seeds.
 *
 * @example issue(3, "3301", 0, 0, 0) // "3330100000004"
 */
export const issue = (personType: 1 | 3, district: string, running: number, member: number, shift: number): string => {
  const number = ((running * maxMembers + member) * factor + shift) % 10_000_000
  const first12 = `${personType}${district}${String(10_000_000 + number).slice(1)}`
  return first12 + CitizenId.checkDigit(first12)
}
