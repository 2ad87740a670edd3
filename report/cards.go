package report

import (
	"encoding/base64"
	"html/template"
	"io"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/daihoi/daihoi"
)

// SignInLink is what a card's QR code holds: the delegate's sign-in address on the server at host,
// over HTTPS (the hall's Wi-Fi carries no card code in clear text).
func SignInLink(host, code string) string { return "https://" + host + "/d/" + code }

// CardQR is the QR code of a card's sign-in link, as a PNG.
func CardQR(host, code string) ([]byte, error) {
	return qrcode.Encode(SignInLink(host, code), qrcode.Medium, 320)
}

type cardsData struct {
	Page
	Host     string
	Loopback bool
	Cards    []daihoi.Card
	Category map[string]daihoi.Category
}

// Kind is the heading of a card: a delegate's, an alternate's or a guest's.
func (d cardsData) Kind(id string) string {
	switch d.Category[id] {
	case daihoi.Alternate:
		return "THẺ ĐẠI BIỂU DỰ KHUYẾT"
	case daihoi.Guest:
		return "THẺ KHÁCH MỜI"
	}
	if d.Congress.Type == daihoi.MemberCongress {
		return "THẺ ĐẢNG VIÊN"
	}
	return "THẺ ĐẠI BIỂU"
}

func (d cardsData) Link(code string) string { return SignInLink(d.Host, code) }

// QR is the card's QR code as a data: address. The sheet carries its images in itself: the server
// keeps no code, so no address could draw a card's QR code later.
func (d cardsData) QR(code string) (template.URL, error) {
	png, err := CardQR(d.Host, code)
	if err != nil {
		return "", err
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), nil
}

// Cards writes the delegates' cards, just issued with their codes, two to a row of an A4 sheet,
// each with the QR code of its sign-in link on the server at host; the sheet is the only place the
// codes are shown, once; category gives each delegate's category (by id), for the
// card's heading. A host that is this machine's own loopback address gets a warning: tablets
// cannot open it.
func Cards(w io.Writer, p Page, host string, cards []daihoi.Card, category map[string]daihoi.Category) error {
	name := host
	if i := strings.LastIndex(name, ":"); i > 0 && !strings.HasSuffix(name, "]") {
		name = name[:i]
	}
	loop := name == "localhost" || strings.HasPrefix(name, "127.") || name == "[::1]"
	return execute(w, "cards.html", cardsData{Page: p, Host: host, Loopback: loop, Cards: cards, Category: category})
}
