# The production image: one backend replica. Several of them share one PostgreSQL
# (see docker-compose.yml). Build: docker build -t callboard .
FROM node:20-bookworm-slim

# git: the catalog reads registered repositories with the system git; the scaffolder pushes new
# ones with it and serves them with git http-backend.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

COPY package.json package-lock.json .npmrc ./
COPY packages ./packages
COPY plugins ./plugins
RUN npm ci --no-audit --no-fund && npm run build && npm cache clean --force

COPY app-config.yaml catalog-info.yaml ./
COPY deploy ./deploy
COPY examples ./examples
# The folder publish target (a volume in docker-compose.yml) must be writable by the node user.
RUN mkdir -p /app/.callboard/repositories && chown -R node:node /app/.callboard

USER node
EXPOSE 7007
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:7007/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "packages/backend/src/main.ts", "--config", "deploy/app-config.production.yaml"]
