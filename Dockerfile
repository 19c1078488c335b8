# otx-relay images. Targets:
#   runtime (the default, last stage): the relay, production dependencies only, user node
#   otx-sim: the OTX simulator, built the same way
#   e2e:     dev dependencies and sources; runs the e2e suite against RELAY_URL and OTX_SIM_URL
# Kept within what Docker 20.10's legacy builder accepts (no BuildKit-only syntax) and needs
# nothing from apk, so CI can build it on a stand-in base image (docs/containers.md).

FROM node:22-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY nest-cli.json tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# The base of both runtime images: production dependencies only, installed in place (copying
# node_modules into each image from another stage would only cost time).
FROM node:22-alpine AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The whole work tree (less .dockerignore), as the suite reads more than test/ (module_type.json...).
FROM build AS e2e
COPY . .
USER node
CMD ["npx", "jest", "--config", "test/jest-e2e.json", "--runInBand"]

FROM prod-deps AS otx-sim
ENV NODE_ENV=production PORT=9100 HOST=0.0.0.0
COPY --from=build /app/dist/apps/otx-sim ./dist/apps/otx-sim
USER node
EXPOSE 9100
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/_sim/stats',{signal:AbortSignal.timeout(2000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/otx-sim/main.js"]

FROM prod-deps AS runtime
ENV NODE_ENV=production PORT=9090 HOST=0.0.0.0
COPY --from=build /app/dist/apps/relay ./dist/apps/relay
USER node
EXPOSE 9090
# /watchdog echoes the Health-Check header in `data`; anything else is unhealthy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/watchdog',{headers:{'Health-Check':'docker'},signal:AbortSignal.timeout(2000)}).then(r=>r.json()).then(b=>process.exit(b.data==='docker'?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/relay/main.js"]
