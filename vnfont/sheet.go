package vnfont

// Sheet is a sheet's cells read column by column.
type Sheet struct {
	Cells [][]Cell // as the rows given
}

// Place names a character that belongs to no encoding: its row and column (from 0) in the rows
// given, and the character with its place in the cell.
type Place struct {
	Row, Col int
	Err      *UnknownCharError
}

// ReadSheet reads every cell of rows, column by column.
func ReadSheet(rows [][]string) Sheet {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	s := Sheet{Cells: make([][]Cell, len(rows))}
	for i, r := range rows {
		s.Cells[i] = make([]Cell, len(r))
	}
	columns := make([][]string, width)
	at := make([][]int, width)
	for i, r := range rows {
		for c, v := range r {
			columns[c], at[c] = append(columns[c], v), append(at[c], i)
		}
	}
	// Each column by itself, then again with the sheet's encoding for the columns that could not
	// tell.
	total := map[Encoding]int{}
	read := make([][]Cell, width)
	for c := range columns {
		var count map[Encoding]int
		read[c], count = readColumn(columns[c], Unicode)
		for e, n := range count {
			total[e] += n
		}
	}
	if sheet := majority(total); sheet != Unicode {
		for c := range columns {
			read[c], _ = readColumn(columns[c], sheet)
		}
	}
	for c := range columns {
		for k, cell := range read[c] {
			s.Cells[at[c][k]][c] = cell
		}
	}
	return s
}

// Text gives the rows in Unicode NFC, converted where a cell was in a legacy encoding.
func (s Sheet) Text() [][]string {
	out := make([][]string, len(s.Cells))
	for i, r := range s.Cells {
		out[i] = make([]string, len(r))
		for j, c := range r {
			out[i][j] = c.Text
		}
	}
	return out
}

// Converted counts the cells converted from a legacy encoding.
func (s Sheet) Converted() int {
	n := 0
	for _, r := range s.Cells {
		for _, c := range r {
			if c.Converted() {
				n++
			}
		}
	}
	return n
}

// Encodings lists the legacy encodings met, TCVN3 before VNI.
func (s Sheet) Encodings() []Encoding {
	seen := map[Encoding]bool{}
	for _, r := range s.Cells {
		for _, c := range r {
			if c.Converted() {
				seen[c.Encoding] = true
			}
		}
	}
	var out []Encoding
	for _, e := range []Encoding{TCVN3, VNI} {
		if seen[e] {
			out = append(out, e)
		}
	}
	return out
}

// Mixed reports whether the sheet mixes encodings: cells converted beside cells already in
// Unicode Vietnamese, or cells of both TCVN3 and VNI. Such a sheet is converted cell by cell.
func (s Sheet) Mixed() bool {
	unicodeVN := false
	for _, r := range s.Cells {
		for _, c := range r {
			if c.Encoding == Unicode && c.Unknown == nil && !c.either && !isASCII(c.Stored) {
				unicodeVN = true
			}
		}
	}
	n := len(s.Encodings())
	return n > 1 || n == 1 && unicodeVN
}

// Unknown lists the characters that belong to no encoding, row by row.
func (s Sheet) Unknown() []Place {
	var out []Place
	for i, r := range s.Cells {
		for j, c := range r {
			if c.Unknown != nil {
				out = append(out, Place{Row: i, Col: j, Err: c.Unknown})
			}
		}
	}
	return out
}
