# syntax=docker/dockerfile:1
# upgradewatch operator image: Node.js 24 LTS, non-root (uid 65532), read-only root filesystem.
#   docker build -t ghcr.io/upgradewatch/upgradewatch:0.1.0 .
# The pod's restricted security context (charts/upgradewatch, deploy/) matches this image:
# nothing is written outside /tmp (an emptyDir in the pod).

ARG NODE_IMAGE_TAG=24-bookworm-slim

# ---- build: compile TypeScript, then drop devDependencies --------------------------------
FROM node:${NODE_IMAGE_TAG} AS build
WORKDIR /app
ENV NODE_ENV=development
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime --------------------------------------------------------------------------------
FROM node:${NODE_IMAGE_TAG} AS runtime
LABEL org.opencontainers.image.title="upgradewatch" \
      org.opencontainers.image.description="Kubernetes operator that mirrors Alibaba Cloud and Huawei Cloud cluster upgrades into ClusterUpgradeWatch status" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/upgradewatch/upgradewatch"
WORKDIR /app
# Production mode; HOME and the temp dir point at /tmp, the only writable path in the pod.
# NODE_OPTIONS caps the V8 heap (the chart's heapLimitMiB overrides it): ~20 KiB live per
# watch, so 256 MiB fits about 10 000 watches; a 4 MiB semi-space keeps the young generation
# at 12 MiB instead of 48 (docs/benchmarks.md).
ENV NODE_ENV=production \
    HOME=/tmp \
    TMPDIR=/tmp \
    NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=4"
COPY --from=build --chown=0:0 /app/package.json ./package.json
COPY --from=build --chown=0:0 /app/node_modules ./node_modules
COPY --from=build --chown=0:0 /app/dist ./dist
# Numeric user so that Kubernetes can verify runAsNonRoot; files stay root-owned, read-only.
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["node", "dist/main.js"]
