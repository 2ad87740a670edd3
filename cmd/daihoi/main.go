// Command daihoi is the congress-day console: the server for every screen in the hall and the tools
// around it (the tellers' independent recount, export, backup, the load generator).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `daihoi — phần mềm điều hành đại hội / congress-day console

Cách dùng / usage:
  daihoi serve [--addr :8080] [--data ./data] [--no-demo] [--backup-dir DIR]
                          chạy máy chủ cho mọi màn hình trong hội trường; --backup-dir: thư mục trên
                          ổ thứ hai (USB) nhận bản sao lưu sau mỗi lần kết thúc bỏ phiếu và mỗi 10 phút
                          serve every screen in the hall; --backup-dir: a folder on a second disk
                          (USB stick) that receives a backup after each poll closes and every 10 minutes
  daihoi serve --congress FILE [--data DIR]
                          cài đại hội của tệp FILE vào thư mục dữ liệu mới (thay cho đại hội mẫu)
                          install the congress in FILE on a new data folder (instead of the demo)
  daihoi template [--roll ROLL.xlsx|ROLL.csv [--sheet NAME] [--convert]]
                          in tệp đại hội mẫu (JSON) để sửa thành đại hội của mình; --roll: danh sách
                          đại biểu của mình, từ bảng tính .xlsx hoặc CSV; --convert: chuyển tên gõ
                          bằng phông TCVN3 (ABC) hoặc VNI sang Unicode
                          print the demo congress as a congress file (JSON), to edit into yours;
                          --roll: your roll, from an .xlsx or CSV spreadsheet; --convert: convert
                          names typed in TCVN3 (ABC) or VNI fonts to Unicode
  daihoi tally FILE       kiểm phiếu độc lập một bản ghi daihoi/poll-v1, in kết quả JSON
                          independent recount of a daihoi/poll-v1 record; prints the result as JSON
  daihoi export [--data DIR] [--out DIR]
                          ghi mọi cuộc bỏ phiếu đã kết thúc thành bản ghi daihoi/poll-v1 (khi máy chủ dừng)
                          write every closed poll as a daihoi/poll-v1 record (server stopped)
  daihoi backup [--data DIR] OUT
                          sao lưu tệp dữ liệu (khi máy chủ dừng) / copy the data file (server stopped)
  daihoi audit [--data DIR] [FILE]
                          kiểm tra chuỗi sự kiện, hòm phiếu và niêm phong của thư mục dữ liệu (máy
                          chủ dừng) hoặc của tệp sao lưu FILE; sai thì báo sự kiện/cuộc bỏ phiếu đầu tiên
                          check the event chain, the boxes and their seals of the data folder (server
                          stopped) or of the backup FILE; names the first event or poll that fails
  daihoi restore BACKUP --data DIR [--force]
                          kiểm tra bản sao lưu rồi đặt vào thư mục DIR (không ghi đè đại hội đang có
                          trừ khi --force; tệp cũ được giữ lại bên cạnh)
                          audit the backup and put it in place in DIR (refuses a folder that holds a
                          congress unless --force; the old file is kept beside)
  daihoi bench [--delegates 2000] [--screens 8000] [--url URL] [--json] [--restart]
                          đo tải: đại biểu bỏ phiếu cùng lúc, màn hình nhận tin / load test of a hall;
                          --restart: máy chủ bị tắt đột ngột giữa đợt bỏ phiếu rồi khởi động lại
                          --restart: the server killed mid-burst and started again
  daihoi chaos [--kills 20] [--delegates 1000]
                          thử tắt đột ngột máy chủ khi đang bỏ phiếu rồi kiểm tra không mất phiếu nào
                          kill the server (SIGKILL) under a hall's ballots, restart, check nothing is lost
  daihoi help             hướng dẫn này / this help
`

// run executes one subcommand and returns the process's exit status: 0 success, 1 failure, 2 bad
// input or usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return 0
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "bench":
		return runBench(args[1:], stdout, stderr)
	case "chaos":
		return runChaos(args[1:], stdout, stderr)
	case "backup":
		return runBackup(args[1:], stdout, stderr)
	case "audit":
		return runAudit(args[1:], stdout, stderr)
	case "restore":
		return runRestore(args[1:], stdout, stderr)
	case "tally":
		return runTally(args[1:], stdout, stderr)
	case "export":
		return runExport(args[1:], stdout, stderr)
	case "template":
		return runTemplate(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "daihoi: không có lệnh %q / unknown command %q\n\n%s", args[0], args[0], usage)
	return 2
}
