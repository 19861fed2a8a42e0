#!/usr/bin/env bash
# Builds native executables (and, with --image, container images) for Baton's deployables.
#   native/build.sh                         every deployable, with the local GraalVM/Mandrel native-image
#   native/build.sh services/fraud          one module
#   native/build.sh --container ...         build inside a Mandrel builder container (needs docker or podman)
#   native/build.sh --image ...             also build native/Dockerfile.native images tagged baton/<name>:native
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

all=(task-queue workflow-engine services/checkout services/fraud services/payment-gateway services/order
     services/ledger services/email services/analytics services/loyalty)
container=false image=false modules=()
for arg in "$@"; do
  case "$arg" in
    --container) container=true ;;
    --image) image=true ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) [ -f "$arg/pom.xml" ] || { echo "not a module: $arg" >&2; exit 2; }; modules+=("$arg") ;;
  esac
done
[ ${#modules[@]} -gt 0 ] || modules=("${all[@]}")

args=(-B -ntp package -Pnative -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" -am)
if $container; then
  command -v docker >/dev/null || command -v podman >/dev/null \
    || { echo "--container needs docker or podman" >&2; exit 2; }
  args+=(-Dquarkus.native.container-build=true)
elif ! command -v native-image >/dev/null; then
  echo "native-image not found: install GraalVM or Mandrel for Java 25 and put its bin/ on PATH (or use --container). See native/README.md." >&2
  exit 2
fi

./mvnw "${args[@]}"

if $image; then
  for m in "${modules[@]}"; do
    name="$(basename "$m")"
    docker build -f native/Dockerfile.native --build-arg MODULE="$m" -t "baton/$name:native" .
  done
fi
