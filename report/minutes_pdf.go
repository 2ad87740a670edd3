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

// MinutesPDF writes the minutes as an A4 PDF in DejaVu Sans, whose glyphs cover Vietnamese: what
// Minutes prints, laid out for a printer without a browser.
func MinutesPDF(w io.Writer, m daihoi.Minutes) error {
	reg, err := fs.ReadFile(assets.Fonts, "fonts/DejaVuSans.ttf")
	if err != nil {
		return err
	}
	bold, err := fs.ReadFile(assets.Fonts, "fonts/DejaVuSans-Bold.ttf")
	if err != nil {
		return err
	}
	const left, right, width = 18.0, 15.0, 210.0 - 18.0 - 15.0
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Biên bản kiểm phiếu — "+m.Poll.Title, true)
	pdf.SetCreator("daihoi", true)
	pdf.AddUTF8FontFromBytes("dejavu", "", reg)
	pdf.AddUTF8FontFromBytes("dejavu", "B", bold)
	pdf.SetMargins(left, 15, right)
	pdf.SetAutoPageBreak(true, 16)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("dejavu", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("Biên bản kiểm phiếu — %s — trang %d/{nb}", m.Poll.Title, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	font := func(style string, size float64) { pdf.SetFont("dejavu", style, size) }
	para := func(text string) {
		font("", 10.5)
		pdf.MultiCell(width, 5.2, text, "", "L", false)
	}
	heading := func(text string) {
		// A heading never ends a page: it goes with what follows.
		if pdf.GetY() > 297-16-30 {
			pdf.AddPage()
		}
		pdf.Ln(2.5)
		font("B", 11.5)
		pdf.MultiCell(width, 6, text, "", "L", false)
		pdf.Ln(0.5)
	}
	pdf.AddPage()

	// Header: the organisation and the tellers on the left, the Party and the date on the right.
	half := width / 2
	font("B", 10)
	y := pdf.GetY()
	pdf.MultiCell(half, 5, strings.ToUpper(m.Congress.Organisation)+"\nBAN KIỂM PHIẾU", "", "C", false)
	yl := pdf.GetY()
	pdf.SetXY(left+half, y)
	pdf.MultiCell(half, 5, "ĐẢNG CỘNG SẢN VIỆT NAM", "", "C", false)
	pdf.SetX(left + half)
	font("", 9.5)
	pdf.MultiCell(half, 5, minutesDate(m), "", "C", false)
	pdf.SetY(max(yl, pdf.GetY()) + 6)

	font("B", 15)
	pdf.CellFormat(width, 8, "BIÊN BẢN KIỂM PHIẾU", "", 1, "C", false, 0, "")
	font("B", 11.5)
	pdf.MultiCell(width, 6, m.Poll.Title, "", "C", false)
	if m.Round != "" {
		font("", 10.5)
		pdf.CellFormat(width, 6, m.Round, "", 1, "C", false, 0, "")
	}
	pdf.Ln(2)
	if !m.Confirmed {
		font("B", 10.5)
		pdf.SetTextColor(179, 18, 27)
		pdf.MultiCell(width, 6, "BẢN DỰ THẢO — Ban Kiểm phiếu chưa xác nhận đủ kết quả này.", "1", "C", false)
		pdf.SetTextColor(0, 0, 0)
		pdf.Ln(2)
	}
	para(m.Congress.Title + ". Hình thức: " + modeVi(m.Poll, m.Congress.Type) + ".")

	// A table: widths, aligns, a header row and rows; the header repeats on a new page.
	table := func(widths []float64, aligns string, head []string, rows [][]string) {
		drawHead := func() {
			font("B", 9.5)
			pdf.SetFillColor(235, 235, 235)
			for i, h := range head {
				pdf.CellFormat(widths[i], 6.5, h, "1", 0, string(aligns[i]), true, 0, "")
			}
			pdf.Ln(-1)
		}
		drawHead()
		font("", 10)
		for _, row := range rows {
			// Rows whose text is too long for its column wrap: measure the tallest cell first.
			lines := 1
			for i, cell := range row {
				if n := len(pdf.SplitText(cell, widths[i]-2)); n > lines {
					lines = n
				}
			}
			h := 6.0 * float64(lines)
			if pdf.GetY()+h > 297-16 {
				pdf.AddPage()
				drawHead()
				font("", 10)
			}
			x, y := pdf.GetX(), pdf.GetY()
			for i, cell := range row {
				pdf.Rect(x, y, widths[i], h, "D")
				pdf.SetXY(x, y)
				pdf.MultiCell(widths[i], 6, cell, "", string(aligns[i]), false)
				x += widths[i]
			}
			pdf.SetXY(left, y+h)
		}
	}

	heading("1. Ban Kiểm phiếu")
	var rows [][]string
	for i, t := range m.Tellers {
		role := "Thành viên"
		if t.Head {
			role = "Trưởng ban"
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), t.Name, role})
	}
	table([]float64{12, 110, width - 122}, "RLL", []string{"TT", "Họ và tên", "Nhiệm vụ"}, rows)

	heading("2. Số đại biểu và số phiếu")
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
		font("", 10.5)
		pdf.CellFormat(75, 5.8, f[0]+":", "", 0, "L", false, 0, "")
		font("B", 10.5)
		pdf.CellFormat(width-75, 5.8, f[1], "", 1, "L", false, 0, "")
	}
	if m.Poll.BaseVi != "" {
		para("Cách tính tổng số đại biểu được triệu tập: " + m.Poll.BaseVi + ".")
	}
	if m.Note != "" {
		para("Ghi chú của Ban Kiểm phiếu: " + m.Note)
	}
	if m.Poll.Mode != daihoi.Hands {
		pdf.Ln(1.5)
		rows = nil
		for _, r := range m.Reasons {
			rows = append(rows, []string{r.Label, strconv.Itoa(r.N)})
		}
		table([]float64{width - 30, 30}, "LR", []string{"Phiếu không hợp lệ, theo lý do", "Số phiếu"}, rows)
	}

	if m.Poll.Kind == daihoi.Election {
		heading("3. Kết quả bầu cử, theo thứ tự trong danh sách bầu cử")
		rows = nil
		for _, r := range m.Rows {
			rows = append(rows, []string{strconv.Itoa(r.Number), r.Name, strconv.Itoa(r.Votes), r.Percent + "%"})
		}
		table([]float64{12, 107, 28, width - 147}, "RLRR", []string{"TT", "Họ và tên", "Số phiếu", "Tỷ lệ"}, rows)
		font("", 9)
		pdf.MultiCell(width, 5, fmt.Sprintf("Tỷ lệ tính trên tổng số đại biểu được triệu tập (%d).", m.Base), "", "L", false)
		heading("4. Những đồng chí trúng cử, xếp theo số phiếu từ cao xuống thấp")
		if len(m.Elected) == 0 {
			para("Không có đồng chí nào có số phiếu quá một nửa so với tổng số đại biểu được triệu tập.")
		} else {
			rows = nil
			for i, r := range m.Elected {
				rows = append(rows, []string{strconv.Itoa(i + 1), r.Name, strconv.Itoa(r.Votes), r.Percent + "%"})
			}
			table([]float64{12, 107, 28, width - 147}, "RLRR", []string{"TT", "Họ và tên", "Số phiếu", "Tỷ lệ"}, rows)
		}
		if len(m.Runoff) > 0 {
			var names []string
			for _, r := range m.Runoff {
				names = append(names, r.Name)
			}
			pdf.Ln(1)
			para(fmt.Sprintf("Hòa phiếu ở vị trí cuối: %s (%d phiếu) — cần bầu lại cho %d chỗ.", strings.Join(names, ", "), m.Runoff[0].Votes, m.RunoffSeats))
		}
		if m.Unfilled > 0 {
			pdf.Ln(1)
			para(fmt.Sprintf("Số chỗ còn thiếu: %d so với số lượng cần bầu (%d).", m.Unfilled, m.Poll.Seats))
		}
	} else {
		heading("3. Kết quả biểu quyết")
		rows = nil
		for _, c := range m.Choices {
			rows = append(rows, []string{c.Label, strconv.Itoa(c.N), c.Percent + "%"})
		}
		table([]float64{width - 70, 35, 35}, "LRR", []string{"Lựa chọn", "Số phiếu", "Tỷ lệ"}, rows)
		font("", 9)
		pdf.MultiCell(width, 5, fmt.Sprintf("Tỷ lệ tính trên tổng số đại biểu được triệu tập (%d).", m.Base), "", "L", false)
		if m.Passed {
			para("Đại hội đã thông qua (tán thành quá một nửa tổng số đại biểu được triệu tập).")
		} else {
			para("Đại hội chưa thông qua (tán thành không quá một nửa tổng số đại biểu được triệu tập).")
		}
	}

	if m.Digest != "" {
		heading("Niêm phong hòm phiếu")
		para("Mã niêm phong (SHA-256 của các phiếu đã niêm phong, theo thứ tự chuẩn):")
		font("", 9)
		pdf.MultiCell(width, 5, m.Digest, "", "L", false)
	}
	heading("Quy tắc áp dụng (" + m.Poll.Ruleset + ")")
	for _, st := range m.Settings {
		font("", 8.5)
		pdf.MultiCell(width, 4.3, "• "+st.Vi+": "+daihoi.SettingValueVi(st.Value), "", "L", false)
	}
	pdf.Ln(2)
	para("Biên bản lập xong hồi … giờ … phút, " + minutesDate(m) + ", đã đọc lại cho các thành viên Ban Kiểm phiếu cùng nghe và nhất trí ký tên.")

	// Signatures: two per row, a blank space to sign above each name.
	const signH = 34.0
	for i, t := range m.Tellers {
		col := i % 2
		if col == 0 {
			if pdf.GetY()+signH > 297-18 {
				pdf.AddPage()
			}
			y = pdf.GetY() + 4
		}
		x := left + float64(col)*half
		role := "THÀNH VIÊN"
		if t.Head {
			role = "TRƯỞNG BAN"
		}
		pdf.SetXY(x, y)
		font("B", 10)
		pdf.CellFormat(half, 5, role, "", 2, "C", false, 0, "")
		font("", 8.5)
		pdf.CellFormat(half, 4, "(ký, ghi rõ họ tên)", "", 2, "C", false, 0, "")
		pdf.SetDrawColor(120, 120, 120)
		pdf.Line(x+15, y+24, x+half-15, y+24)
		pdf.SetDrawColor(0, 0, 0)
		pdf.SetXY(x, y+25)
		font("B", 10.5)
		pdf.CellFormat(half, 5, t.Name, "", 0, "C", false, 0, "")
		if col == 1 || i == len(m.Tellers)-1 {
			pdf.SetXY(left, y+signH)
		}
	}

	// The announcement the head reads aloud, on a page of its own.
	pdf.AddPage()
	font("B", 14)
	pdf.CellFormat(width, 8, "KẾT QUẢ KIỂM PHIẾU", "", 1, "C", false, 0, "")
	font("", 10)
	pdf.CellFormat(width, 6, "Nội dung Trưởng Ban Kiểm phiếu công bố trước Đại hội", "", 1, "C", false, 0, "")
	pdf.Ln(3)
	for _, p := range m.Announcement() {
		font("", 11)
		pdf.MultiCell(width, 5.8, p, "", "L", false)
		pdf.Ln(1)
	}

	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("minutes pdf: %w", err)
	}
	return nil
}
