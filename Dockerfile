# syntax=docker/dockerfile:1
# Multi-stage image of magic-link-guard. Two targets:
#   app (the default): the standalone server, `node server.js`, as the unprivileged user "node".
#   tools: the project with its dependencies, for the deploy step (`npm run db:migrate`), the
#          jobs worker (`npm run worker`) and the other scripts (admin:invite, audit:verify, ...).
# compose.yaml builds both. The end-to-end tests start the app exactly as CMD below does
# (STANDALONE_START in scripts/support/standalone-start.ts), and test/deploy-files.test.ts holds the
# two to each other.
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

FROM base AS deps
COPY package.json package-lock.json ./
# No install scripts: the Prisma client is generated from the schema below, and nothing else needs one.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM base AS source
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx tsx scripts/prisma.ts generate

FROM source AS build
# next build writes .next/standalone; scripts/standalone-assets.ts copies the client bundles next to it.
RUN npx next build && npx tsx scripts/standalone-assets.ts

FROM source AS tools
ENV NODE_ENV=production
RUN mkdir -p .data && chown node:node .data
USER node
CMD ["npm", "run", "db:migrate"]

FROM base AS app
ENV NODE_ENV=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    KEEP_ALIVE_TIMEOUT=65000
# The code belongs to root and cannot be changed by the process that runs it; only Next.js's cache is writable.
COPY --from=build /app/.next/standalone ./
RUN mkdir -p .next/cache && chown node:node .next/cache
USER node
EXPOSE 3000
# Ready only while PostgreSQL answers: /api/health/db is 503 during a database outage.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health/db').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
