/**
 * Contributors to the fund (ผู้สมทบ): people, companies, agencies and networks (the OTOP
 * network, village and urban community funds, women's development funds, …). Public
 * reports name them unless they asked to stay anonymous.
 */
import * as Schema from "effect/Schema"

export const ContributorId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("ContributorId"))
export type ContributorId = typeof ContributorId.Type

export const Kind = Schema.Literal("person", "company", "agency", "network")
export type Kind = typeof Kind.Type

export class Contributor extends Schema.Class<Contributor>("Contributor")({
  id: ContributorId,
  kind: Kind,
  displayName: Schema.NonEmptyTrimmedString,
  /** The contributor's wish not to be named in public reports. */
  anonymous: Schema.Boolean
}) {}

/** How public reports name someone who asked not to be named. */
export const anonymousName = { th: "ผู้ไม่ประสงค์ออกนาม", en: "anonymous contributor" } as const

/**
 * The name a public report may print.
 *
 * @example publicName(new Contributor({ id, kind: "person", displayName: "สมชาย", anonymous: true })) // "ผู้ไม่ประสงค์ออกนาม"
 */
export const publicName = (contributor: Contributor, lang: "th" | "en" = "th"): string =>
  contributor.anonymous ? anonymousName[lang] : contributor.displayName
