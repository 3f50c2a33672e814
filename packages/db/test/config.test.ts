import { describe, expect, it } from "vitest"
import { fromEnv } from "../src/index.js"

describe("fromEnv", () => {
  it("defaults to the embedded SQLite file", () => {
    expect(fromEnv({})).toEqual({ engine: "sqlite", file: "./data/phungpao.db" })
  })
  it("chooses PostgreSQL for a postgres:// URL", () => {
    expect(fromEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/phungpao" })).toEqual({
      engine: "postgres",
      url: "postgres://postgres@127.0.0.1:5432/phungpao"
    })
  })
  it("takes another SQLite file from sqlite:PATH", () => {
    expect(fromEnv({ DATABASE_URL: "sqlite:/tmp/x.db" })).toEqual({ engine: "sqlite", file: "/tmp/x.db" })
  })
  it("refuses an unknown scheme without echoing credentials", () => {
    expect(() => fromEnv({ DATABASE_URL: "mysql://user:secret@host/db" })).toThrow(/mysql:\/\/\*\*\*@host/)
  })
})
