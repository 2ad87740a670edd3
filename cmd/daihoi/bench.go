package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/daihoi/daihoi/loadgen"
)

// runBench is `daihoi bench`: the load generator (package loadgen) on a congress hall on loopback,
// printed as a table or, with --json, as one object.
func runBench(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("delegates", 2000, "số đại biểu / delegates")
	m := fs.Int("screens", 8000, "số màn hình chỉ xem / read-only screens")
	url := fs.String("url", "", "máy chủ đang chạy, đã khởi tạo bằng --bench-roll / a running server seeded with --bench-roll")
	asJSON := fs.Bool("json", false, "in một đối tượng JSON / print one JSON object")
	over := fs.String("cast", "ws", "phiếu gửi qua ws (kết nối sẵn có, như máy tính bảng) hoặc http / ballots go over ws (the open socket, as the tablet sends them) or http")
	compress := fs.Bool("compress", false, "màn hình xin nén permessage-deflate như trình duyệt / screens ask for permessage-deflate as browsers do")
	runs := fs.Int("runs", 1, "chạy N lần, in trung vị và khoảng / run N times, print the median and the range")
	profileDir := fs.String("profile", "", "ghi hồ sơ CPU của bench và máy chủ cho từng pha vào thư mục này / write CPU profiles of the bench and the server for each phase here")
	overTLS := fs.Bool("tls", false, "cả hội trường qua HTTPS với chứng chỉ của đại hội / the whole hall over HTTPS with the congress CA")
	withFloor := fs.Bool("floor", false, "đo thêm cùng lưu lượng khi không có ứng dụng (mức sàn của máy) / also measure the same traffic with no application (the machine's floor)")
	restart := fs.Bool("restart", false, "giết máy chủ (SIGKILL) giữa đợt bỏ phiếu, khởi động lại, đo lúc cả hội trường kết nối lại / kill the server (SIGKILL) mid-burst, start it again, time the hall's return")
	floorServer := fs.String("floor-server", "", "(nội bộ / internal) máy chủ của mức sàn / the floor's server")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *floorServer != "" {
		if err := loadgen.ServeFloor(*floorServer, stdout); err != nil {
			fmt.Fprintf(stderr, "daihoi bench --floor-server: %v\n", err)
			return 1
		}
		return 0
	}
	if *profileDir != "" && *url != "" {
		fmt.Fprintln(stderr, "daihoi bench: --profile cần máy chủ do bench khởi động / --profile needs the bench's own server (no --url)")
		return 2
	}
	if *overTLS && *url != "" {
		fmt.Fprintln(stderr, "daihoi bench: --tls cần máy chủ do bench khởi động / --tls needs the bench's own server (no --url)")
		return 2
	}
	if *restart && (*url != "" || *over == "http") {
		fmt.Fprintln(stderr, "daihoi bench: --restart cần máy chủ do bench khởi động và phiếu gửi qua ws / --restart needs the bench's own server (no --url) and the ballots on the sockets (--cast ws)")
		return 2
	}
	if *over != "http" && *over != "ws" {
		fmt.Fprintln(stderr, "daihoi bench: --cast là ws hoặc http / --cast is ws or http")
		return 2
	}
	if *runs < 1 {
		fmt.Fprintln(stderr, "daihoi bench: --runs ít nhất là 1 / --runs is at least 1")
		return 2
	}
	res, err := loadgen.Run(loadgen.Config{
		Delegates: *n, Screens: *m, URL: *url, Compress: *compress, CastHTTP: *over == "http", TLS: *overTLS,
		Runs: *runs, ProfileDir: *profileDir, Floor: *withFloor, Restart: *restart, Recount: TallyRecord,
		Log: func(format string, a ...any) { fmt.Fprintf(stderr, "bench: "+format+"\n", a...) },
	})
	if err != nil {
		fmt.Fprintf(stderr, "daihoi bench: %v\n", err)
		return 1
	}
	if *asJSON {
		b, _ := json.Marshal(res)
		fmt.Fprintln(stdout, string(b))
		return 0
	}
	loadgen.Print(stdout, res)
	return 0
}
