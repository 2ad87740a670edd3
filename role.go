package daihoi

// roleNames are the names a person reads for each role, in Vietnamese and English: a message
// says «Tài khoản Màn hình hội trường …», never the code «hall».
var roleNames = map[Role][2]string{
	Organiser:    {"Ban Tổ chức", "organisers"},
	Presidium:    {"Đoàn Chủ tịch", "presidium"},
	Secretariat:  {"Đoàn Thư ký", "secretariat"},
	Teller:       {"Ban Kiểm phiếu", "tellers"},
	DelegateRole: {"đại biểu", "delegate"},
	HallDisplay:  {"Màn hình hội trường", "hall display"},
	CheckIn:      {"Bàn đón tiếp", "check-in desk"},
	Observer:     {"Người theo dõi", "observer"},
}

// Vi is the role's Vietnamese name for messages; a role with no name is shown by its code.
func (r Role) Vi() string {
	if n, ok := roleNames[r]; ok {
		return n[0]
	}
	return string(r)
}

// En is the role's English name for messages.
func (r Role) En() string {
	if n, ok := roleNames[r]; ok {
		return n[1]
	}
	return string(r)
}
