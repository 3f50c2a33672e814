/**
 * The government agencies (หน่วยงาน) that deliver help from their own budgets, by a short
 * code, with Thai and English names. `seed` is the usual set of provincial offices; a
 * province adds its own (a hospital, a district office) with the same shape.
 */
import * as Schema from "effect/Schema"

export const AgencyCode = Schema.String.pipe(
  Schema.pattern(/^[a-z][a-z0-9-]{1,39}$/, {
    identifier: "AgencyCode",
    description: "lower-case letters, digits and dashes, 2 to 40 characters"
  }),
  Schema.brand("AgencyCode")
)
export type AgencyCode = typeof AgencyCode.Type

export const Agency = Schema.Struct({
  code: AgencyCode,
  nameTh: Schema.NonEmptyTrimmedString,
  nameEn: Schema.NonEmptyTrimmedString,
  /** The short form offices use (พช.จ., พมจ., …), when there is one. */
  abbreviationTh: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "Agency" })
export type Agency = typeof Agency.Type

/**
 * The provincial offices every province has, as data. The community development office
 * is the provincial centre's secretariat.
 *
 * @example seed.find((a) => a.code === "cdd")?.nameTh // "สำนักงานพัฒนาชุมชนจังหวัด"
 */
export const seed: ReadonlyArray<Agency> = Schema.decodeUnknownSync(Schema.Array(Agency))([
  { code: "cdd", nameTh: "สำนักงานพัฒนาชุมชนจังหวัด", nameEn: "Provincial Community Development Office", abbreviationTh: "พช.จ." },
  { code: "sdhs", nameTh: "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด", nameEn: "Provincial Office of Social Development and Human Security", abbreviationTh: "พมจ." },
  { code: "health", nameTh: "สำนักงานสาธารณสุขจังหวัด", nameEn: "Provincial Public Health Office", abbreviationTh: "สสจ." },
  { code: "education", nameTh: "สำนักงานศึกษาธิการจังหวัด", nameEn: "Provincial Education Office", abbreviationTh: "ศธจ." },
  { code: "labour", nameTh: "สำนักงานแรงงานจังหวัด", nameEn: "Provincial Labour Office" },
  { code: "employment", nameTh: "สำนักงานจัดหางานจังหวัด", nameEn: "Provincial Employment Office" },
  { code: "skills", nameTh: "สำนักงานพัฒนาฝีมือแรงงาน", nameEn: "Skill Development Office" },
  { code: "agriculture", nameTh: "สำนักงานเกษตรจังหวัด", nameEn: "Provincial Agriculture Office" },
  { code: "livestock", nameTh: "สำนักงานปศุสัตว์จังหวัด", nameEn: "Provincial Livestock Office" },
  { code: "fisheries", nameTh: "สำนักงานประมงจังหวัด", nameEn: "Provincial Fisheries Office" },
  { code: "local-government", nameTh: "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด", nameEn: "Provincial Local Administration Office", abbreviationTh: "สถ.จ." },
  { code: "interior", nameTh: "ที่ทำการปกครองจังหวัด", nameEn: "Provincial Administration Office" },
  { code: "land", nameTh: "สำนักงานที่ดินจังหวัด", nameEn: "Provincial Land Office" },
  { code: "commerce", nameTh: "สำนักงานพาณิชย์จังหวัด", nameEn: "Provincial Commerce Office" },
  { code: "industry", nameTh: "สำนักงานอุตสาหกรรมจังหวัด", nameEn: "Provincial Industry Office" },
  { code: "baac", nameTh: "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", nameEn: "Bank for Agriculture and Agricultural Cooperatives", abbreviationTh: "ธ.ก.ส." },
  { code: "red-cross", nameTh: "เหล่ากาชาดจังหวัด", nameEn: "Provincial Red Cross Chapter" }
])

/** The agency of a code in a list, if any. */
export const find = (agencies: ReadonlyArray<Agency>, code: string): Agency | undefined =>
  agencies.find((a) => a.code === code)
