import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Creates the API's PostgreSQL test database when missing, or stops the run saying why.
    globalSetup: ["test/setup/postgres.ts"],
    // Tests that start the built programs share two cores with the rest of the suite.
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
