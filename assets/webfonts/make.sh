#!/bin/sh
# make.sh rebuilds the screens' fonts: DejaVu Sans and DejaVu Sans Mono (Debian's fonts-dejavu-core),
# cut to the letters the screens write (Latin, Vietnamese, punctuation and the few signs the pages
# use) and compressed as WOFF2, about 35 KB each instead of 750 KB, so that a hall of tablets
# loading at once does not fill the Wi-Fi. Needs python3-fonttools and python3-brotli.
# A changed font is a new file for the tablets only when the ?v= of its URL in static/app.css
# changes: they keep the fonts a year.
set -e
cd "$(dirname "$0")"
src=${DEJAVU:-/usr/share/fonts/truetype/dejavu}
letters="U+0020-007E,U+00A0-00FF,U+0100-017F,U+01A0-01B0,U+0300-0309,U+0323,U+1EA0-1EF9,U+2000-206F,U+20AB,U+2190-21FF,U+2212,U+2248,U+25A0-25FF,U+26A0,U+2713-2717,U+27F3"
for f in DejaVuSans DejaVuSans-Bold DejaVuSansMono DejaVuSansMono-Bold; do
	python3 -m fontTools.subset "$src/$f.ttf" --unicodes="$letters" --layout-features='*' \
		--flavor=woff2 --output-file="$f.woff2"
done
