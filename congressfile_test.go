package daihoi_test

import (
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/demo"
)

// The demo, as a file, is a congress one can run.
func TestTheDemoFilePasses(t *testing.T) {
	if err := demo.New().File().Check(); err != nil {
		t.Fatal(err)
	}
	if err := demo.Large(300).File().Check(); err != nil {
		t.Fatal(err)
	}
}

// A congress file that nobody could run is refused, each problem named where it is, in both
// languages.
func TestACongressFileThatCannotRunIsRefused(t *testing.T) {
	cases := []struct {
		name   string
		change func(f *daihoi.CongressFile)
		vi, en string
	}{
		{"a delegate twice", func(f *daihoi.CongressFile) { f.Roll[3].ID = f.Roll[2].ID }, "roll[3]: mã", "roll[3]: the id"},
		{"a number twice", func(f *daihoi.CongressFile) { f.Roll[5].Number = f.Roll[4].Number }, "roll[5]", "'s too"},
		{"a delegate without a name", func(f *daihoi.CongressFile) { f.Roll[0].Name = " " }, "roll[0]: thiếu họ tên", "roll[0]: no name"},
		{"an unknown category", func(f *daihoi.CongressFile) { f.Roll[1].Category = "chinh_thuc" }, `loại đại biểu "chinh_thuc"`, `unknown category "chinh_thuc"`},
		{"an unknown role", func(f *daihoi.CongressFile) { f.Accounts[0].Role = "admin" }, `vai trò "admin"`, `unknown role "admin"`},
		{"a short password", func(f *daihoi.CongressFile) { f.Accounts[1].Password = "1234" }, "ít nhất 8 ký tự", "at least 8 characters"},
		{"a sign-in name twice", func(f *daihoi.CongressFile) { f.Accounts[2].Name = strings.ToUpper(f.Accounts[1].Name) }, "trùng", "twice"},
		{"no organiser", func(f *daihoi.CongressFile) {
			for i := range f.Accounts {
				if f.Accounts[i].Role == daihoi.Organiser {
					f.Accounts[i].Role = daihoi.Observer
				}
			}
		}, "Ban tổ chức", "organiser account"},
		{"two heads of the tellers", func(f *daihoi.CongressFile) {
			for i := range f.Accounts {
				f.Accounts[i].Head = f.Accounts[i].Role == daihoi.Teller
			}
		}, "đúng một trưởng ban", "exactly one head"},
		{"an agenda time that is no time", func(f *daihoi.CongressFile) { f.Agenda[2].PlannedStart = "7h45" }, `giờ "7h45"`, `the time "7h45"`},
		{"an unknown session", func(f *daihoi.CongressFile) { f.Agenda[1].Sitting = "morning" }, `phiên "morning"`, `unknown session "morning"`},
		{"a candidate who is nobody", func(f *daihoi.CongressFile) { f.Polls[1].Candidates[0].Delegate = "nobody" }, `đại biểu "nobody"`, `the delegate "nobody"`},
		{"a poll on no item", func(f *daihoi.CongressFile) { f.Polls[0].AgendaItem = "nowhere" }, `mục "nowhere"`, `the item "nowhere"`},
		{"a poll already open", func(f *daihoi.CongressFile) { f.Polls[0].State = daihoi.Open }, "draft", "draft"},
		{"an unknown ruleset", func(f *daihoi.CongressFile) { f.Congress.Ruleset = "party-999" }, `"party-999"`, `"party-999"`},
		{"an empty roll", func(f *daihoi.CongressFile) { f.Roll = nil }, "trống", "empty"},
		{"no quorum", func(f *daihoi.CongressFile) { f.Congress.Settings = daihoi.Settings{} }, "congress.settings: tỉ lệ túc số", "congress.settings: the quorum"},
		{"a negative speaking limit", func(f *daihoi.CongressFile) { f.Congress.Speaking.Discussion = -5 }, "congress.speaking: thời gian phát biểu thảo luận", "congress.speaking: the time for a contribution to the discussion"},
		{"negative socket limits", func(f *daihoi.CongressFile) { f.Congress.Sockets.PerAddress = -1 }, "congress.sockets: giới hạn kết nối", "congress.sockets: socket limits"},
		{"a poll's unknown ruleset", func(f *daihoi.CongressFile) { f.Polls[1].Ruleset = "xyz" }, `bộ quy tắc "xyz"`, `no ruleset "xyz"`},
		{"an unknown exclusion", func(f *daihoi.CongressFile) { f.Roll[4].Exclusion = "exempt" }, `exclusion "exempt"`, `unknown exclusion "exempt"`},
		{"an alternate replacing nobody", func(f *daihoi.CongressFile) {
			for i := range f.Roll {
				if f.Roll[i].Category == daihoi.Alternate {
					f.Roll[i].Replaces = "nobody"
					return
				}
			}
		}, `replaces "nobody"`, `replaces "nobody"`},
		{"an unknown congress type", func(f *daihoi.CongressFile) { f.Congress.Type = "member" }, `loại đại hội "member"`, `unknown congress type "member"`},
		{"polls and no tellers", func(f *daihoi.CongressFile) {
			var kept []daihoi.AccountFile
			for _, a := range f.Accounts {
				if a.Role != daihoi.Teller {
					kept = append(kept, a)
				}
			}
			f.Accounts = kept
		}, "chưa có tài khoản teller", "no teller account"},
		{"more stations than tellers", func(f *daihoi.CongressFile) { f.Polls[1].Paper, f.Polls[1].Stations = true, 9 }, "9 máy", "9 stations"},
		{"a draft with a result", func(f *daihoi.CongressFile) { f.Polls[1].Issued = 140 }, "đã diễn ra", "already held"},
		{"a motion with candidates", func(f *daihoi.CongressFile) {
			for i := range f.Polls {
				if f.Polls[i].Kind == daihoi.Motion {
					f.Polls[i].Candidates = f.Polls[1].Candidates[:1]
					return
				}
			}
		}, "biểu quyết không có ứng cử viên", "a motion has no candidates"},
		{"a delegate twice on a ballot", func(f *daihoi.CongressFile) { f.Polls[1].Candidates[2].Delegate = f.Polls[1].Candidates[1].Delegate }, "hai lần", "twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := demo.New().File()
			c.change(&f)
			err := f.Check()
			vi, en := daihoi.ErrorMessages(err)
			if err == nil || daihoi.ErrorCode(err) != daihoi.EINVALID || !strings.Contains(vi, c.vi) || !strings.Contains(en, c.en) {
				t.Fatalf("got %v, want an invalid-input error saying %q / %q", err, c.vi, c.en)
			}
		})
	}
}

// Many problems are named at once, up to a dozen, and the rest counted.
func TestACongressFileNamesADozenProblems(t *testing.T) {
	f := demo.New().File()
	for i := range f.Roll[:20] {
		f.Roll[i].Category = "?"
	}
	vi, en := daihoi.ErrorMessages(f.Check())
	if strings.Count(vi, "loại đại biểu") != 12 || !strings.Contains(vi, "và 8 lỗi khác") || !strings.Contains(en, "and 8 more") {
		t.Fatalf("got %q / %q", vi, en)
	}
}
