/**
 * The HTTP API, built by `makeApp` so tests call it through `app.request` without a
 * server. Handlers decode with the domain's schemas, call the domain, encode the result.
 */
import { Decision, Dimension, RuleSet, SurveyRecord } from "@phungpao/domain"
import { Hono } from "hono"

/** The error body every route answers with: a tag, the field path and the reason. */
interface Problem {
  readonly error: string
  readonly path?: string
  readonly reason: string
}

export const makeApp = () => {
  const app = new Hono()

  app.get("/health", (c) => c.json({ status: "ok" }))

  app.get("/v1/rule-sets/:id", (c) => {
    const ruleSet = RuleSet.known.get(c.req.param("id"))
    if (ruleSet === undefined) {
      return c.json<Problem>({ error: "UnknownRuleSet", reason: `no rule set ${JSON.stringify(c.req.param("id"))}` }, 404)
    }
    return c.json({
      id: ruleSet.id,
      parameters: ruleSet.parameters,
      dimensions: Dimension.all.map((d) => ({ dimension: d, ...Dimension.label[d] })),
      indicators: ruleSet.indicators.map((i) => ({
        indicator: i.number,
        dimension: i.dimension,
        scope: i.scope,
        wording: i.wording,
        passesWhen: i.passesWhen,
        ...(i.scope === "member" ? { appliesTo: i.appliesTo } : {})
      }))
    })
  })

  app.post("/v1/evaluate", async (c) => {
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      return c.json<Problem>({ error: "InvalidJson", reason: "the body is not valid JSON" }, 400)
    }
    const decoded = SurveyRecord.decode(body)
    if (decoded._tag === "Left") {
      return c.json<Problem>({ error: decoded.left._tag, path: decoded.left.path, reason: decoded.left.reason }, 422)
    }
    return c.body(Decision.toJson(RuleSet.evaluate(RuleSet.resolve(), decoded.right)), 200, {
      "content-type": "application/json"
    })
  })

  return app
}
