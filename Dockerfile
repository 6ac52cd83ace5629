# PushExporter container image: the native (AOT) executable on a chiseled runtime-deps base
# (the C library, OpenSSL and the CA bundle; no shell, no .NET runtime), as a non-root user.
#
#   docker build -t pushexporter .
#   docker run -p 9860:9860 -v $PWD/pushexporter.yml:/etc/pushexporter/pushexporter.yml:ro pushexporter
#   docker run -p 9860:9860 pushexporter --demo
#
# Native because it starts in milliseconds and idles in a fraction of a JIT build's memory
# (docs/benchmarks.md); the build has no trim or AOT warnings (warnings are errors here, so a new
# one fails the build). The -aot SDK image carries the C toolchain native AOT links with.
#
# Build arguments: VERSION, REVISION (git commit), CREATED (RFC 3339 build time) fill the OCI
# labels; SOURCE_URL is the repository's address for the source and documentation labels.
# PLACEHOLDER: the default lies under git.example.com (reserved for examples) and leads nowhere:
# pass --build-arg SOURCE_URL=https://<your git server>/<path of this repository>.
# TARGETARCH (amd64 or arm64) picks the .NET runtime; `docker buildx build --platform
# linux/arm64` sets it, a plain `docker build` builds for amd64.

ARG VERSION=1.1.0
ARG REVISION=unknown
ARG CREATED=
ARG SOURCE_URL=https://git.example.com/pushexporter/pushexporter

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
ARG VERSION
ARG REVISION
ARG CREATED
ARG TARGETARCH=amd64
WORKDIR /src
# Restore first, from the project files only, so that the layer is reused when only code changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/PushExporter.Sip/PushExporter.Sip.csproj src/PushExporter.Sip/
COPY src/PushExporter/PushExporter.csproj src/PushExporter/
# buildx's architecture names → .NET runtime identifiers. Native AOT compiles for the machine it
# runs on: buildx builds an arm64 image in an arm64 build stage.
RUN case "$TARGETARCH" in \
      amd64) echo linux-x64 ;; \
      arm64) echo linux-arm64 ;; \
      *) echo "unsupported TARGETARCH '$TARGETARCH' (amd64 or arm64)" >&2; exit 1 ;; \
    esac > /tmp/rid \
 && dotnet restore src/PushExporter/PushExporter.csproj --runtime "$(cat /tmp/rid)"
COPY src/ src/
# No .git in the context: the build date and branch come from the build arguments.
RUN dotnet publish src/PushExporter/PushExporter.csproj --no-restore -c Release \
      --runtime "$(cat /tmp/rid)" -p:PublishAot=true -p:StripSymbols=true \
      -p:Version=$VERSION -p:SourceRevisionId=$REVISION -p:SourceDate=$CREATED \
      -p:DebugType=none -p:PublishDocumentationFiles=false \
      -o /app \
 && mkdir -p /rootfs/etc/pushexporter \
 && /app/pushexporter --version

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
ARG VERSION
ARG REVISION
ARG CREATED
ARG SOURCE_URL
LABEL org.opencontainers.image.title="PushExporter" \
      org.opencontainers.image.description="Prometheus exporter that probes the push-notification SIP route of Lync / Skype for Business Edge servers" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.created="$CREATED" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="$SOURCE_URL" \
      org.opencontainers.image.url="$SOURCE_URL" \
      org.opencontainers.image.documentation="$SOURCE_URL/blob/main/docs/deployment.md" \
      org.opencontainers.image.base.name="mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled"

COPY --from=build /app/pushexporter /app/pushexporter
# The configuration is mounted here (a file, or a Kubernetes ConfigMap as the folder).
COPY --from=build /rootfs/etc/pushexporter /etc/pushexporter

# 1654 is the non-root "app" user of Microsoft's .NET images; numeric, so no passwd entry is needed.
USER 1654:1654
WORKDIR /etc/pushexporter
EXPOSE 9860
# The binary asks its own /-/healthy on its health socket: the image needs no curl or shell, and
# the check works whatever --web.listen-address, TLS, client certificates or passwords serve uses.
ENV PUSHEXPORTER_HEALTH_SOCKET=/tmp/pushexporter-health.sock
HEALTHCHECK --interval=30s --timeout=10s --start-period=15s --retries=3 \
  CMD ["/app/pushexporter", "healthcheck"]
ENTRYPOINT ["/app/pushexporter"]
CMD ["--config.file", "/etc/pushexporter/pushexporter.yml"]
