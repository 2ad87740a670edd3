package report

import (
	"io"

	"github.com/daihoi/daihoi"
)

// Slip is an operator's sign-in slip (phiếu đăng nhập): the account and its new password, which
// the slip is the only place to show after the setup screen.
type Slip struct {
	Name     string
	FullName string
	Role     daihoi.Role
	Head     bool
	Password string
}

// RoleVi names a role as the slip prints it, in both languages.
func (s Slip) RoleVi() string {
	switch s.Role {
	case daihoi.Organiser:
		return "Ban tổ chức / Organisers"
	case daihoi.Presidium:
		return "Đoàn chủ tịch / Presidium"
	case daihoi.Secretariat:
		return "Đoàn thư ký / Secretariat"
	case daihoi.Teller:
		if s.Head {
			return "Trưởng Ban kiểm phiếu / Head of the tellers"
		}
		return "Ban kiểm phiếu / Tellers"
	case daihoi.HallDisplay:
		return "Màn hình hội trường / Hall display"
	case daihoi.CheckIn:
		return "Bàn đón tiếp / Check-in desk"
	}
	return string(s.Role)
}

// Path is the screen of the slip's role.
func (s Slip) Path() string {
	switch s.Role {
	case daihoi.Organiser:
		return "/setup"
	case daihoi.HallDisplay:
		return "/hall"
	case daihoi.Observer:
		return "/"
	}
	return "/" + string(s.Role)
}

type slipsData struct {
	Page
	Host  string
	Slips []Slip
}

// Slips writes the operators' sign-in slips, six to an A4 sheet, to be cut and handed over: the
// address of the server at host, the sign-in name, the password.
func Slips(w io.Writer, p Page, host string, slips []Slip) error {
	return execute(w, "slips.html", slipsData{Page: p, Host: host, Slips: slips})
}
