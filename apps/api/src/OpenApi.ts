/**
 * The OpenAPI 3.1 document of the API, made from the routes' own Schemas (Effect's
 * `JSONSchema`, targeting OpenAPI 3.1): the parameters, bodies and answers it describes
 * are the ones the server decodes and encodes. Named schemas (an `identifier`
 * annotation) become components, shared by every route that uses them.
 */
import { Access } from "@phungpao/domain"
import * as JSONSchema from "effect/JSONSchema"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type { Route } from "./Route.js"

export const version = "1.0.0"

/** The body of every error answer (RFC 9457). */
export const ProblemSchema = Schema.Struct({
  type: Schema.String,
  title: Schema.String,
  status: Schema.Int,
  detail: Schema.optionalWith(Schema.String, { exact: true }),
  titleTh: Schema.optionalWith(Schema.String, { exact: true }),
  tag: Schema.optionalWith(Schema.String, { exact: true }),
  path: Schema.optionalWith(Schema.String, { exact: true }),
  reason: Schema.optionalWith(Schema.String, { exact: true }),
  errors: Schema.optionalWith(Schema.Array(Schema.Struct({ path: Schema.String, reason: Schema.String })), { exact: true }),
  requestId: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "Problem", description: "An error answer: application/problem+json (RFC 9457)" })

const errorAnswers: Record<string, string> = {
  "400": "Bad input: the fields at fault and why (never their values)",
  "401": "No token, or one unknown, expired or revoked",
  "403": "The caller's role may not do this",
  "404": "Nothing at this address for this caller: it does not exist or lies outside the caller's areas",
  "409": "The record's state does not allow it now",
  "413": "The body is too large",
  "415": "The body's media type is not one the route reads",
  "422": "Well-formed, but the rules refuse it (or an idempotency key reused with another body)",
  "429": "Too many requests: wait Retry-After seconds",
  "500": "A defect: the request id, nothing else"
}

const publicErrors = ["400", "413", "422", "429", "500"]

/** The document for a list of routes. */
export const document = (routes: ReadonlyArray<Route>) => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  const json = (ast: AST.AST) =>
    JSONSchema.fromAST(ast, { definitions, definitionPath: "#/components/schemas/", target: "openApi3.1", topLevelReferenceStrategy: "keep" })
  const problemRef = json(ProblemSchema.ast)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const parameters: Array<Record<string, unknown>> = []
    const fields = (struct: Schema.Struct<any> | undefined, where: "path" | "query") => {
      if (struct === undefined) return
      for (const ps of (struct.ast as AST.TypeLiteral).propertySignatures) {
        const description = AST.getDescriptionAnnotation(ps).pipe((o) => (o._tag === "Some" ? o.value : undefined))
        parameters.push({
          name: String(ps.name),
          in: where,
          required: where === "path" || !ps.isOptional,
          schema: json(ps.type),
          ...(description === undefined ? {} : { description })
        })
      }
    }
    fields(route.params, "path")
    fields(route.query, "query")
    if (route.writes && route.idempotency !== "none") {
      const required = route.idempotency === "required"
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required,
        description: `${required ? "Required. " : ""}The same key and body replay the first answer and write nothing; the same key with another body answers 422`,
        schema: json(AST.stringKeyword)
      })
    }
    const roles = route.action === undefined ? undefined : (Access.table[route.action] as ReadonlyArray<string>)
    const needs = route.auth === "public" ? "No token needed: it holds no personal data." : roles === undefined ? "Any caller with a token." : `Needs \`${route.action}\`: ${roles.join(", ")}.`
    const content: Record<string, unknown> = { "application/json": { schema: json(route.response.ast) } }
    if (route.csv === true) content["text/csv"] = { schema: { type: "string" } }
    const errors = route.auth === "public" ? publicErrors : Object.keys(errorAnswers)
    const operation = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      description: [route.description, needs].filter((s) => s !== undefined).join("\n\n"),
      security: route.auth === "public" ? [] : [{ bearer: [] }],
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(route.upload !== undefined
        ? { requestBody: { required: true, content: Object.fromEntries(route.upload.mediaTypes.map((m) => [m, { schema: { type: "string", format: "binary" } }])) } }
        : route.body === undefined
          ? {}
          : { requestBody: { required: true, content: { "application/json": { schema: json(route.body.ast) } } } }),
      responses: {
        [String(route.status)]: { description: "Done", content },
        ...Object.fromEntries(errors.map((status) => [status, { description: errorAnswers[status], content: { "application/problem+json": { schema: problemRef } } }]))
      },
      ...(route.action === undefined ? {} : { "x-phungpao-action": route.action }),
      ...(route.scoped === true ? { "x-phungpao-scoped": true } : {})
    }
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: operation }
  }
  return withoutIds({
    openapi: "3.1.0",
    info: {
      title: "Phungpao API · พุ่งเป้า",
      version,
      description:
        "Targeted poverty eradication for a Thai province: the registry of survey rounds, the households' journey, the donor fund and targeted programs. " +
        "Every route but the public ones needs `Authorization: Bearer TOKEN` (`pnpm --silent cli token create --user ID`). " +
        "Citizen IDs are masked (`xxxxxxxxx1234`) unless `unmask=true` is asked by a role that may, and every such read is on record."
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token: php_…" } },
      schemas: definitions
    },
    paths
  })
}

// Effect marks its schemas of unknown, any and object with `$id: "/schemas/unknown"` and
// the like; repeated in one document they would name several schemas by one id.
const withoutIds = <A>(value: A): A =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === "$id" && typeof v === "string" && v.startsWith("/schemas/") ? undefined : v)))
