package demo

import "github.com/daihoi/daihoi"

// The draft documents (dự thảo văn kiện) the delegates comment on, section by section. The figures
// are illustrative.

type docEntry struct {
	key, title string
	sections   []daihoi.Section
}

var docEntries = []docEntry{
	{
		key:   "bao-cao-chinh-tri",
		title: "Dự thảo Báo cáo chính trị của Ban Chấp hành Đảng bộ phường Bến Thành khóa XXIII trình Đại hội đại biểu lần thứ XXIV, nhiệm kỳ 2025–2030",
		sections: []daihoi.Section{
			{Number: "1", Title: "Đánh giá kết quả thực hiện Nghị quyết Đại hội lần thứ XXIII, nhiệm kỳ 2020–2025",
				Text: "Trong nhiệm kỳ qua, Đảng bộ phường đã lãnh đạo hoàn thành và hoàn thành vượt mức 18/20 chỉ tiêu Nghị quyết Đại hội đề ra. Tình hình chính trị ổn định, đời sống vật chất và tinh thần của nhân dân tiếp tục được nâng lên. Công tác xây dựng Đảng và hệ thống chính trị có nhiều chuyển biến tích cực."},
			{Number: "1.1", Title: "Phát triển kinh tế, thương mại – dịch vụ",
				Text: "Thương mại – dịch vụ tiếp tục giữ vai trò chủ đạo trong cơ cấu kinh tế của phường, gắn với hoạt động của chợ Bến Thành và các tuyến phố thương mại. Thu ngân sách trên địa bàn hằng năm đạt bình quân 108% dự toán. Công tác cải cách thủ tục hành chính, chuyển đổi số được đẩy mạnh, tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 85%."},
			{Number: "1.2", Title: "Văn hóa – xã hội, chăm lo đời sống nhân dân",
				Text: "Các chính sách an sinh xã hội được thực hiện đầy đủ, kịp thời; phường không còn hộ nghèo theo chuẩn của Thành phố. Phong trào \"Toàn dân đoàn kết xây dựng đời sống văn hóa\" được duy trì, 98% hộ gia đình đạt danh hiệu gia đình văn hóa. Công tác chăm sóc sức khỏe ban đầu và phòng, chống dịch bệnh được thực hiện tốt."},
			{Number: "1.3", Title: "Quốc phòng, an ninh, trật tự an toàn xã hội",
				Text: "Thế trận quốc phòng toàn dân gắn với thế trận an ninh nhân dân được củng cố. Công tác tuyển chọn và gọi công dân nhập ngũ hằng năm đạt 100% chỉ tiêu. Phạm pháp hình sự được kéo giảm, trật tự lòng lề đường, mỹ quan đô thị có chuyển biến rõ nét."},
			{Number: "1.4", Title: "Xây dựng Đảng và hệ thống chính trị",
				Text: "Công tác giáo dục chính trị tư tưởng, học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được triển khai thường xuyên. Trong nhiệm kỳ, Đảng bộ kết nạp 64 đảng viên mới, đạt 128% chỉ tiêu. Công tác kiểm tra, giám sát được tiến hành đúng kế hoạch, góp phần giữ nghiêm kỷ luật, kỷ cương trong Đảng."},
			{Number: "2", Title: "Hạn chế, nguyên nhân và bài học kinh nghiệm",
				Text: "Một số chỉ tiêu về chỉnh trang đô thị và giải quyết nhà ở trên kênh rạch, nhà xuống cấp chưa đạt yêu cầu. Việc nắm bắt tâm tư, nguyện vọng của nhân dân ở một số khu phố có lúc chưa kịp thời. Bài học rút ra là phải phát huy vai trò nêu gương của cán bộ, đảng viên và lấy sự hài lòng của người dân làm thước đo."},
			{Number: "3", Title: "Phương hướng, mục tiêu nhiệm kỳ 2025–2030",
				Text: "Xây dựng Đảng bộ và hệ thống chính trị phường trong sạch, vững mạnh toàn diện; phát huy sức mạnh đại đoàn kết toàn dân. Xây dựng phường Bến Thành văn minh, hiện đại, nghĩa tình, là trung tâm thương mại – dịch vụ – du lịch của Thành phố. Giữ vững quốc phòng, an ninh và trật tự an toàn xã hội."},
			{Number: "3.1", Title: "Các chỉ tiêu chủ yếu",
				Text: "Thu ngân sách trên địa bàn tăng bình quân 10% mỗi năm. Trên 95% hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình. Hằng năm có trên 90% tổ chức cơ sở đảng được đánh giá hoàn thành tốt nhiệm vụ trở lên."},
			{Number: "4", Title: "Nhiệm vụ và giải pháp trọng tâm",
				Text: "Tập trung cải thiện môi trường kinh doanh, hỗ trợ hộ kinh doanh và doanh nghiệp nhỏ phát triển bền vững. Đẩy mạnh chuyển đổi số trong hoạt động của cả hệ thống chính trị. Nâng cao chất lượng sinh hoạt chi bộ, gắn trách nhiệm của đảng viên với nơi cư trú."},
			{Number: "5", Title: "Ba khâu đột phá",
				Text: "Một là, cải cách hành chính gắn với chuyển đổi số, xây dựng chính quyền đô thị phục vụ nhân dân. Hai là, chỉnh trang đô thị, giữ gìn mỹ quan và trật tự lòng lề đường khu vực trung tâm. Ba là, xây dựng đội ngũ cán bộ có đủ phẩm chất, năng lực và uy tín, ngang tầm nhiệm vụ."},
		},
	},
	{
		key:   "nghi-quyet",
		title: "Dự thảo Nghị quyết Đại hội đại biểu Đảng bộ phường Bến Thành lần thứ XXIV, nhiệm kỳ 2025–2030",
		sections: []daihoi.Section{
			{Number: "1", Title: "Tán thành đánh giá kết quả nhiệm kỳ 2020–2025",
				Text: "Đại hội cơ bản tán thành những nội dung đánh giá về kết quả thực hiện Nghị quyết Đại hội lần thứ XXIII nêu trong Báo cáo chính trị. Đại hội ghi nhận những hạn chế, nguyên nhân và bài học kinh nghiệm mà Ban Chấp hành khóa XXIII đã rút ra."},
			{Number: "2", Title: "Mục tiêu tổng quát nhiệm kỳ 2025–2030",
				Text: "Xây dựng Đảng bộ và hệ thống chính trị trong sạch, vững mạnh toàn diện; phát huy dân chủ và sức mạnh đại đoàn kết toàn dân. Phát triển phường Bến Thành văn minh, hiện đại, nghĩa tình, nâng cao đời sống vật chất và tinh thần của nhân dân."},
			{Number: "3", Title: "Các chỉ tiêu chủ yếu",
				Text: "Đại hội thống nhất 20 chỉ tiêu chủ yếu của nhiệm kỳ 2025–2030, chia thành ba nhóm: kinh tế, văn hóa – xã hội, xây dựng Đảng và hệ thống chính trị. Ban Chấp hành khóa XXIV cụ thể hóa các chỉ tiêu thành chương trình hành động ngay trong năm đầu nhiệm kỳ."},
			{Number: "3.1", Title: "Chỉ tiêu về kinh tế",
				Text: "Thu ngân sách trên địa bàn tăng bình quân 10% mỗi năm. Trên 95% hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình."},
			{Number: "3.2", Title: "Chỉ tiêu về văn hóa – xã hội",
				Text: "Giữ vững kết quả không còn hộ nghèo theo chuẩn của Thành phố. Trên 98% hộ gia đình đạt danh hiệu gia đình văn hóa; 100% khu phố đạt chuẩn khu phố văn hóa."},
			{Number: "3.3", Title: "Chỉ tiêu về xây dựng Đảng",
				Text: "Kết nạp ít nhất 60 đảng viên mới trong nhiệm kỳ. Hằng năm có trên 90% tổ chức cơ sở đảng và trên 90% đảng viên được đánh giá hoàn thành tốt nhiệm vụ trở lên."},
			{Number: "4", Title: "Ba khâu đột phá",
				Text: "Đại hội thông qua ba khâu đột phá: cải cách hành chính gắn với chuyển đổi số; chỉnh trang đô thị và giữ gìn trật tự lòng lề đường; xây dựng đội ngũ cán bộ ngang tầm nhiệm vụ. Mỗi khâu đột phá có chương trình, kế hoạch và người chịu trách nhiệm cụ thể."},
			{Number: "5", Title: "Thông qua Báo cáo kiểm điểm của Ban Chấp hành khóa XXIII",
				Text: "Đại hội thông qua Báo cáo kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành Đảng bộ phường khóa XXIII, nhiệm kỳ 2020–2025. Đại hội giao Ban Chấp hành khóa XXIV tiếp thu ý kiến của đại biểu để khắc phục những hạn chế đã nêu."},
			{Number: "6", Title: "Tổ chức thực hiện",
				Text: "Đại hội giao Ban Chấp hành Đảng bộ phường khóa XXIV lãnh đạo, tổ chức quán triệt và triển khai thực hiện thắng lợi Nghị quyết. Các chi bộ, đảng bộ bộ phận xây dựng chương trình hành động phù hợp với đặc điểm của đơn vị. Ủy ban Kiểm tra Đảng ủy phường kiểm tra, giám sát việc thực hiện Nghị quyết."},
		},
	},
}

func documents() []daihoi.Document {
	out := make([]daihoi.Document, len(docEntries))
	for i, e := range docEntries {
		out[i] = daihoi.Document{
			ID:       id("document", e.key),
			Title:    e.title,
			Sections: append([]daihoi.Section(nil), e.sections...),
		}
	}
	return out
}
