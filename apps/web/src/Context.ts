/** What every page is rendered with: the language, the signed-in user, their API client and the form token. */
import { Access } from "@phungpao/domain"
import type { Client } from "./Client.js"
import { type Lang, t, type Word } from "./I18n.js"

export interface Me {
  readonly id: string
  readonly role: string
  readonly scope: ReadonlyArray<string>
}

export interface Ctx {
  readonly lang: Lang
  readonly t: (word: Word) => string
  readonly me: Me | undefined
  readonly api: Client
  /** The hidden field every form carries: a hash of the session's token (`Web.csrfOf`). */
  readonly csrf: string
  /** The page's own path and query, for the language switch to come back to. */
  readonly here: string
}

export const ctxOf = (fields: Omit<Ctx, "t">): Ctx => ({ ...fields, t: t(fields.lang) })

/** Whether the user's role has a right of `Access.table`: which links a page offers (the API decides what it answers). */
export const may = (me: Me | undefined, action: Access.Action): boolean =>
  me !== undefined && (Access.table[action] as ReadonlyArray<string>).includes(me.role)

/** The user's home area: the first of their areas ("" for the whole country). */
export const home = (me: Me): string => me.scope[0] ?? ""
