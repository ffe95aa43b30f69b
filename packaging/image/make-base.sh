#!/bin/sh
# Makes a local base image for jib without any container registry: Debian bookworm (minbase, by
# debootstrap from the Debian mirror) plus a Java 25 runtime jlinked from a local JDK 25, with
# `java` on the PATH at /opt/java/openjdk/bin like eclipse-temurin. The result is a docker-archive
# tarball (`docker save` layout: manifest.json, config JSON, one layer tar) that jib takes as
# `-Djib.from.image=tar:///path/to/base.tar`.
#
# Usage (as root: debootstrap needs it): packaging/image/make-base.sh OUT.tar [ROOTFS_CACHE_DIR]
#   JAVA_HOME      the JDK 25 to jlink from (required)
#   DEBIAN_MIRROR  default http://deb.debian.org/debian
#   JAVA_MODULES   comma-separated; default every module of the JDK but jdk.jlink, jdk.jpackage and the incubator ones (a JDK 25 without
#                  jmods links from its own run-time image, which cannot include jlink itself), i.e.
#                  more than the relay needs (jdeps: see docs/OPERATING.md "Container"), like a JRE.
# ROOTFS_CACHE_DIR keeps the debootstrapped tree between runs (debootstrap takes minutes);
# without it a temporary one is made and removed.
set -eu

out=${1:?usage: make-base.sh OUT.tar [ROOTFS_CACHE_DIR]}
cache=${2:-}
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
modules=${JAVA_MODULES:-}

[ "$(id -u)" = 0 ] || { echo "make-base.sh: needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "make-base.sh: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
"$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25' || { echo "make-base.sh: $JAVA_HOME is not a JDK 25" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/conclave-base.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [ -n "$cache" ] && [ -x "$cache/bin/sh" ] && [ -f "$cache/.debootstrap-done" ]; then
  echo "base: reusing debootstrapped tree $cache"
  debian=$cache
else
  debian=${cache:-$work/debian}
  rm -rf "$debian"
  echo "base: debootstrap --variant=minbase bookworm from $mirror (a few minutes)"
  nice -n 19 debootstrap --variant=minbase bookworm "$debian" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  touch "$debian/.debootstrap-done"
fi

# The image's root: a copy of the Debian tree, without the package caches and device nodes (the
# container runtime supplies /dev, /proc, /sys), plus the jlinked runtime.
root=$work/root
mkdir -p "$root"
cp -a "$debian/." "$root/"
rm -f "$root/.debootstrap-done"
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"* "$root/dev/"* \
       "$root/proc/"* "$root/sys/"* "$root/var/log/"*.log "$root/tmp/"* 2>/dev/null || true
[ -n "$modules" ] || modules=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' | grep -vx -e jdk.jlink -e jdk.jpackage | grep -v '^jdk.incubator' | paste -sd, -)
echo "base: jlink $(echo "$modules" | tr , "\n" | wc -l) modules → /opt/java/openjdk"
mkdir -p "$root/opt/java"
nice -n 19 "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages \
  --no-header-files --compress=zip-6 --output "$root/opt/java/openjdk"

# The layer, numeric owners (root), then the docker-archive around it.
tar --numeric-owner --sort=name -C "$root" -cf "$work/layer.tar" .
python3 - "$work" "$out" <<'PY'
import hashlib, json, os, sys, tarfile, time
work, out = sys.argv[1], sys.argv[2]
layer = os.path.join(work, "layer.tar")
h = hashlib.sha256()
with open(layer, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
diff_id = "sha256:" + h.hexdigest()
created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
config = {
    "architecture": "amd64",
    "os": "linux",
    "created": created,
    "config": {
        "Env": [
            "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "JAVA_HOME=/opt/java/openjdk",
            "LANG=C.UTF-8",
        ],
        "Cmd": ["/bin/sh"],
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": created, "created_by": "packaging/image/make-base.sh (debootstrap bookworm minbase + jlink JDK 25)"}],
}
cfg = json.dumps(config, separators=(",", ":")).encode()
cfg_name = hashlib.sha256(cfg).hexdigest() + ".json"
layer_name = diff_id[7:] + "/layer.tar"
manifest = json.dumps([{"Config": cfg_name, "RepoTags": ["conclave-base:bookworm-jdk25"],
                        "Layers": [layer_name]}]).encode()
tmp = out + ".part"
with tarfile.open(tmp, "w") as t:
    def add_bytes(name, data):
        ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = int(time.time())
        import io; t.addfile(ti, io.BytesIO(data))
    add_bytes(cfg_name, cfg)
    t.add(layer, arcname=layer_name)
    add_bytes("manifest.json", manifest)
os.replace(tmp, out)
print("base: wrote %s (layer %s, %d MB)" % (out, diff_id[:19], os.path.getsize(layer) // 1000000))
PY
