package report

import (
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/assets"
)

// The A4 page in millimetres: margins, the width of the text, and the lowest line text may reach
// above the footer.
const (
	pdfLeft   = 18.0
	pdfRight  = 15.0
	pdfWidth  = 210.0 - pdfLeft - pdfRight
	pdfBottom = 297.0 - 16
)

// minutesDoc draws the minutes and the announcement into one file as two documents, each with its
// own heading and its own page numbers: the announcement is handed to the head of the tellers to
// read aloud, the minutes are signed and filed.
type minutesDoc struct {
	pdf *fpdf.Fpdf
	m   daihoi.Minutes
	// The document being drawn: its name in the footer, its first page, and the alias of its
	// page count, replaced once both are drawn.
	name  string
	first int
	total string
}

// MinutesPDF writes the minutes as an A4 PDF in DejaVu Sans, whose glyphs cover Vietnamese: what
// Minutes prints, laid out for a printer without a browser. The announcement the head of the
// tellers reads follows as a document of its own, numbered from its own first page.
func MinutesPDF(w io.Writer, m daihoi.Minutes) error {
	d, err := newMinutesDoc(m, "Biên bản kiểm phiếu — "+m.Poll.Title)
	if err != nil {
		return err
	}
	d.start("Biên bản kiểm phiếu", "{minutes-pages}")
	d.minutes()
	pages := d.pdf.PageNo()
	d.pdf.RegisterAlias("{minutes-pages}", strconv.Itoa(pages))
	d.start("Kết quả kiểm phiếu", "{announcement-pages}")
	d.announcement()
	d.pdf.RegisterAlias("{announcement-pages}", strconv.Itoa(d.pdf.PageNo()-pages))
	return d.output(w)
}

// AnnouncementPDF writes only the announcement (kết quả kiểm phiếu), as the head of the tellers
// reads it to the congress.
func AnnouncementPDF(w io.Writer, m daihoi.Minutes) error {
	d, err := newMinutesDoc(m, "Kết quả kiểm phiếu — "+m.Poll.Title)
	if err != nil {
		return err
	}
	d.start("Kết quả kiểm phiếu", "{announcement-pages}")
	d.announcement()
	d.pdf.RegisterAlias("{announcement-pages}", strconv.Itoa(d.pdf.PageNo()))
	return d.output(w)
}

func newMinutesDoc(m daihoi.Minutes, title string) (*minutesDoc, error) {
	reg, err := fs.ReadFile(assets.Fonts, "fonts/DejaVuSans.ttf")
	if err != nil {
		return nil, err
	}
	bold, err := fs.ReadFile(assets.Fonts, "fonts/DejaVuSans-Bold.ttf")
	if err != nil {
		return nil, err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetCreator("daihoi", true)
	pdf.AddUTF8FontFromBytes("dejavu", "", reg)
	pdf.AddUTF8FontFromBytes("dejavu", "B", bold)
	pdf.SetMargins(pdfLeft, 15, pdfRight)
	pdf.SetAutoPageBreak(true, 16)
	d := &minutesDoc{pdf: pdf, m: m}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("dejavu", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("%s — trang %d/%s", d.name, pdf.PageNo()-d.first+1, d.total), "", 0, "C", false, 0, "")
	})
	return d, nil
}

// start begins a document on a new page, with the heading every paper of the congress has.
func (d *minutesDoc) start(name, total string) {
	d.pdf.AddPage()
	d.name, d.first, d.total = name, d.pdf.PageNo(), total
	d.header()
}

func (d *minutesDoc) output(w io.Writer) error {
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("minutes pdf: %w", err)
	}
	return nil
}

func (d *minutesDoc) font(style string, size float64) { d.pdf.SetFont("dejavu", style, size) }

// lines wraps text to width at the current font, as a title must be wrapped: «đồng chí» is never
// split across two lines, and the last line never holds a single word when the line above can
// spare one.
func (d *minutesDoc) lines(text string, width float64) []string {
	var words []string
	for _, w := range strings.Fields(text) {
		if n := len(words); n > 0 && strings.EqualFold(words[n-1], "đồng") && strings.HasPrefix(w, "chí") {
			words[n-1] += " " + w
			continue
		}
		words = append(words, w)
	}
	fits := func(s string) bool { return d.pdf.GetStringWidth(s) <= width }
	var out [][]string
	for _, w := range words {
		if n := len(out); n > 0 && fits(strings.Join(append(append([]string{}, out[n-1]...), w), " ")) {
			out[n-1] = append(out[n-1], w)
			continue
		}
		out = append(out, []string{w})
	}
	if n := len(out); n > 1 && len(out[n-1]) == 1 && !strings.Contains(out[n-1][0], " ") && len(out[n-2]) > 2 {
		prev := out[n-2]
		moved := append([]string{prev[len(prev)-1]}, out[n-1]...)
		if fits(strings.Join(moved, " ")) {
			out[n-2], out[n-1] = prev[:len(prev)-1], moved
		}
	}
	s := make([]string, len(out))
	for i, l := range out {
		s[i] = strings.Join(l, " ")
	}
	return s
}

// text writes a block of wrapped lines, aligned "L" or "C", each lh high.
func (d *minutesDoc) text(style string, size, lh float64, align, s string) {
	d.font(style, size)
	for _, l := range d.lines(s, pdfWidth-1) {
		d.pdf.CellFormat(pdfWidth, lh, l, "", 1, align, false, 0, "")
	}
}

// textHeight is how tall text would be.
func (d *minutesDoc) textHeight(style string, size, lh float64, s string) float64 {
	d.font(style, size)
	return lh * float64(len(d.lines(s, pdfWidth-1)))
}

func (d *minutesDoc) para(s string) { d.text("", 10.5, 5.2, "L", s) }

// keep starts a new page unless h more millimetres fit on this one.
func (d *minutesDoc) keep(h float64) {
	if d.pdf.GetY()+h > pdfBottom {
		d.pdf.AddPage()
	}
}

// heading writes a section title; it never ends a page, it goes with what follows.
func (d *minutesDoc) heading(s string) {
	d.keep(d.textHeight("B", 11.5, 6, s) + 3 + 14)
	d.pdf.Ln(2.5)
	d.text("B", 11.5, 6, "L", s)
	d.pdf.Ln(0.5)
}

func (d *minutesDoc) headingHeight(s string) float64 { return 3 + d.textHeight("B", 11.5, 6, s) }

// header is the top of every paper of the congress, as on the credential report: the
// organisation and the body that writes on the left, the Party, the place and the date on the right.
func (d *minutesDoc) header() {
	pdf := d.pdf
	half := pdfWidth / 2
	y := pdf.GetY()
	d.font("B", 10)
	pdf.MultiCell(half-4, 5, strings.ToUpper(d.m.Congress.Organisation)+"\nBAN KIỂM PHIẾU", "", "C", false)
	d.font("", 10)
	pdf.CellFormat(half-4, 5, "*", "", 1, "C", false, 0, "")
	yl := pdf.GetY()
	pdf.SetXY(pdfLeft+half-4, y)
	d.font("B", 10)
	pdf.CellFormat(half+4, 5, "ĐẢNG CỘNG SẢN VIỆT NAM", "", 2, "C", false, 0, "")
	uw := pdf.GetStringWidth("ĐẢNG CỘNG SẢN VIỆT NAM")
	cx := pdfLeft + half - 4 + (half+4)/2
	pdf.Line(cx-uw/2, y+5, cx+uw/2, y+5)
	pdf.Ln(1.5)
	pdf.SetX(pdfLeft + half - 4)
	d.font("", 9.5)
	pdf.MultiCell(half+4, 5, minutesPlace(d.m), "", "C", false)
	pdf.SetY(max(yl, pdf.GetY()) + 5)
}

// table draws widths, aligns, a header row and rows; the header repeats on a new page. The last
// row keeps reserve millimetres below it on its page: what must stay with the last figures.
func (d *minutesDoc) table(widths []float64, aligns string, head []string, rows [][]string, reserve float64) {
	pdf := d.pdf
	drawHead := func() {
		d.font("B", 9.5)
		pdf.SetFillColor(235, 235, 235)
		for i, h := range head {
			pdf.CellFormat(widths[i], 6.5, h, "1", 0, string(aligns[i]), true, 0, "")
		}
		pdf.Ln(-1)
	}
	// A table starts where its header and a few rows fit.
	d.keep(tableHeight(min(len(rows), 3)))
	drawHead()
	// Rows whose text is too long for its column wrap: measure the tallest cell first.
	d.font("", 10)
	heights := make([]float64, len(rows))
	for n, row := range rows {
		lines := 1
		for i, cell := range row {
			if k := len(pdf.SplitText(cell, widths[i]-2)); k > lines {
				lines = k
			}
		}
		heights[n] = 6.0 * float64(lines)
	}
	// The last rows go together with what is reserved: never a single row over the signatures.
	lastRows := len(rows) - min(len(rows), 3)
	for n, row := range rows {
		d.font("", 10)
		h := heights[n]
		need := h
		if n == lastRows && reserve > 0 {
			need = reserve
			for _, k := range heights[n:] {
				need += k
			}
		}
		if pdf.GetY()+need > pdfBottom {
			pdf.AddPage()
			drawHead()
			d.font("", 10)
		}
		x, y := pdf.GetX(), pdf.GetY()
		for i, cell := range row {
			pdf.Rect(x, y, widths[i], h, "D")
			pdf.SetXY(x, y)
			pdf.MultiCell(widths[i], 6, cell, "", string(aligns[i]), false)
			x += widths[i]
		}
		pdf.SetXY(pdfLeft, y+h)
	}
}

func tableHeight(rows int) float64 { return 6.5 + 6*float64(rows) }

// minutes draws the minutes of the count, ending with the tellers' signatures on the page of the
// last figures.
func (d *minutesDoc) minutes() {
	m, pdf := d.m, d.pdf
	d.font("B", 15)
	pdf.CellFormat(pdfWidth, 8, "BIÊN BẢN KIỂM PHIẾU", "", 1, "C", false, 0, "")
	d.text("B", 11.5, 6, "C", m.Poll.Title)
	if m.Round != "" {
		d.font("", 10.5)
		pdf.CellFormat(pdfWidth, 6, m.Round, "", 1, "C", false, 0, "")
	}
	pdf.Ln(2)
	if !m.Confirmed {
		d.font("B", 10.5)
		pdf.SetTextColor(179, 18, 27)
		pdf.MultiCell(pdfWidth, 6, "BẢN DỰ THẢO — Ban Kiểm phiếu chưa xác nhận đủ kết quả này.", "1", "C", false)
		pdf.SetTextColor(0, 0, 0)
		pdf.Ln(2)
	}
	d.para(minutesOpening(m))
	d.para("Hình thức: " + modeVi(m.Poll, m.Congress.Type) + ".")

	d.heading("1. Ban Kiểm phiếu")
	var rows [][]string
	for i, t := range m.Tellers {
		role := "Thành viên"
		if t.Head {
			role = "Trưởng ban"
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), t.Name, role})
	}
	d.table([]float64{12, 110, pdfWidth - 122}, "RLL", []string{"TT", "Họ và tên", "Nhiệm vụ"}, rows, 0)

	d.heading("2. Số đại biểu và số phiếu")
	figs := [][2]string{}
	if m.Poll.Kind == daihoi.Election {
		figs = append(figs, [2]string{"Số lượng cần bầu", strconv.Itoa(m.Poll.Seats)}, [2]string{"Số người trong danh sách bầu cử", strconv.Itoa(len(m.Rows))})
	}
	figs = append(figs, [2]string{"Tổng số đại biểu được triệu tập", strconv.Itoa(m.Base)},
		[2]string{"Số đại biểu có mặt", strconv.Itoa(m.Present)}, [2]string{"Số đại biểu vắng mặt", strconv.Itoa(m.Absent)})
	if m.Poll.Mode != daihoi.Hands {
		issued, collected := strconv.Itoa(m.Issued), strconv.Itoa(m.Collected)
		if m.Mixed {
			issued += fmt.Sprintf(" (máy tính bảng %d, phiếu giấy %d)", m.TabletIssued, m.PaperIssued)
			collected += fmt.Sprintf(" (máy tính bảng %d, phiếu giấy %d)", m.TabletCollected, m.PaperCollected)
		}
		figs = append(figs, [2]string{"Số phiếu phát ra", issued}, [2]string{"Số phiếu thu vào", collected},
			[2]string{"Số phiếu hợp lệ", strconv.Itoa(m.Valid)}, [2]string{"Số phiếu không hợp lệ", strconv.Itoa(m.Invalid)})
	}
	for _, f := range figs {
		d.font("", 10.5)
		pdf.CellFormat(75, 5.8, f[0]+":", "", 0, "L", false, 0, "")
		d.font("B", 10.5)
		pdf.CellFormat(pdfWidth-75, 5.8, f[1], "", 1, "L", false, 0, "")
	}
	if m.Poll.BaseVi != "" {
		d.para("Cách tính tổng số đại biểu được triệu tập: " + m.Poll.BaseVi + ".")
	}
	if m.Note != "" {
		d.para("Ghi chú của Ban Kiểm phiếu: " + m.Note)
	}
	if m.Poll.Mode != daihoi.Hands && len(m.Reasons) > 0 {
		pdf.Ln(1.5)
		rows = nil
		for _, r := range m.Reasons {
			rows = append(rows, []string{r.Label, strconv.Itoa(r.N)})
		}
		d.table([]float64{pdfWidth - 30, 30}, "LR", []string{"Phiếu không hợp lệ, theo lý do", "Số phiếu"}, rows, 0)
	}
	// The rules the count applied, before the result they decide.
	pdf.Ln(1.5)
	d.keep(5 + 4.3*2)
	d.font("B", 9.5)
	pdf.CellFormat(pdfWidth, 5, "Quy tắc áp dụng ("+m.Poll.Ruleset+"):", "", 1, "L", false, 0, "")
	for _, st := range minutesSettings(m) {
		d.font("", 8.5)
		pdf.MultiCell(pdfWidth, 4.3, "• "+st.Vi+": "+daihoi.SettingValueVi(st.Value), "", "L", false)
	}

	// What follows the last table stays on its page: the notes, the seal, the closing sentence
	// and the signatures.
	tail := d.tailHeight()
	wide := []float64{12, 107, 28, pdfWidth - 147}
	if m.Poll.Kind == daihoi.Election {
		d.heading("3. Kết quả bầu cử, theo thứ tự trong danh sách bầu cử")
		rows = nil
		for _, r := range m.Rows {
			rows = append(rows, []string{strconv.Itoa(r.Number), r.Name, strconv.Itoa(r.Votes), r.Percent + "%"})
		}
		d.table(wide, "RLRR", []string{"TT", "Họ và tên", "Số phiếu", "Tỷ lệ"}, rows, 0)
		d.font("", 9)
		pdf.MultiCell(pdfWidth, 5, fmt.Sprintf("Tỷ lệ tính trên tổng số đại biểu được triệu tập (%d).", m.Base), "", "L", false)
		title := "4. Những đồng chí trúng cử, xếp theo số phiếu từ cao xuống thấp"
		if len(m.Elected) == 0 {
			d.keep(d.headingHeight(title) + tail)
			d.heading(title)
			d.para("Không có đồng chí nào có số phiếu quá một nửa so với tổng số đại biểu được triệu tập.")
		} else {
			if all := d.headingHeight(title) + tableHeight(len(m.Elected)) + tail; all <= pdfBottom-15 {
				d.keep(all)
			}
			d.heading(title)
			rows = nil
			for i, r := range m.Elected {
				rows = append(rows, []string{strconv.Itoa(i + 1), r.Name, strconv.Itoa(r.Votes), r.Percent + "%"})
			}
			d.table(wide, "RLRR", []string{"TT", "Họ và tên", "Số phiếu", "Tỷ lệ"}, rows, tail)
		}
	} else {
		title := "3. Kết quả biểu quyết"
		if all := d.headingHeight(title) + tableHeight(len(m.Choices)) + tail; all <= pdfBottom-15 {
			d.keep(all)
		}
		d.heading(title)
		rows = nil
		for _, c := range m.Choices {
			rows = append(rows, []string{c.Label, strconv.Itoa(c.N), c.Percent + "%"})
		}
		d.table([]float64{pdfWidth - 70, 35, 35}, "LRR", []string{"Lựa chọn", "Số phiếu", "Tỷ lệ"}, rows, tail)
	}
	d.tail()
}

// tailNotes are the sentences after the last table, before the seal.
func (d *minutesDoc) tailNotes() []string {
	m := d.m
	var out []string
	if m.Poll.Kind == daihoi.Election {
		if len(m.Runoff) > 0 {
			var names []string
			for _, r := range m.Runoff {
				names = append(names, r.Name)
			}
			out = append(out, fmt.Sprintf("Hòa phiếu ở vị trí cuối: %s (%d phiếu) — cần bầu lại cho %d chỗ.", strings.Join(names, ", "), m.Runoff[0].Votes, m.RunoffSeats))
		}
		if m.Unfilled > 0 {
			out = append(out, fmt.Sprintf("Số chỗ còn thiếu: %d so với số lượng cần bầu (%d).", m.Unfilled, m.Poll.Seats))
		}
		return out
	}
	out = append(out, fmt.Sprintf("Tỷ lệ tính trên tổng số đại biểu được triệu tập (%d).", m.Base))
	if m.Passed {
		return append(out, "Đại hội đã thông qua (tán thành quá một nửa tổng số đại biểu được triệu tập).")
	}
	return append(out, "Đại hội chưa thông qua (tán thành không quá một nửa tổng số đại biểu được triệu tập).")
}

const (
	signCols = 3
	signRowH = 30.0
)

func (d *minutesDoc) closing() string {
	return "Biên bản lập xong hồi " + minutesFinished(d.m) + ", " + minutesDate(d.m) + ", đã đọc lại cho các thành viên Ban Kiểm phiếu cùng nghe và nhất trí ký tên."
}

// tailHeight measures what tail draws.
func (d *minutesDoc) tailHeight() float64 {
	h := 0.0
	for _, s := range d.tailNotes() {
		h += 1 + d.textHeight("", 10.5, 5.2, s)
	}
	if d.m.Digest != "" {
		h += d.headingHeight("Niêm phong hòm phiếu") + 0.5 + d.textHeight("", 10.5, 5.2, "Mã niêm phong (SHA-256 của các phiếu đã niêm phong, theo thứ tự chuẩn):") + 5
		if d.m.Chain.Head != "" {
			h += d.textHeight("", 10.5, 5.2, chainLine(d.m)) + 5
		}
	}
	h += 2 + d.textHeight("", 10.5, 5.2, d.closing())
	rows := (len(d.m.Tellers) + signCols - 1) / signCols
	return h + float64(rows)*(signRowH+3)
}

// tail draws the notes after the last table, the seal, the closing sentence and the signatures.
func (d *minutesDoc) tail() {
	m, pdf := d.m, d.pdf
	for _, s := range d.tailNotes() {
		pdf.Ln(1)
		d.para(s)
	}
	if m.Digest != "" {
		d.heading("Niêm phong hòm phiếu")
		d.para("Mã niêm phong (SHA-256 của các phiếu đã niêm phong, theo thứ tự chuẩn):")
		d.font("", 9)
		pdf.MultiCell(pdfWidth, 5, m.Digest, "", "L", false)
		if m.Chain.Head != "" {
			d.para(chainLine(m))
			d.font("", 9)
			pdf.MultiCell(pdfWidth, 5, m.Chain.Head, "", "L", false)
		}
	}
	pdf.Ln(2)
	d.para(d.closing())

	// Signatures: a blank space to sign above each name, the head first.
	col := pdfWidth / signCols
	var y float64
	for i, t := range m.Tellers {
		c := i % signCols
		if c == 0 {
			d.keep(signRowH + 3)
			y = pdf.GetY() + 3
		}
		x := pdfLeft + float64(c)*col
		role := "THÀNH VIÊN"
		if t.Head {
			role = "TRƯỞNG BAN"
		}
		pdf.SetXY(x, y)
		d.font("B", 10)
		pdf.CellFormat(col, 5, role, "", 2, "C", false, 0, "")
		d.font("", 8.5)
		pdf.CellFormat(col, 4, "(ký, ghi rõ họ tên)", "", 2, "C", false, 0, "")
		pdf.SetDrawColor(120, 120, 120)
		pdf.Line(x+8, y+22, x+col-8, y+22)
		pdf.SetDrawColor(0, 0, 0)
		pdf.SetXY(x, y+23)
		d.font("B", 10)
		pdf.CellFormat(col, 5, t.Name, "", 0, "C", false, 0, "")
		if c == signCols-1 || i == len(m.Tellers)-1 {
			pdf.SetXY(pdfLeft, y+signRowH)
		}
	}
}

// announcement draws what the head of the tellers reads aloud, a document of its own.
func (d *minutesDoc) announcement() {
	pdf := d.pdf
	d.font("B", 14)
	pdf.CellFormat(pdfWidth, 8, "KẾT QUẢ KIỂM PHIẾU", "", 1, "C", false, 0, "")
	d.text("B", 11.5, 6, "C", d.m.Poll.Title)
	d.font("", 10)
	pdf.CellFormat(pdfWidth, 6, "Nội dung Trưởng Ban Kiểm phiếu công bố trước Đại hội", "", 1, "C", false, 0, "")
	pdf.Ln(3)
	paras := d.m.Announcement()
	height := func(p string) float64 { return d.textHeight("", 11, 5.8, p) + 1 }
	for i, p := range paras {
		if i == len(paras)-2 {
			// «Ban Kiểm phiếu xin hết.» never stands alone on a page.
			d.keep(height(p) + height(paras[i+1]))
		}
		d.text("", 11, 5.8, "L", p)
		pdf.Ln(1)
	}
}

// chainLine introduces the audit chain's head at the seal (see daihoi.ChainMark).
func chainLine(m daihoi.Minutes) string {
	return fmt.Sprintf("Đầu chuỗi nhật ký sự kiện khi niêm phong (sự kiện số %d; lệnh daihoi audit in lại mã này):", m.Chain.Seq)
}
