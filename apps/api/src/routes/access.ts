/** Who may call the API (tokens) and what was read unmasked (the audit log), over HTTP. */
import { ApiToken, Audit } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { define } from "../Route.js"
import { Cursor, Limit, pageOf } from "./common.js"

const Listed = ApiToken.Stored.pipe(Schema.omit("hash")).annotations({ identifier: "ApiTokenListed" })

const AuditEntry = Audit.Entry

export const routes = [
  define({
    method: "get",
    path: "/v1/me",
    operationId: "me",
    tag: "access",
    summary: "Who the token acts as: the user's id, role and areas",
    response: Schema.Struct({ id: Schema.String, role: Schema.String, scope: Schema.Array(Schema.String) }).annotations({ identifier: "Me" }),
    handler: ({ actor }) => Effect.succeed({ id: actor.id, role: actor.role, scope: actor.scope })
  }),
  define({
    method: "get",
    path: "/v1/audit",
    operationId: "listAudit",
    tag: "audit",
    summary: "The audit log of personal-data reads and writes, oldest first, a page at a time",
    action: "readAudit",
    query: Schema.Struct({
      user: Schema.optionalWith(Schema.String.pipe(Schema.maxLength(100)), { exact: true }),
      since: Schema.optionalWith(Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}-\d{2}/), Schema.annotations({ description: "An ISO date or time" })), { exact: true }),
      limit: Limit,
      cursor: Cursor
    }),
    response: Schema.Struct({ items: Schema.Array(AuditEntry), next: Schema.NullOr(Schema.String) }).annotations({ identifier: "AuditPage" }),
    handler: ({ actor, query }) =>
      Effect.map(
        Audit.list(actor, { ...(query.user === undefined ? {} : { actor: query.user }), ...(query.since === undefined ? {} : { since: query.since }) }),
        // Entries in the order appended: the position in the log is the key.
        (entries) => {
          const keyed = entries.map((entry, i) => ({ entry, key: String(i).padStart(12, "0") }))
          const page = pageOf(keyed, (e) => e.key, query.cursor, query.limit)
          return { items: page.items.map((e) => e.entry), next: page.next }
        }
      )
  }),
  define({
    method: "get",
    path: "/v1/tokens",
    operationId: "listTokens",
    tag: "access",
    summary: "The API tokens (never their secrets or hashes)",
    action: "manageTokens",
    response: Schema.Struct({ items: Schema.Array(Listed) }),
    handler: ({ actor }) => Effect.map(ApiToken.list(actor), (items) => ({ items }))
  }),
  define({
    method: "post",
    path: "/v1/tokens/{id}/revoke",
    operationId: "revokeToken",
    revokesTokens: true,
    tag: "access",
    summary: "Revokes a token: from now on it acts as nobody",
    action: "manageTokens",
    params: Schema.Struct({ id: ApiToken.TokenId }),
    response: Schema.Struct({ id: Schema.String, revoked: Schema.Literal(true) }),
    status: 200,
    handler: ({ actor, params }) => Effect.as(ApiToken.revoke(actor, params.id), { id: params.id, revoked: true as const })
  })
]
