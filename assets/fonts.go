package assets

import "embed"

// Fonts holds DejaVu Sans (regular and bold), whose glyphs cover Vietnamese in full, for the PDF
// minutes; its licence is beside it (fonts/LICENSE-DejaVu.txt).
//
//go:embed fonts
var Fonts embed.FS
