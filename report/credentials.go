package report

import (
	"io"
	"strconv"

	"github.com/daihoi/daihoi"
)

// sharesArgs is what the "shares" sub-template prints: a title, a group key and a breakdown.
type sharesArgs struct {
	Title, Group string
	List         []daihoi.Share
}

type credentialsData struct {
	Page
	R    daihoi.CredentialReport
	Year string
}

// Credentials writes the credential committee's report (báo cáo thẩm tra tư cách đại biểu) as an
// A4 page: who was summoned, who is present, the quorum, and the make-up of those present.
func Credentials(w io.Writer, p Page, r daihoi.CredentialReport) error {
	d := credentialsData{Page: p, R: r, Year: "…"}
	if y := daihoi.CongressYear(r.Date); y > 0 {
		d.Year = strconv.Itoa(y)
	}
	return execute(w, "credentials.html", d)
}
