#!/usr/bin/env bash
# The JRE 17 base image for `make images` where the UBI base cannot be pulled: built offline from
# Debian's packages (debootstrap, minbase + openjdk-17-jre-headless) and packed with umoci, as a
# docker-archive that Quarkus's Jib takes as `tar://<file>`.
#   - runs as the non-root user 185 (jboss, group 185), home and working directory /home/jboss;
#   - no package-manager sources, caches or lists, no build logs, no docs or locales inside;
#   - tag 17-<suite>-<12 hex>: the hash of its package list (name=version, sorted), so the same
#     packages give the same tag, and a security update gives a new one.
# Prints the archive's path on its last line. Reuses the last archive unless REBUILD_BASE=1.
# Needs root (debootstrap, chroot); installs debootstrap, umoci and skopeo when missing.
# Settings: DEBIAN_SUITE (bookworm), DEBIAN_MIRROR (http://deb.debian.org/debian).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

SUITE="${DEBIAN_SUITE:-bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
WORK="$REPO_ROOT/.state/images/base"
LATEST="$WORK/latest"

if [[ "${REBUILD_BASE:-0}" != "1" && -f "$LATEST" && -f "$(cat "$LATEST")" ]]; then
  info "base image: $(cat "$LATEST") (reused; REBUILD_BASE=1 rebuilds it)" >&2
  cat "$LATEST"
  exit 0
fi
[[ "$(id -u)" == "0" ]] || die "building the base image needs root (debootstrap and chroot); run as root, or set BASE_JVM_IMAGE to a pullable one"
"$(dirname "$0")/ensure-image-tools.sh" debootstrap umoci skopeo >&2

rm -rf "$WORK/bundle" "$WORK/oci"
mkdir -p "$WORK"
# An empty image unpacked into the bundle that umoci repacks; debootstrap fills its rootfs.
umoci init --layout "$WORK/oci"
umoci new --image "$WORK/oci:base"
umoci unpack --image "$WORK/oci:base" "$WORK/bundle" >/dev/null
rootfs="$WORK/bundle/rootfs"
step "Base image: debootstrap $SUITE (minbase + openjdk-17-jre-headless) from $MIRROR" >&2
start=$(date +%s)
debootstrap --variant=minbase --include=openjdk-17-jre-headless "$SUITE" "$rootfs" "$MIRROR" \
  > "$WORK/debootstrap.log" 2>&1 || die "debootstrap failed; its log: $WORK/debootstrap.log (last lines: $(tail -3 "$WORK/debootstrap.log" | tr '\n' ' '))"
info "debootstrap took $(( $(date +%s) - start )) s" >&2

# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
packages="$(chroot "$rootfs" dpkg-query -W -f='${Package}=${Version}\n' | LC_ALL=C sort)"
tag="17-$SUITE-$(printf '%s' "$packages" | sha256sum | cut -c1-12)"
printf '%s\n' "$packages" > "$WORK/packages-$tag.txt"

# The user the manifests run as (runAsUser/runAsGroup 185), as in the UBI image.
echo 'jboss:x:185:' >> "$rootfs/etc/group"
echo 'jboss:x:185:185:jboss:/home/jboss:/usr/sbin/nologin' >> "$rootfs/etc/passwd"
echo 'jboss:!:20000::::::' >> "$rootfs/etc/shadow"
mkdir -p "$rootfs/home/jboss"
chown 185:185 "$rootfs/home/jboss"
# Nothing of the build or of apt's sources inside.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/etc/apt/sources.list \
  "$rootfs"/etc/apt/sources.list.d/* "$rootfs"/var/log/* "$rootfs"/debootstrap \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/lib/dpkg/*-old "$rootfs"/root/.bash_history
leftover="$(find "$rootfs/etc/apt" -name '*.list' -o -name '*.sources' | head -1)"
[[ -z "$leftover" ]] || die "package-manager source left in the image: $leftover"

step "Packing $tag with umoci" >&2
umoci repack --image "$WORK/oci:base" "$WORK/bundle"
umoci config --image "$WORK/oci:base" --os linux --architecture amd64 \
  --config.user 185 --config.workingdir /home/jboss \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 --config.env LANG=C.UTF-8 \
  --config.label "org.opencontainers.image.title=unrip JRE 17 base" \
  --config.label "org.opencontainers.image.version=$tag" \
  --config.label "org.opencontainers.image.base.name=debian:$SUITE (debootstrap minbase)"
archive="$WORK/jre-$tag.tar"
rm -f "$archive"
skopeo copy --quiet "oci:$WORK/oci:base" "docker-archive:$archive:unrip/jre17:$tag"
rm -rf "$WORK/bundle" "$WORK/oci"
printf '%s\n' "$archive" > "$LATEST"
info "base image unrip/jre17:$tag, $(( $(stat -c %s "$archive") >> 20 )) MiB, in $(( $(date +%s) - start )) s: $archive" >&2
printf '%s\n' "$archive"
