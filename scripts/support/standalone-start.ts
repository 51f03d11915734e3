import path from "node:path";

/**
 * The container image's start (Dockerfile: the standalone folder is its WORKDIR, `ENV HOSTNAME`
 * and KEEP_ALIVE_TIMEOUT, `CMD ["node", "server.js"]`, the port in PORT), which `npm start` and
 * the end-to-end tests' instances use too. Idle connections stay open longer than a load
 * balancer's (60 s on most). test/deploy-files.test.ts holds the Dockerfile to it.
 */
export const STANDALONE_START = {
  script: path.join(".next", "standalone", "server.js"),
  env: { HOSTNAME: "0.0.0.0", KEEP_ALIVE_TIMEOUT: "65000" },
} as const;
