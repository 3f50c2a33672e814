/**
 * The OpenAPI document as the tests' contract: every answer a test gets is checked
 * against the schema the document gives for its route and status (Ajv, JSON Schema
 * 2020-12, which OpenAPI 3.1 uses), and the routes the suites must cover are read from it.
 */
import { Ajv2020 } from "ajv/dist/2020.js"
import addFormats from "ajv-formats"
import type { ValidateFunction } from "ajv"
import * as OpenApi from "../src/OpenApi.js"
import * as Routes from "../src/Routes.js"

export const document = OpenApi.document(Routes.all) as unknown as {
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: { readonly schemas: Record<string, unknown> }
}

export interface Operation {
  readonly operationId: string
  readonly security: ReadonlyArray<unknown>
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string; readonly required: boolean }>
  readonly requestBody?: unknown
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema: unknown }> }>
  readonly "x-phungpao-action"?: string
  readonly "x-phungpao-scoped"?: boolean
}

/** Every operation of the document, with its method and path template. */
export const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, operation }))
)

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats.default(ajv)
const base = "https://phungpao.invalid/openapi.json"
ajv.addSchema({ $id: base, components: document.components })

const retarget = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${base}#/components/`))

const compiled = new Map<string, ValidateFunction>()

const matcher = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`)

/** The document's operation for a request. */
export const operationFor = (method: string, pathname: string) =>
  operations.find((o) => o.method === method.toLowerCase() && matcher(o.path).test(pathname))

/**
 * Checks an answer against the document: its status is one the operation lists, and its
 * JSON body fits that status's schema. Throws with the errors when it does not.
 */
export const check = async (method: string, url: string, response: Response): Promise<unknown> => {
  const { pathname } = new URL(url, "http://api.test")
  const text = await response.clone().text()
  const found = operationFor(method, pathname)
  if (found === undefined) return text === "" ? undefined : JSON.parse(text)
  const answer = found.operation.responses[String(response.status)]
  if (answer === undefined) throw new Error(`${method} ${found.path} answered ${response.status}, which the document does not list`)
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim()
  const content = answer.content?.[mediaType]
  if (content === undefined) throw new Error(`${method} ${found.path} ${response.status} answered ${mediaType}, which the document does not list`)
  if (mediaType === "text/csv") return text
  const key = `${found.method} ${found.path} ${response.status} ${mediaType}`
  let validate = compiled.get(key)
  if (validate === undefined) compiled.set(key, (validate = ajv.compile(retarget(content.schema) as object)))
  const body: unknown = JSON.parse(text)
  if (!validate(body)) throw new Error(`${key}: the body does not fit its schema: ${ajv.errorsText(validate.errors)}`)
  return body
}
