/**
 * The shared kernel: what every context speaks of. Identifiers (citizen ID, house
 * code, area codes), dates and fiscal years, money in satang, the acting user and what it
 * may do, and idempotency keys. Depends on nothing else of the domain.
 */
import * as Access from "./Access.js"
import * as AccessMemory from "./AccessMemory.js"
import * as Actor from "./Actor.js"
import * as ApiToken from "./ApiToken.js"
import * as Area from "./Area.js"
import * as Audit from "./Audit.js"
import * as CalendarDate from "./CalendarDate.js"
import * as CitizenId from "./CitizenId.js"
import * as FiscalYear from "./FiscalYear.js"
import * as HouseCode from "./HouseCode.js"
import * as Idempotency from "./Idempotency.js"
import * as Satang from "./Satang.js"

export { Access, AccessMemory, Actor, ApiToken, Area, Audit, CalendarDate, CitizenId, FiscalYear, HouseCode, Idempotency, Satang }

/** Every tagged error of this context: the refusals every context shares. Each tag is declared once in the domain. */
export type KernelError =
  | Access.NotPermitted
  | Actor.OutOfScope
  | Access.NotFound
  | Access.UnknownUser
  | ApiToken.Unauthenticated
  | ApiToken.IdentityUnproven
  | Idempotency.KeyReused
