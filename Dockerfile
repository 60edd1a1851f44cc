# syntax=docker/dockerfile:1
#
# One image for the whole console: the okg-console binary serves the REST API, the
# standalone frontend at / and the KubeSphere bundle at /dist/okg-console/index.js, all
# embedded at build time. The extension chart runs it as `okg-console serve`.
#
#   docker build -t ghcr.io/okg-console/okg-console:0.1.0 --build-arg VERSION=0.1.0 .
#
# Base images are pinned to exact versions. Pin their digests too when you build for a
# release (docker buildx imagetools inspect <image>, then NODE_IMAGE=node:...@sha256:...):
# the build machine that wrote this file could not reach a registry to look them up.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG GO_IMAGE=golang:1.26.8-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

# --- frontend: npm ci && npm run build -> frontend/dist (standalone app + KubeSphere bundle)
FROM ${NODE_IMAGE} AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# --- backend: a static Go binary with frontend/dist embedded
FROM ${GO_IMAGE} AS backend
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false
COPY go.mod go.sum ./
RUN go mod download
COPY backend/ backend/
COPY frontend/assets.go frontend/
COPY --from=frontend /src/frontend/dist/ frontend/dist/
ARG VERSION=0.1.0-dev
RUN go build -trimpath \
      -ldflags "-s -w -X github.com/okg-console/okg-console/backend/internal/version.Version=${VERSION}" \
      -o /out/okg-console ./backend/cmd/okg-console \
 && mkdir -p /out/history

# --- runtime: distroless, no shell, uid/gid 65532 (the chart's runAsUser)
FROM ${RUNTIME_IMAGE}
COPY --from=backend /out/okg-console /okg-console
# The history's SQLite file (the chart mounts a volume here; PostgreSQL needs none).
COPY --from=backend --chown=65532:65532 /out/history /var/lib/okg-console
ENV OKG_CONSOLE_HISTORY_DIR=/var/lib/okg-console
VOLUME /var/lib/okg-console
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/okg-console"]
CMD ["serve"]
