// Package assets is daihoi's web UI: one page per screen and the shared script, styles and
// strings, embedded in the binary. No build step: plain HTML, CSS and JavaScript.
package assets

import "embed"

// FS holds the pages at its root and the shared files under static/.
//
//go:embed *.html static
var FS embed.FS
