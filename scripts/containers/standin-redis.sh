#!/usr/bin/env bash
# Makes a local image tagged redis:7-alpine, for engines that cannot pull (CI, docs/containers.md):
# Debian's redis-server and redis-cli (7.0), unpacked from their .deb files (nothing is installed
# on the host, so no Redis starts there), with the host's libraries and busybox as /bin/sh.
# Like the official image it listens on every interface with protected mode off.
# usage: DOCKER_HOST=... standin-redis.sh <empty work dir>   (after apt-get update)
set -euo pipefail
W=$1
R="$W/rootfs"
mkdir -p "$R"/{bin,data,etc,tmp} "$W/debs"
chmod 1777 "$R/tmp"

(cd "$W/debs" && apt-get download -qq -o APT::Sandbox::User=root \
  redis-server redis-tools libjemalloc2 liblzf1 libatomic1 >/dev/null)
for deb in "$W"/debs/*.deb; do dpkg-deb -x "$deb" "$R"; done
rm -rf "${R:?}"/usr/share "${R:?}"/etc/init.d "${R:?}"/lib/systemd "${R:?}"/usr/lib/systemd

# The libraries the unpacked packages do not bring (libc, libssl, libsystemd...) come from the host.
export LD_LIBRARY_PATH="$R/usr/lib/x86_64-linux-gnu"
for lib in $(ldd "$R/usr/bin/redis-check-rdb" "$R/usr/bin/redis-cli" | grep -o '/[^ ]*' | sort -u); do
  case $lib in "$R"/*) continue ;; esac
  [ -e "$R$lib" ] && continue
  mkdir -p "$R$(dirname "$lib")"
  cp -L "$lib" "$R$lib"
done

cp "$(command -v busybox)" "$R/bin/busybox"
for a in sh cat ls; do ln -s busybox "$R/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$R/etc/passwd"

tar -C "$R" -c . | docker import \
  -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' -c 'WORKDIR /data' -c 'EXPOSE 6379' \
  -c 'CMD ["redis-server", "--protected-mode", "no"]' - redis:7-alpine >/dev/null
docker run --rm --network none redis:7-alpine redis-server --version | grep -o 'v=[0-9.]*'
