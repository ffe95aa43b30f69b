#!/bin/bash
# Proves that the jib image (`-Pimage`, server/target/jib-image.tar) runs the relay, on a machine with
# no container registry and no Docker daemon:
#
#   1. makes a local base image (make-base.sh: Debian bookworm minbase + JDK 25 jlinked to
#      /opt/java/openjdk), cached in $CONCLAVE_IMAGE_CACHE (default ~/.cache/conclave-image);
#   2. builds the image with jib on that base: ./mvnw -Pimage ... -Djib.from.image=tar://BASE;
#   3. unpacks the image's layers in order into a root directory, reads its config (Entrypoint, Cmd,
#      Env, User, WorkingDir, Volumes, ExposedPorts) and checks it;
#   4. runs it as a container runtime would, without one: new mount and PID namespaces (unshare),
#      /proc, a few /dev nodes, chroot into the root as the image's user, the image's environment
#      and working directory, Entrypoint + Cmd; the host network, with the relay and metrics ports
#      moved to free ones by CONCLAVE_PORT / CONCLAVE_METRICS_PORT (as `docker run -e` would);
#   5. checks: the process runs as 10001:10001; GET /health is 200 {"status":"ok"} and GET / is 200
#      (HTTPS, self-signed: the image sets CONCLAVE_HOST=0.0.0.0); /metrics is 200; the relay wrote
#      its database and certificate under /data; the image's health-check command
#      (java -cp @/app/jib-classpath-file io.conclave.server.HealthCheck) exits 0; SIGTERM (docker
#      stop) ends the relay; the health-check command then exits non-zero; a restart on the same
#      /data, with --port as a flag after the image name, comes up with the same certificate.
#
# Usage (root: debootstrap, unshare, chroot): packaging/image/verify-image.sh [--skip-build] [--rebuild-base]
#   --skip-build    use the existing server/target/jib-image.tar
#   --rebuild-base  make the base image again (and debootstrap again)
#   JAVA_HOME       a JDK 25 (the build's and the base image's runtime)
#   MVN_OFFLINE     default -o (the jib plugin and its dependencies must be in ~/.m2); set empty to
#                   let Maven download them
# Needs the network for debootstrap (Debian mirror) on the first run; takes a few minutes.
# Prints each check; exits non-zero on the first failure. Not part of ./conclave test or CI.
set -euo pipefail

skip_build=false rebuild_base=false
for a in "$@"; do
  case $a in
    --skip-build) skip_build=true ;;
    --rebuild-base) rebuild_base=true ;;
    *) echo "usage: $0 [--skip-build] [--rebuild-base]" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${CONCLAVE_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/conclave-image}
base=$cache/base.tar
image=$repo/server/target/jib-image.tar
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
export JAVA_HOME

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
[ "$(id -u)" = 0 ] || fail "needs root (unshare, chroot, debootstrap)"
for c in unshare chroot curl python3 mount; do command -v $c >/dev/null || fail "needs $c"; done

work=$(mktemp -d "${TMPDIR:-/tmp}/conclave-image-verify.XXXXXX")
server_pid=
# The processes under PID $1, depth first (by /proc/PID/task/*/children).
descendants() {
  local c
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; descendants "$c"; done
}
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    for p in $(descendants "$server_pid") "$server_pid"; do kill -KILL "$p" 2>/dev/null || true; done
    wait "$server_pid" 2>/dev/null || true
  fi
  # The mounts live in the run's private mount namespace: gone with it. Make sure before deleting.
  if grep -q " $work/" /proc/self/mounts; then fail "mounts left under $work; not deleting it"; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. The base image.
mkdir -p "$cache"
if $rebuild_base || [ ! -f "$base" ]; then
  $rebuild_base && rm -rf "$cache/debian"
  "$here/make-base.sh" "$base" "$cache/debian"
fi
ok "base image $base"

# 2. The image, by jib, on that base.
if ! $skip_build; then
  echo "build: ./mvnw -B -ntp ${MVN_OFFLINE--o} -Pimage -pl server -am package -DskipTests -Djib.from.image=tar://$base"
  (cd "$repo" && nice -n 19 ./mvnw -B -ntp ${MVN_OFFLINE--o} -Pimage -pl server -am package -DskipTests \
      "-Djib.from.image=tar://$base") > "$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; fail "jib build"; }
  grep 'Container entrypoint set to' "$work/build.log" | sed 's/^\[INFO\] /build: /'
fi
[ -f "$image" ] || fail "no $image (build it, or drop --skip-build)"
ok "image $image ($(du -m "$image" | cut -f1) MB)"

# 3. Unpack and read the config. The runner files: NUL-separated argv and environment.
root=$work/root
python3 - "$image" "$work" <<'PY'
import json, os, shutil, sys, tarfile
image, work = sys.argv[1], sys.argv[2]
root = os.path.join(work, "root"); os.makedirs(root)
unpacked = os.path.join(work, "image"); os.makedirs(unpacked)
with tarfile.open(image) as t:
    t.extractall(unpacked, filter="fully_trusted")
manifest = json.load(open(os.path.join(unpacked, "manifest.json")))[0]
config = json.load(open(os.path.join(unpacked, manifest["Config"])))
c = config["config"]

def remove(p):
    if os.path.islink(p) or not os.path.isdir(p):
        if os.path.lexists(p): os.remove(p)
    else:
        shutil.rmtree(p)

for layer in manifest["Layers"]:
    with tarfile.open(os.path.join(unpacked, layer)) as t:
        members = t.getmembers()
        for m in members:  # whiteouts (none in a jib image over a one-layer base, but be right)
            d, b = os.path.split(m.name)
            if b == ".wh..wh..opq":
                target = os.path.join(root, d)
                if os.path.isdir(target):
                    for e in os.listdir(target): remove(os.path.join(target, e))
            elif b.startswith(".wh."):
                remove(os.path.join(root, d, b[4:]))
        keep = [m for m in members if not os.path.basename(m.name).startswith(".wh.")]
        # Later layers replace earlier files of the same name.
        for m in keep:
            p = os.path.join(root, m.name)
            if os.path.lexists(p) and not (m.isdir() and os.path.isdir(p) and not os.path.islink(p)):
                remove(p)
        t.extractall(root, members=keep, numeric_owner=True, filter="fully_trusted")
    print("unpack: layer %s (%d entries)" % (layer[:12], len(members)))

shutil.rmtree(unpacked)
json.dump(config, open(os.path.join(work, "config.json"), "w"), indent=1)
argv = (c.get("Entrypoint") or []) + (c.get("Cmd") or [])
open(os.path.join(work, "argv"), "wb").write(b"".join(a.encode() + b"\0" for a in argv))
open(os.path.join(work, "env"), "wb").write(b"".join(e.encode() + b"\0" for e in c.get("Env") or []))
open(os.path.join(work, "user"), "w").write(c.get("User") or "0")
open(os.path.join(work, "workdir"), "w").write(c.get("WorkingDir") or "/")
print("config: Entrypoint %s" % json.dumps(c.get("Entrypoint")))
print("config: Cmd %s" % json.dumps(c.get("Cmd")))
print("config: User %s  WorkingDir %s  Volumes %s  ExposedPorts %s" % (
    c.get("User"), c.get("WorkingDir"), list(c.get("Volumes") or {}), list(c.get("ExposedPorts") or {})))
print("config: Env %s" % json.dumps(c.get("Env")))
PY

cfg() { python3 -c "import json,sys; c=json.load(open('$work/config.json'))['config']; print(eval(sys.argv[1]))" "$1"; }
[ "$(cat "$work/user")" = 10001:10001 ] || fail "User is $(cat "$work/user"), not 10001:10001"
ok "runs as 10001:10001 (config User)"
[ "$(cat "$work/workdir")" = /data ] || fail "WorkingDir is not /data"
[ "$(cfg "'/data' in (c.get('Volumes') or {})")" = True ] || fail "no /data volume"
[ "$(cfg "sorted(c.get('ExposedPorts') or {})")" = "['8443/tcp', '9464/tcp']" ] || fail "exposed ports are not 8443 and 9464"
for e in CONCLAVE_HOST=0.0.0.0 CONCLAVE_DATA_DIR=/data CONCLAVE_METRICS_HOST=0.0.0.0; do
  tr '\0' '\n' < "$work/env" | grep -qx "$e" || fail "Env lacks $e"
done
ok "WorkingDir /data, volume /data, ports 8443 and 9464, CONCLAVE_HOST/DATA_DIR/METRICS_HOST set"
[ "$(stat -c %a "$root/data")" = 777 ] || fail "/data is mode $(stat -c %a "$root/data"), not 777"
ok "/data in the image: $(stat -c '%A %u:%g' "$root/data")"
[ -f "$root/app/jib-classpath-file" ] || fail "no /app/jib-classpath-file"
for f in $(tr ':' ' ' < "$root/app/jib-classpath-file"); do [ -e "$root$f" ] || fail "classpath entry $f missing"; done
ok "every entry of /app/jib-classpath-file exists ($(tr ':' '\n' < "$root/app/jib-classpath-file" | wc -l) entries)"
# 4. Run it. Free ports on the host network for the relay and the metrics listener.
read -r port mport port2 < <(python3 -c '
import socket
s=[socket.socket() for _ in range(3)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
# run_in_image LOG ARGV... : runs ARGV in the image as a container would, with the extra -e variables.
run_in_image() {
  local log=$1; shift
  mapfile -d '' env < "$work/env"
  env+=("CONCLAVE_PORT=$port" "CONCLAVE_METRICS_PORT=$mport")
  unshare --mount --pid --fork --kill-child=SIGKILL --mount-proc="$root/proc" -- \
    /bin/bash -c '
      root=$1; user=$2; wd=$3; shift 3
      for d in null zero random urandom tty; do
        touch "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"
      done
      mkdir -p "$root/dev/shm"; mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
      exec chroot --userspec="$user" "$root" /usr/bin/env -i -C "$wd" "$@"' \
    run "$root" "$(cat "$work/user")" "$(cat "$work/workdir")" "${env[@]}" "$@" > "$log" 2>&1
}
mkdir -p "$root/dev" "$root/proc"
run_in_image "$work/java-version.log" java -version || { cat "$work/java-version.log" >&2; fail "java -version in the image"; }
ok "java on the image's PATH, as 10001: $(head -1 "$work/java-version.log")"

mapfile -d '' argv < "$work/argv"
# start LOG PORT [ARG...]: runs Entrypoint + Cmd + ARGs (`docker run IMAGE ARG...`) in the background,
# waits until /health answers on PORT; sets server_pid, java_pid.
start() {
  local log=$1 hport=$2 healthy=false t0=$SECONDS p
  shift 2
  echo "run: ${argv[*]} $* (CONCLAVE_PORT=$port CONCLAVE_METRICS_PORT=$mport)"
  run_in_image "$log" "${argv[@]}" "$@" &
  server_pid=$!
  for _ in $(seq 1 120); do
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; fail "the relay exited"; }
    if curl -ks -o /dev/null "https://127.0.0.1:$hport/health"; then healthy=true; break; fi
    sleep 1
  done
  $healthy || { cat "$log" >&2; fail "no answer on https://127.0.0.1:$hport/health in 120 s"; }
  java_pid=
  for p in $(descendants "$server_pid"); do
    if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ]; then java_pid=$p; break; fi
  done
  [ -n "$java_pid" ] || fail "no java process under the runner"
  echo "relay log:"; sed 's/^/  | /' "$log"
  ok "the relay answers /health $((SECONDS - t0)) s after the start"
}
# stop: SIGTERM to PID 1, as docker stop does; it must end within 30 s.
stop() {
  local t0=$SECONDS rc=0
  kill -TERM "$java_pid"
  for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$server_pid" 2>/dev/null; then fail "the relay did not stop within 30 s of SIGTERM"; fi
  wait "$server_pid" || rc=$?
  server_pid=
  ok "SIGTERM stopped the relay in $((SECONDS - t0)) s (exit status $rc: 128 + SIGTERM, the JVM's usual)"
}

start "$work/relay.log" "$port"

# 5. Checks on the running relay.
comm=$(cat "/proc/$java_pid/comm")
ids=$(awk '/^Uid:|^Gid:|^Groups:/ {printf "%s ", $0}' "/proc/$java_pid/status")
[ "$comm" = java ] || fail "PID 1 of the container is $comm, not java"
awk '/^Uid:/ {exit !($2==10001 && $3==10001 && $4==10001 && $5==10001)}' "/proc/$java_pid/status" || fail "not uid 10001: $ids"
awk '/^Gid:/ {exit !($2==10001 && $3==10001)}' "/proc/$java_pid/status" || fail "not gid 10001: $ids"
grep -q '^NSpid:.*[[:space:]]1$' "/proc/$java_pid/status" || fail "java is not PID 1 of its namespace"
ok "java is PID 1 of the container, $(echo $ids | tr -s '\t ' ' ')"

body=$(curl -ks -w ' %{http_code}' "https://127.0.0.1:$port/health")
echo "GET /health → $body"
[ "$body" = '{"status":"ok"} 200' ] || fail "/health answered $body"
ok "/health 200 {\"status\":\"ok\"}"
code=$(curl -ks -o "$work/index.html" -w '%{http_code}' "https://127.0.0.1:$port/")
[ "$code" = 200 ] || fail "GET / answered $code"
ok "GET / 200 ($(wc -c < "$work/index.html") bytes, $(grep -o '<title>[^<]*</title>' "$work/index.html" | head -1))"
code=$(curl -s -o "$work/metrics" -w '%{http_code}' "http://127.0.0.1:$mport/metrics")
[ "$code" = 200 ] || fail "GET /metrics on $mport answered $code"
ok "metrics listener 200 ($(grep -c '^[a-z]' "$work/metrics") samples)"

echo "/data after the start:"; (cd "$root/data" && find . -mindepth 1 -printf '  %M %U:%G %p\n' | sort -k3)
[ -n "$(find "$root/data" -mindepth 1 -user 10001 -print -quit)" ] || fail "the relay wrote nothing under /data"
[ -z "$(find "$root/data" -mindepth 1 -newer "$work/argv" ! -user 10001 -print -quit)" ] || fail "files under /data not owned by 10001"
ok "the relay wrote its data under /data, owned by 10001"

if run_in_image "$work/hc.log" /bin/sh -c 'java -cp @/app/jib-classpath-file io.conclave.server.HealthCheck'; then
  ok "health-check command exits 0: $(tail -1 "$work/hc.log")"
else
  cat "$work/hc.log" >&2; fail "health-check command failed while the relay is up"
fi

cert_sum=$(sha256sum < "$root/data/tls/self-signed.p12" 2>/dev/null || true)
stop
if run_in_image "$work/hc2.log" /bin/sh -c 'java -cp @/app/jib-classpath-file io.conclave.server.HealthCheck'; then
  fail "health-check command exits 0 with the relay stopped"
fi
ok "health-check command exits non-zero with the relay stopped: $(tail -1 "$work/hc2.log")"

# A restart on the same /data (docker restart, or a new container on the named volume), this time
# with a setting as a flag after the image name (`docker run IMAGE --port N`), which wins over the
# environment's CONCLAVE_PORT. The health check does not see PID 1's flags: it gets the same flag.
start "$work/relay2.log" "$port2" --port "$port2"
[ -z "$cert_sum" ] || [ "$(sha256sum < "$root/data/tls/self-signed.p12")" = "$cert_sum" ] || fail "the self-signed certificate changed on restart"
body=$(curl -ks -w ' %{http_code}' "https://127.0.0.1:$port2/health")
[ "$body" = '{"status":"ok"} 200' ] || fail "/health after the restart answered $body"
ok "restart on the same /data with --port $port2 after the image name: /health $body, same self-signed certificate"
if run_in_image "$work/hc3.log" /bin/sh -c "java -cp @/app/jib-classpath-file io.conclave.server.HealthCheck --port $port2"; then
  ok "health-check command with the same --port exits 0: $(tail -1 "$work/hc3.log")"
else
  cat "$work/hc3.log" >&2; fail "health-check command with --port $port2 failed while the relay is up"
fi
if run_in_image "$work/hc4.log" /bin/sh -c "java -cp @/app/jib-classpath-file io.conclave.server.HealthCheck"; then
  echo "note: health-check command without the flag exits 0 (something answers on $port?)"
else
  echo "note: as expected, without the flag it looks elsewhere: $(tail -1 "$work/hc4.log")"
fi
stop

echo "PASS: the jib image runs the relay (base: $base, see make-base.sh; not eclipse-temurin:25-jre)"
