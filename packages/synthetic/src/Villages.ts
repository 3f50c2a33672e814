/**
 * Where synthetic households live: the villages of a real province (10–15 under each real
 * subdistrict, of uneven size) and, for household number n, its village, house number and
 * house code. The placement is a pure function of n, so any slice of a run can be made on
 * its own, and every house code is unique because it is numbered within its district.
 */
import * as Geography from "@phungpao/domain/geography"
import type { Random } from "./Random.js"

export interface Village {
  readonly code: string
  /** The district code, which is also the house registration office. */
  readonly district: string
  /** This village's place among its district's villages. */
  readonly ordinal: number
  /** How many villages its district has. */
  readonly inDistrict: number
  /** Relative size: the village takes `weight` households in every round of placement. */
  readonly weight: number
}

/** A household's place; `Villages.place` overwrites it, so one object serves a whole run. */
export interface Place {
  village: Village
  houseNumber: string
  houseCode: string
  /** The house's running number within its district, from 0: the district's house counter. */
  running: number
}

const pad7 = (n: number): string => String(10_000_000 + n).slice(1)

export class Villages {
  readonly villages: ReadonlyArray<Village>
  // Placement goes round a shuffled deck of slots, each village holding `weight` of them:
  // household n takes slot n mod slots, so villages fill in proportion to their weight and
  // even a small run is spread over the whole province.
  private readonly slotVillage: Int32Array
  private readonly slotRank: Int32Array

  /** @throws RangeError when `province` is not a province code. */
  constructor(province: string, random: Random) {
    if (Geography.lookup(province)?.level !== "province") {
      throw new RangeError(`${JSON.stringify(province)} is not a province code`)
    }
    const villages: Array<Village> = []
    for (const district of Geography.children(province)) {
      const inDistrict: Array<{ code: string; weight: number }> = []
      for (const subdistrict of Geography.children(district.code)) {
        const count = random.between(10, 15)
        for (let moo = 1; moo <= count; moo++) {
          inDistrict.push({ code: `${subdistrict.code}${String(moo).padStart(2, "0")}`, weight: random.between(2, 6) })
        }
      }
      inDistrict.forEach((v, ordinal) =>
        villages.push({ ...v, district: district.code, ordinal, inDistrict: inDistrict.length })
      )
    }
    this.villages = villages
    const slots = villages.reduce((n, v) => n + v.weight, 0)
    this.slotVillage = new Int32Array(slots)
    this.slotRank = new Int32Array(slots)
    let s = 0
    villages.forEach((v, i) => {
      for (let rank = 0; rank < v.weight; rank++, s++) {
        this.slotVillage[s] = i
        this.slotRank[s] = rank
      }
    })
    for (let i = slots - 1; i > 0; i--) {
      const j = random.int(i + 1)
      const [v, r] = [this.slotVillage[i]!, this.slotRank[i]!]
      this.slotVillage[i] = this.slotVillage[j]!
      this.slotRank[i] = this.slotRank[j]!
      this.slotVillage[j] = v
      this.slotRank[j] = r
    }
  }

  /** A bound on the district running numbers of households 0..count-1 (-1 for none). */
  runningBound(count: number): number {
    if (count <= 0) return -1
    const slots = this.slotVillage.length
    const rounds = Math.ceil(count / slots)
    let highest = -1
    for (const v of this.villages) {
      highest = Math.max(highest, (rounds * v.weight - 1) * v.inDistrict + v.ordinal)
    }
    return highest
  }

  /**
   * Places household number `n` in `place`. Its number within the village counts the
   * rounds before it, so it is unique in the village, and the district running number
   * interleaves the district's villages, so it is unique in the district.
   */
  place(n: number, random: Random, place: Place): void {
    const slots = this.slotVillage.length
    const slot = n % slots
    const village = this.villages[this.slotVillage[slot]!]!
    const inVillage = Math.floor(n / slots) * village.weight + this.slotRank[slot]!
    const running = inVillage * village.inDistrict + village.ordinal
    place.village = village
    place.running = running
    // One house in twelve is a split plot, written with a sub-number (12/1).
    place.houseNumber = random.chance(1 / 12) ? `${inVillage + 1}/${random.between(1, 3)}` : String(inVillage + 1)
    place.houseCode = village.district + pad7(running + 1)
  }
}
