// Package assets is daihoi's web UI: one page per screen and the shared script, styles and
// strings, embedded in the binary. No build step: plain HTML, CSS and JavaScript.
package assets

import "embed"

// FS holds the pages at its root, the shared files under static/ and the screens' fonts under
// webfonts/ (DejaVu Sans cut to the letters the screens write: webfonts/make.sh). The screens carry
// their own font so that a ballot is laid out the same on every tablet, whatever fonts it has.
//
//go:embed *.html static webfonts/*.woff2
var FS embed.FS
