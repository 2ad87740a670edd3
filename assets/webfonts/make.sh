#!/bin/sh
# make.sh rebuilds the screens' fonts: DejaVu Sans and DejaVu Sans Mono (Debian's fonts-dejavu-core),
# cut to the letters the screens write (Latin, Vietnamese, punctuation and the few signs the pages
# use) and compressed as WOFF2, about 23 KB each instead of 750 KB, so that a hall of tablets
# loading at once does not fill the Wi-Fi. Needs python3-fonttools and python3-brotli.
# --no-hinting drops the TrueType hinting instructions, a third of each file: tablets' screens
# (Android, iOS) draw text unhinted anyway. The kerning and the marks' positions stay.
# The server names each font by a hash of its content (server/static.go): a changed font is a new
# URL for the tablets, which keep the fonts a year.
set -e
cd "$(dirname "$0")"
src=${DEJAVU:-/usr/share/fonts/truetype/dejavu}
letters="U+0020-007E,U+00A0-00FF,U+0100-017F,U+01A0-01B0,U+0300-0309,U+0323,U+1EA0-1EF9,U+2000-206F,U+20AB,U+2190-21FF,U+2212,U+2248,U+25A0-25FF,U+26A0,U+2713-2717,U+27F3"
for f in DejaVuSans DejaVuSans-Bold DejaVuSansMono DejaVuSansMono-Bold; do
	python3 -m fontTools.subset "$src/$f.ttf" --unicodes="$letters" --layout-features='*' --no-hinting \
		--flavor=woff2 --output-file="$f.woff2"
done
