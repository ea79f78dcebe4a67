# syntax=docker/dockerfile:1
# deploy/docker/jstedu-notifications.Dockerfile -- image of the notifications service.
# Build from the repository root (see deploy/docker/README.md):
#   docker build -f deploy/docker/jstedu-notifications.Dockerfile -t jstedu/jstedu-notifications:TAG .
# Needs BuildKit (Docker >= 23 uses it by default) for the ccache cache mount.
#
# The build stage is the same in every deploy/docker/*.Dockerfile but for the
# binaries it names; deploy/docker/check_dockerfiles.py checks that, and that
# both stages take their packages from tools/packages/*.txt only.

# ---- build: the CMake/Ninja build of tools/dev, only the needed targets ----
FROM debian:bookworm AS build
ARG DEBIAN_FRONTEND=noninteractive
# The build and test dependencies tools/dev installs (CMake's configure step
# needs all of them, the tests' included).
COPY tools/packages/build.txt /tmp/packages/build.txt
RUN apt-get update \
 && sed -e 's/#.*//' /tmp/packages/build.txt | xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# What CMake reads: the top-level CMakeLists.txt, cmake/ and every
# add_subdirectory (docs/, data/, deploy/ are not part of the build).
COPY CMakeLists.txt ./
COPY cmake/ cmake/
COPY proto/ proto/
COPY common/ common/
COPY services/ services/
COPY gateway/ gateway/
COPY console/ console/
COPY tools/ tools/
COPY tests/ tests/
# tools/dev: cmake -S <repo> -B <repo>/build -G Ninja, then ninja -C build.
# Debug sections are stripped from the copies that go into the image (the
# symbol table stays, so backtraces still name functions).
ENV CCACHE_DIR=/ccache
# The git revision jstedu_build_info reports (cmake/BuildRevision.cmake reads
# it from the environment: the build context has no .git). Declared here,
# after the package layer, so a new revision rebuilds only what follows:
#   --build-arg JSTEDU_REVISION=$(git rev-parse --short=12 HEAD)
ARG JSTEDU_REVISION=unknown
RUN --mount=type=cache,target=/ccache \
    cmake -S /src -B /src/build -G Ninja \
 && ninja -C /src/build jstedu-notifications jstedu-healthcheck \
 && mkdir -p /out \
 && for bin in jstedu-notifications jstedu-healthcheck; do \
      strip --strip-debug -o "/out/$bin" "/src/build/bin/$bin"; \
    done

# ---- runtime: Debian 12 slim, the runtime libraries, the binary ----
FROM debian:bookworm-slim AS runtime
ARG DEBIAN_FRONTEND=noninteractive
# Only tools/packages/runtime.txt (shared libraries, tzdata): the list
# tools/dev's build links against, so the two cannot drift. libcurl4 (SMTP)
# and ca-certificates are in it.
COPY tools/packages/runtime.txt /tmp/packages/runtime.txt
RUN apt-get update \
 && sed -e 's/#.*//' /tmp/packages/runtime.txt | xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/packages \
 && groupadd --system --gid 10001 jstedu \
 && useradd --system --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin jstedu
COPY --from=build /out/jstedu-notifications /usr/local/bin/jstedu-notifications
# grpc.health.v1 probe and diagnostic tool (HEALTHCHECK below, kubectl exec).
COPY --from=build /out/jstedu-healthcheck /usr/local/bin/jstedu-healthcheck
# The binaries default to 127.0.0.1; in a container they must listen on all
# interfaces (both are IPv4-only settings). The registries' addresses
# (JSTEDU_RECRUITMENT_ADDR, JSTEDU_TRAINING_ADDR, JSTEDU_ADVISORY_ADDR) and
# the SMTP relay's
# settings (JSTEDU_SMTP_*, all required) come from the deployment.
ENV JSTEDU_GRPC_LISTEN=0.0.0.0:50055 \
    JSTEDU_ADMIN_LISTEN=0.0.0.0:9105
# gRPC, admin (/metrics)
EXPOSE 50055 9105
USER 10001:10001
# Docker/Compose only (Kubernetes ignores it and uses its own probes). Must
# follow JSTEDU_GRPC_LISTEN when the port is changed.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/jstedu-healthcheck", "127.0.0.1:50055", "--timeout", "2s"]
ENTRYPOINT ["/usr/local/bin/jstedu-notifications"]
