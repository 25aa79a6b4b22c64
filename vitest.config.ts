import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
    // The live readers and task sinks are tested against loopback servers that speak plain http.
    env: { DEPROV_ALLOW_HTTP_LOOPBACK: "1" },
  },
});
