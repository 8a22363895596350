<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AccountHelp</name>
    <message>
        <source>account works</source>
        <translation>tài khoản dùng được</translation>
    </message>
    <message>
        <source>needs activation at the police</source>
        <translation>cần kích hoạt tại công an</translation>
    </message>
    <message>
        <source>could not finish</source>
        <translation>chưa làm xong</translation>
    </message>
</context>
<context>
    <name>AccountHelpFlow</name>
    <message>
        <source>Next</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Your request is saved and your slip is printing. Take it with you.</source>
        <translation>Yêu cầu của Ông/Bà đã được lưu và phiếu hướng dẫn đang in. Xin mang phiếu theo.</translation>
    </message>
    <message>
        <source>Print the slip again</source>
        <translation>In lại phiếu</translation>
    </message>
    <message>
        <source>Print these steps</source>
        <translation>In các bước này</translation>
    </message>
    <message>
        <source>You started a dossier here: %1 (%2). Link it to this request, so the staff helping you see both?</source>
        <translation>Ông/Bà đã bắt đầu một hồ sơ tại đây: %1 (%2). Gắn hồ sơ đó với yêu cầu này để cán bộ hỗ trợ thấy cả hai?</translation>
    </message>
    <message>
        <source>The slip is printing. Take it with you.</source>
        <translation>Phiếu đang in. Xin mang phiếu theo.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Yes, link it</source>
        <translation>Có, gắn vào</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>Nothing was stored. You can still ask a volunteer or an officer to explain the steps to you.</source>
        <translation>Không có thông tin nào được lưu. Ông/Bà vẫn có thể nhờ đoàn viên hoặc cán bộ giải thích các bước.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
</context>
<context>
    <name>AccountHelpTab</name>
    <message>
        <source>kiosk, no volunteer</source>
        <translation>tại máy kiosk, không có người hỗ trợ</translation>
    </message>
    <message>
        <source>Show the last</source>
        <translation>Xem</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 ngày gần nhất</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Helped by</source>
        <translation>Người hỗ trợ</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Số yêu cầu</translation>
    </message>
    <message>
        <source>Account works</source>
        <translation>Tài khoản dùng được</translation>
    </message>
    <message>
        <source>Needs the police</source>
        <translation>Cần đến công an</translation>
    </message>
    <message>
        <source>Could not finish</source>
        <translation>Chưa làm xong</translation>
    </message>
    <message>
        <source>No outcome yet</source>
        <translation>Chưa ghi kết quả</translation>
    </message>
</context>
<context>
    <name>AddressFieldWidget</name>
    <message>
        <source>Province or city: %1</source>
        <translation>Tỉnh, thành phố: %1</translation>
    </message>
    <message>
        <source>touch to choose</source>
        <translation>chạm để chọn</translation>
    </message>
    <message>
        <source>Commune or ward: %1</source>
        <translation>Xã, phường, đặc khu: %1</translation>
    </message>
    <message>
        <source>House number, street, hamlet (thôn, xóm, ấp):</source>
        <translation>Số nhà, đường phố, thôn, xóm, ấp:</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>Numbers issued per hour today</source>
        <translation>Số phiếu cấp theo giờ hôm nay</translation>
    </message>
    <message>
        <source>office</source>
        <translation>đơn vị</translation>
    </message>
    <message>
        <source>service</source>
        <translation>dịch vụ</translation>
    </message>
    <message>
        <source>counter</source>
        <translation>quầy</translation>
    </message>
    <message>
        <source>officer</source>
        <translation>cán bộ</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <source>%1 procedures, %2 at commune level</source>
        <translation>%1 thủ tục, %2 thủ tục cấp xã</translation>
    </message>
    <message>
        <source>%1 waiting, %2 delivered, %3 need attention</source>
        <translation>%1 chờ gửi, %2 đã gửi, %3 cần xử lý</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>quản trị</translation>
    </message>
    <message>
        <source>counter officer</source>
        <translation>cán bộ tiếp nhận</translation>
    </message>
    <message>
        <source>volunteer</source>
        <translation>tình nguyện viên</translation>
    </message>
    <message>
        <source>Saved: every hall display uses it within a second.</source>
        <translation>Đã lưu: mọi màn hình gọi số áp dụng trong vòng một giây.</translation>
    </message>
    <message>
        <source>Sign in as an administrator to see and change the office&apos;s settings.</source>
        <translation>Đăng nhập bằng tài khoản quản trị để xem và thay đổi cài đặt của cơ quan.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Administrator: %1</source>
        <translation>Quản trị viên: %1</translation>
    </message>
    <message>
        <source>Announcements (volume, mute)</source>
        <translation>Loa gọi số (âm lượng, tắt tiếng)</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Tắt tiếng</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>Queue today</source>
        <translation>Hàng đợi hôm nay</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Dịch vụ</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Quầy</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>In ấn</translation>
    </message>
    <message>
        <source>Holidays and fees</source>
        <translation>Ngày nghỉ và phí</translation>
    </message>
    <message>
        <source>Portal</source>
        <translation>Cổng dịch vụ công</translation>
    </message>
    <message>
        <source>Account help</source>
        <translation>Hỗ trợ tài khoản</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Unit code</source>
        <translation>Mã định danh đơn vị</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Phiên bản dữ liệu</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>Danh mục thủ tục</translation>
    </message>
    <message>
        <source>Dossiers</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>Tài khoản cán bộ</translation>
    </message>
    <message>
        <source>Sending to the portal</source>
        <translation>Gửi lên Cổng dịch vụ công</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Ký hiệu</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dịch vụ</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Nhóm</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Giờ làm việc</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Đang mở</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Quầy</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Hoạt động</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Phạm vi</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Đã cấp</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>Đã phục vụ</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Vắng mặt</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Chuyển</translation>
    </message>
    <message>
        <source>Wait, median (min)</source>
        <translation>Chờ, trung vị (phút)</translation>
    </message>
    <message>
        <source>Wait, 90% (min)</source>
        <translation>Chờ, 90% (phút)</translation>
    </message>
    <message>
        <source>Service, median (min)</source>
        <translation>Phục vụ, trung vị (phút)</translation>
    </message>
    <message>
        <source>Service, 90% (min)</source>
        <translation>Phục vụ, 90% (phút)</translation>
    </message>
    <message>
        <source>Rated +/=/-</source>
        <translation>Đánh giá +/=/-</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Database</source>
        <translation>Cơ sở dữ liệu</translation>
    </message>
</context>
<context>
    <name>CalendarTab</name>
    <message>
        <source>make-up working day</source>
        <translation>ngày làm bù</translation>
    </message>
    <message>
        <source>day off</source>
        <translation>ngày nghỉ</translation>
    </message>
    <message>
        <source>Saved. Appointments from now on count over it.</source>
        <translation>Đã lưu. Ngày hẹn trả từ nay được tính theo bảng này.</translation>
    </message>
    <message>
        <source>Select a day in the table first.</source>
        <translation>Xin chọn một ngày trong bảng trước.</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>Đã xóa.</translation>
    </message>
    <message>
        <source>Saved: receipts show a VietQR code for fees paid by transfer.</source>
        <translation>Đã lưu: giấy tiếp nhận sẽ in mã VietQR khi nộp phí bằng chuyển khoản.</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>Năm:</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Name, e.g. Tết Nguyên đán</source>
        <translation>Tên ngày, ví dụ Tết Nguyên đán</translation>
    </message>
    <message>
        <source>Add or change</source>
        <translation>Thêm hoặc sửa</translation>
    </message>
    <message>
        <source>Remove the selected day</source>
        <translation>Xóa ngày đã chọn</translation>
    </message>
    <message>
        <source>Fees by bank transfer</source>
        <translation>Nộp phí bằng chuyển khoản</translation>
    </message>
    <message>
        <source>Bank BIN (6 digits)</source>
        <translation>Mã BIN ngân hàng (6 chữ số)</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>Số tài khoản</translation>
    </message>
    <message>
        <source>Account holder</source>
        <translation>Chủ tài khoản</translation>
    </message>
    <message>
        <source>Save the account</source>
        <translation>Lưu tài khoản</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Photograph a paper</source>
        <translation>Chụp ảnh giấy tờ</translation>
    </message>
    <message>
        <source>Take the photo</source>
        <translation>Chụp</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ClockLabel</name>
    <message>
        <source>Monday</source>
        <translation>Thứ Hai</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Thứ Ba</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Thứ Tư</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Thứ Năm</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Thứ Sáu</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Thứ Bảy</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Chủ Nhật</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <source>Your personal data</source>
        <translation>Dữ liệu cá nhân của Ông/Bà</translation>
    </message>
    <message>
        <source>I agree</source>
        <translation>Tôi đồng ý</translation>
    </message>
    <message>
        <source>I do not agree</source>
        <translation>Tôi không đồng ý</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>Counter %1</source>
        <translation>Quầy %1</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>In ấn</translation>
    </message>
    <message>
        <source>Choose the service to transfer to first.</source>
        <translation>Chọn dịch vụ cần chuyển sang trước.</translation>
    </message>
    <message>
        <source>Nobody is waiting for this counter&apos;s services.</source>
        <translation>Không có ai đang chờ các dịch vụ của quầy này.</translation>
    </message>
    <message>
        <source>Number %1: how was our service today?</source>
        <translation>Số %1: ông/bà đánh giá thế nào về việc phục vụ hôm nay?</translation>
    </message>
    <message>
        <source>Thank you for your rating.</source>
        <translation>Cảm ơn ông/bà đã đánh giá.</translation>
    </message>
    <message>
        <source>Transfer to…</source>
        <translation>Chuyển sang…</translation>
    </message>
    <message>
        <source>Transfer to: %1</source>
        <translation>Chuyển sang: %1</translation>
    </message>
    <message>
        <source>Send to counter %1</source>
        <translation>Chuyển đến quầy %1</translation>
    </message>
    <message>
        <source>the printer does not answer</source>
        <translation>máy in không phản hồi</translation>
    </message>
    <message>
        <source>the printer is out of paper</source>
        <translation>máy in hết giấy</translation>
    </message>
    <message>
        <source>no printer is set up for it</source>
        <translation>chưa cài đặt máy in cho loại này</translation>
    </message>
    <message>
        <source>printing stopped half way</source>
        <translation>đang in thì bị ngắt</translation>
    </message>
    <message numerus="yes">
        <source>%n print job(s) did not print. Check the printer (power, cable, paper), then retry.</source>
        <translation>
            <numerusform>%n bản in chưa in được. Kiểm tra máy in (nguồn điện, dây cáp, giấy) rồi bấm In lại.</numerusform>
        </translation>
    </message>
    <message>
        <source>Officer: %1</source>
        <translation>Cán bộ: %1</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Chưa có cán bộ đăng nhập</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>No number called. Press Call next (F1).</source>
        <translation>Chưa gọi số nào. Bấm Gọi tiếp (F1).</translation>
    </message>
    <message>
        <source>called, coming to the counter</source>
        <translation>đã gọi, đang đến quầy</translation>
    </message>
    <message>
        <source>being served</source>
        <translation>đang phục vụ</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>ưu tiên</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 phút</translation>
    </message>
    <message>
        <source>No counter is set up yet: an admin adds counters.</source>
        <translation>Chưa có quầy nào: quản trị viên cần thêm quầy.</translation>
    </message>
    <message>
        <source>Receive a dossier (F8)</source>
        <translation>Tiếp nhận hồ sơ (F8)</translation>
    </message>
    <message>
        <source>Print jobs…</source>
        <translation>Các bản in…</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Ưu tiên</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Đã chờ</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Counter:</source>
        <translation>Quầy:</translation>
    </message>
    <message numerus="yes">
        <source>%n citizen(s) waiting for this counter&apos;s services.</source>
        <translation>
            <numerusform>%n công dân đang chờ các dịch vụ của quầy này.</numerusform>
        </translation>
    </message>
    <message>
        <source>Call next (F1)</source>
        <translation>Gọi tiếp (F1)</translation>
    </message>
    <message>
        <source>Recall (F2)</source>
        <translation>Gọi lại (F2)</translation>
    </message>
    <message>
        <source>Start (F3)</source>
        <translation>Bắt đầu (F3)</translation>
    </message>
    <message>
        <source>Done (F4)</source>
        <translation>Xong (F4)</translation>
    </message>
    <message>
        <source>No-show (F5)</source>
        <translation>Vắng mặt (F5)</translation>
    </message>
    <message>
        <source>Transfer (F6)</source>
        <translation>Chuyển (F6)</translation>
    </message>
    <message>
        <source>Number or scanned ticket (F7)</source>
        <translation>Số thứ tự hoặc quét phiếu (F7)</translation>
    </message>
    <message>
        <source>Call this number</source>
        <translation>Gọi số này</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>Hài lòng</translation>
    </message>
    <message>
        <source>Acceptable</source>
        <translation>Chấp nhận được</translation>
    </message>
    <message>
        <source>Not satisfied</source>
        <translation>Không hài lòng</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dịch vụ</translation>
    </message>
</context>
<context>
    <name>DetailsPage</name>
    <message>
        <source>Your details for the portal</source>
        <translation>Thông tin của Ông/Bà để tạo tài khoản</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Citizen id number (12 digits)</source>
        <translation>Số định danh cá nhân (12 chữ số)</translation>
    </message>
    <message>
        <source>Date of birth (day/month/year)</source>
        <translation>Ngày sinh (ngày/tháng/năm)</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>Số điện thoại di động</translation>
    </message>
    <message>
        <source>E-mail (if you have one)</source>
        <translation>Thư điện tử (nếu có)</translation>
    </message>
    <message>
        <source>Save and go on</source>
        <translation>Lưu và tiếp tục</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>Counter %1</source>
        <translation>Quầy %1</translation>
    </message>
    <message>
        <source>No counter is open.</source>
        <translation>Chưa có quầy nào mở.</translation>
    </message>
    <message>
        <source>%1 → counter %2</source>
        <translation>%1 → quầy %2</translation>
    </message>
    <message>
        <source>Now serving</source>
        <translation>Đang phục vụ</translation>
    </message>
    <message>
        <source>Last calls</source>
        <translation>Vừa gọi</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <source>Please keep your ticket until your dossier is received. Priority is given to the elderly, people with disabilities, pregnant women and people with small children.</source>
        <translation>Xin giữ phiếu số thứ tự cho đến khi hồ sơ được tiếp nhận. Ưu tiên người cao tuổi, người khuyết tật, phụ nữ mang thai và người đưa con nhỏ.</translation>
    </message>
</context>
<context>
    <name>DossierStatus</name>
    <message>
        <source>Received, being sent to the portal</source>
        <translation>Đã tiếp nhận, đang gửi lên Cổng dịch vụ công</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>Không được tiếp nhận</translation>
    </message>
    <message>
        <source>Being processed</source>
        <translation>Đang xử lý</translation>
    </message>
    <message>
        <source>More papers are needed: please come to the counter</source>
        <translation>Cần bổ sung giấy tờ: mời ông/bà đến quầy</translation>
    </message>
    <message>
        <source>A fee must be paid: please come to the counter</source>
        <translation>Cần nộp phí, lệ phí: mời ông/bà đến quầy</translation>
    </message>
    <message>
        <source>Withdrawn at your request</source>
        <translation>Đã rút hồ sơ theo yêu cầu</translation>
    </message>
    <message>
        <source>Processing stopped</source>
        <translation>Dừng xử lý</translation>
    </message>
    <message>
        <source>Done: the result is ready at the counter</source>
        <translation>Đã xử lý xong: mời nhận kết quả tại quầy</translation>
    </message>
    <message>
        <source>Result handed over</source>
        <translation>Đã trả kết quả</translation>
    </message>
    <message>
        <source>Received by the portal</source>
        <translation>Cổng dịch vụ công đã tiếp nhận</translation>
    </message>
</context>
<context>
    <name>DossierWizard</name>
    <message>
        <source>Attach a scan</source>
        <translation>Đính kèm bản quét</translation>
    </message>
    <message>
        <source>Scans (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>Bản quét (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Quay lại</translation>
    </message>
    <message>
        <source>Check your answers</source>
        <translation>Kiểm tra lại thông tin</translation>
    </message>
    <message>
        <source>Save my dossier ✓</source>
        <translation>Lưu hồ sơ ✓</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>Tiếp ›</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Bước %1/%2</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>No office is set up yet. Ask the administrator.</source>
        <translation>Đơn vị chưa được thiết lập. Vui lòng báo quản trị viên.</translation>
    </message>
    <message>
        <source>The office database is newer than this program. Update the program.</source>
        <translation>Cơ sở dữ liệu của đơn vị mới hơn chương trình này. Vui lòng cập nhật chương trình.</translation>
    </message>
    <message>
        <source>The database address in the settings is wrong.</source>
        <translation>Địa chỉ cơ sở dữ liệu trong cấu hình không đúng.</translation>
    </message>
    <message>
        <source>The data folder cannot be used.</source>
        <translation>Không dùng được thư mục dữ liệu.</translation>
    </message>
    <message>
        <source>No dossier has that code.</source>
        <translation>Không có hồ sơ nào mang mã này.</translation>
    </message>
    <message>
        <source>That print job no longer exists.</source>
        <translation>Bản in này không còn nữa.</translation>
    </message>
    <message>
        <source>This service gives numbers from %1 to %2. Please come back then.</source>
        <translation>Dịch vụ này cấp số từ %1 đến %2. Mời ông/bà quay lại trong giờ đó.</translation>
    </message>
    <message>
        <source>All of today&apos;s numbers for this service are taken. Please come back on the next working day.</source>
        <translation>Dịch vụ này đã hết số của hôm nay. Mời ông/bà quay lại vào ngày làm việc tiếp theo.</translation>
    </message>
    <message>
        <source>The office is closed today (%1). Please come back on the next working day.</source>
        <translation>Hôm nay cơ quan nghỉ (%1). Xin mời ông/bà quay lại vào ngày làm việc tiếp theo.</translation>
    </message>
    <message>
        <source>This service is not open now.</source>
        <translation>Dịch vụ này hiện không mở.</translation>
    </message>
    <message>
        <source>No number is called at this counter.</source>
        <translation>Quầy này chưa gọi số nào.</translation>
    </message>
    <message>
        <source>There is no called number to announce again.</source>
        <translation>Không có số nào đang được gọi để gọi lại.</translation>
    </message>
    <message>
        <source>There is no ticket with that number today.</source>
        <translation>Hôm nay không có phiếu mang số này.</translation>
    </message>
    <message>
        <source>That number missed its call too long ago; the citizen takes a new number.</source>
        <translation>Số này đã vắng mặt quá lâu; công dân cần lấy số mới.</translation>
    </message>
    <message>
        <source>That cannot be done with this ticket now.</source>
        <translation>Không thể làm việc này với phiếu ở trạng thái hiện tại.</translation>
    </message>
    <message>
        <source>The ticket is already in that service.</source>
        <translation>Phiếu đã ở dịch vụ đó rồi.</translation>
    </message>
    <message>
        <source>The ticket is already at this counter.</source>
        <translation>Phiếu đã ở quầy này rồi.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Sai tên đăng nhập hoặc mật khẩu.</translation>
    </message>
    <message>
        <source>That number is already called to another counter.</source>
        <translation>Số này đang được gọi đến quầy khác.</translation>
    </message>
    <message>
        <source>This counter is closed. Ask the administrator.</source>
        <translation>Quầy này đã đóng. Vui lòng báo quản trị viên.</translation>
    </message>
    <message>
        <source>Only a finished number can be rated.</source>
        <translation>Chỉ đánh giá được số đã phục vụ xong.</translation>
    </message>
    <message>
        <source>That rating is not one of the choices.</source>
        <translation>Mức đánh giá không hợp lệ.</translation>
    </message>
    <message>
        <source>That priority group is not one of the choices.</source>
        <translation>Nhóm ưu tiên không hợp lệ.</translation>
    </message>
    <message>
        <source>That number cannot be announced aloud.</source>
        <translation>Không đọc được số này qua loa.</translation>
    </message>
    <message>
        <source>Too many wrong tries. Wait %1 minutes.</source>
        <translation>Nhập sai quá nhiều lần. Vui lòng chờ %1 phút.</translation>
    </message>
    <message>
        <source>This procedure is not in the catalog.</source>
        <translation>Thủ tục này không có trong danh mục.</translation>
    </message>
    <message>
        <source>This dossier was already received.</source>
        <translation>Hồ sơ này đã được tiếp nhận.</translation>
    </message>
    <message>
        <source>This draft was changed on another screen since it was opened. Open it again to see the changes.</source>
        <translation>Hồ sơ khai sẵn này đã được sửa ở màn hình khác sau khi mở. Xin mở lại để xem thay đổi.</translation>
    </message>
    <message>
        <source>%1 answers still need attention: go back to the answers and correct them.</source>
        <translation>Còn %1 thông tin cần sửa: xin quay lại phần khai và sửa.</translation>
    </message>
    <message>
        <source>The applicant&apos;s name is missing.</source>
        <translation>Chưa có họ tên người nộp hồ sơ.</translation>
    </message>
    <message>
        <source>Tick the papers the citizen handed in.</source>
        <translation>Xin đánh dấu giấy tờ công dân đã nộp.</translation>
    </message>
    <message>
        <source>That paper is not in the list.</source>
        <translation>Giấy tờ này không có trong danh sách.</translation>
    </message>
    <message>
        <source>Copies go from 0 to 99.</source>
        <translation>Số bản sao từ 0 đến 99.</translation>
    </message>
    <message>
        <source>This procedure&apos;s fee depends on the case: enter it.</source>
        <translation>Phí của thủ tục này tùy trường hợp: xin nhập số tiền.</translation>
    </message>
    <message>
        <source>The fee cannot be negative.</source>
        <translation>Phí không thể là số âm.</translation>
    </message>
    <message>
        <source>Choose how the fee is paid.</source>
        <translation>Xin chọn hình thức nộp phí.</translation>
    </message>
    <message>
        <source>A free procedure is marked free; a fee is paid in cash or by transfer.</source>
        <translation>Thủ tục miễn phí thì chọn miễn phí; có phí thì nộp tiền mặt hoặc chuyển khoản.</translation>
    </message>
    <message>
        <source>The office has no bank account for transfers yet. Ask the administrator.</source>
        <translation>Cơ quan chưa khai báo tài khoản nhận chuyển khoản. Xin báo quản trị viên.</translation>
    </message>
    <message>
        <source>Give the account holder&apos;s name.</source>
        <translation>Xin nhập tên chủ tài khoản.</translation>
    </message>
    <message>
        <source>A bank BIN has 6 digits.</source>
        <translation>Mã BIN ngân hàng có 6 chữ số.</translation>
    </message>
    <message>
        <source>The account number has 1 to 19 letters or digits.</source>
        <translation>Số tài khoản gồm 1 đến 19 chữ hoặc số.</translation>
    </message>
    <message>
        <source>The answers are too long to keep.</source>
        <translation>Thông tin khai quá dài, không lưu được.</translation>
    </message>
    <message>
        <source>These answers cannot be kept.</source>
        <translation>Không lưu được thông tin này.</translation>
    </message>
    <message>
        <source>Type a number or a code first.</source>
        <translation>Xin nhập số hoặc mã trước.</translation>
    </message>
    <message>
        <source>The file is larger than 20 MB.</source>
        <translation>Tệp lớn hơn 20 MB.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Không đọc được tệp.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Tệp rỗng.</translation>
    </message>
    <message>
        <source>Only JPEG or PNG images and PDF files can be attached.</source>
        <translation>Chỉ đính kèm được ảnh JPEG, PNG hoặc tệp PDF.</translation>
    </message>
    <message>
        <source>Give the day a name.</source>
        <translation>Xin đặt tên cho ngày.</translation>
    </message>
    <message>
        <source>The date must be between 2000 and 2100.</source>
        <translation>Ngày phải trong khoảng năm 2000 đến 2100.</translation>
    </message>
    <message>
        <source>A make-up working day falls on a weekend.</source>
        <translation>Ngày làm bù phải là ngày cuối tuần.</translation>
    </message>
    <message>
        <source>There is no such day in the table.</source>
        <translation>Không có ngày này trong bảng.</translation>
    </message>
    <message>
        <source>This record is no longer in the list.</source>
        <translation>Hồ sơ này không còn trong danh sách.</translation>
    </message>
    <message>
        <source>This record was delivered or already sent again; it cannot be changed.</source>
        <translation>Hồ sơ này đã gửi thành công hoặc đã được gửi lại; không thể sửa nữa.</translation>
    </message>
    <message>
        <source>The stored copy of this record cannot be read; receive the dossier again.</source>
        <translation>Không đọc được bản lưu của hồ sơ này; hãy tiếp nhận lại hồ sơ.</translation>
    </message>
    <message>
        <source>This field cannot be changed here.</source>
        <translation>Không thể sửa trường này ở đây.</translation>
    </message>
    <message>
        <source>Type a whole number.</source>
        <translation>Xin nhập số nguyên.</translation>
    </message>
    <message>
        <source>The portal address is not set. Ask the administrator.</source>
        <translation>Chưa đặt địa chỉ Cổng dịch vụ công. Hãy hỏi quản trị viên.</translation>
    </message>
    <message>
        <source>The portal address is not a web address.</source>
        <translation>Địa chỉ Cổng dịch vụ công không phải là địa chỉ web.</translation>
    </message>
    <message>
        <source>The portal must be reached over HTTPS.</source>
        <translation>Phải kết nối Cổng dịch vụ công qua HTTPS.</translation>
    </message>
    <message>
        <source>The portal client id or secret is not set.</source>
        <translation>Chưa đặt mã hoặc khóa bí mật kết nối Cổng dịch vụ công.</translation>
    </message>
    <message>
        <source>The portal&apos;s certificate file is missing.</source>
        <translation>Thiếu tệp chứng thư của Cổng dịch vụ công.</translation>
    </message>
    <message>
        <source>The portal connection type is unknown.</source>
        <translation>Không rõ kiểu kết nối Cổng dịch vụ công.</translation>
    </message>
    <message>
        <source>Some details need checking: see the messages beside them.</source>
        <translation>Một số thông tin cần kiểm tra lại: xem lời nhắc bên cạnh.</translation>
    </message>
    <message>
        <source>That dossier belongs to another citizen.</source>
        <translation>Hồ sơ đó là của người khác.</translation>
    </message>
    <message>
        <source>The time of consent is missing. Please start again.</source>
        <translation>Thiếu thời điểm đồng ý. Xin làm lại từ đầu.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is wrong. Ask the staff to set it.</source>
        <translation>Đồng hồ của máy này bị sai. Xin báo cán bộ chỉnh lại.</translation>
    </message>
    <message>
        <source>The consent was given too long ago. Please start again.</source>
        <translation>Sự đồng ý đã quá lâu. Xin làm lại từ đầu.</translation>
    </message>
    <message>
        <source>Choose one of the outcomes shown.</source>
        <translation>Hãy chọn một trong các kết quả hiển thị.</translation>
    </message>
    <message>
        <source>The reason has invisible characters: type it again.</source>
        <translation>Lý do có ký tự không nhìn thấy: hãy gõ lại.</translation>
    </message>
    <message>
        <source>The reason is too long: at most 500 characters.</source>
        <translation>Lý do quá dài: tối đa 500 ký tự.</translation>
    </message>
    <message>
        <source>Say why it could not be finished.</source>
        <translation>Hãy ghi lý do chưa làm xong.</translation>
    </message>
    <message>
        <source>This request is no longer in the list.</source>
        <translation>Yêu cầu này không còn trong danh sách.</translation>
    </message>
    <message>
        <source>The account-help guide cannot be read. Ask the administrator.</source>
        <translation>Không đọc được bản hướng dẫn tài khoản. Xin báo quản trị viên.</translation>
    </message>
    <message>
        <source>The personal data key file is missing or is not this office&apos;s key. Ask the administrator: nothing was changed.</source>
        <translation>Tệp khóa dữ liệu cá nhân bị thiếu hoặc không phải khóa của đơn vị này. Xin báo quản trị viên: chưa có gì bị thay đổi.</translation>
    </message>
    <message>
        <source>The personal data key file cannot be used (who may read it, or what it holds). Ask the administrator.</source>
        <translation>Không dùng được tệp khóa dữ liệu cá nhân (quyền đọc tệp hoặc nội dung tệp). Xin báo quản trị viên.</translation>
    </message>
    <message>
        <source>The office database cannot be reached. Nothing saved is lost; try again shortly.</source>
        <translation>Không kết nối được cơ sở dữ liệu của đơn vị. Dữ liệu đã lưu không bị mất; vui lòng thử lại sau ít phút.</translation>
    </message>
    <message>
        <source>Something went wrong; the details are in the log. Nothing that was saved is lost.</source>
        <translation>Đã xảy ra lỗi; chi tiết được ghi trong nhật ký. Dữ liệu đã lưu không bị mất.</translation>
    </message>
</context>
<context>
    <name>FieldErrors</name>
    <message>
        <source>Please answer this.</source>
        <translation>Xin vui lòng điền mục này.</translation>
    </message>
    <message>
        <source>This answer is not of the right kind.</source>
        <translation>Thông tin này chưa đúng loại.</translation>
    </message>
    <message>
        <source>Remove the invisible character.</source>
        <translation>Xin xóa ký tự ẩn.</translation>
    </message>
    <message>
        <source>Too short: at least %1 characters.</source>
        <translation>Quá ngắn: ít nhất %1 ký tự.</translation>
    </message>
    <message>
        <source>Too long: at most %1 characters.</source>
        <translation>Quá dài: nhiều nhất %1 ký tự.</translation>
    </message>
    <message>
        <source>This is not in the expected form.</source>
        <translation>Thông tin chưa đúng dạng.</translation>
    </message>
    <message>
        <source>Type a number, for example 12 or 3,5.</source>
        <translation>Xin nhập số, ví dụ 12 hoặc 3,5.</translation>
    </message>
    <message>
        <source>Type a whole number.</source>
        <translation>Xin nhập số nguyên.</translation>
    </message>
    <message>
        <source>At least %1.</source>
        <translation>Ít nhất là %1.</translation>
    </message>
    <message>
        <source>At most %1.</source>
        <translation>Nhiều nhất là %1.</translation>
    </message>
    <message>
        <source>Type the date as day/month/year, for example 14/05/2003.</source>
        <translation>Xin nhập ngày theo dạng ngày/tháng/năm, ví dụ 14/05/2003.</translation>
    </message>
    <message>
        <source>This date is after today.</source>
        <translation>Ngày này sau ngày hôm nay.</translation>
    </message>
    <message>
        <source>Please check the year of birth.</source>
        <translation>Xin kiểm tra lại năm sinh.</translation>
    </message>
    <message>
        <source>Type the 12-digit citizen id number.</source>
        <translation>Xin nhập số định danh cá nhân 12 chữ số.</translation>
    </message>
    <message>
        <source>The id number has digits only.</source>
        <translation>Số định danh chỉ gồm chữ số.</translation>
    </message>
    <message>
        <source>The id number has 12 digits; %1 were typed.</source>
        <translation>Số định danh có 12 chữ số; ông/bà đã nhập %1 chữ số.</translation>
    </message>
    <message>
        <source>The 4th digit of the id number is 0 to 3.</source>
        <translation>Chữ số thứ 4 của số định danh là từ 0 đến 3.</translation>
    </message>
    <message>
        <source>The first 3 digits are not a province code: please check the number.</source>
        <translation>Ba chữ số đầu không phải mã tỉnh: xin kiểm tra lại số.</translation>
    </message>
    <message>
        <source>The id number says born in %1, the date of birth says %2.</source>
        <translation>Số định danh cho biết năm sinh %1, ngày sinh lại ghi năm %2.</translation>
    </message>
    <message>
        <source>Type the mobile phone number.</source>
        <translation>Xin nhập số điện thoại di động.</translation>
    </message>
    <message>
        <source>A phone number has digits only.</source>
        <translation>Số điện thoại chỉ gồm chữ số.</translation>
    </message>
    <message>
        <source>This is not a Vietnamese mobile number.</source>
        <translation>Đây không phải số di động Việt Nam.</translation>
    </message>
    <message>
        <source>A mobile number has 10 digits, starting with 0.</source>
        <translation>Số di động có 10 chữ số, bắt đầu bằng 0.</translation>
    </message>
    <message>
        <source>Type an e-mail address like ten@vidu.vn.</source>
        <translation>Xin nhập thư điện tử dạng ten@vidu.vn.</translation>
    </message>
    <message>
        <source>Choose one of the answers shown.</source>
        <translation>Xin chọn một trong các câu trả lời.</translation>
    </message>
    <message>
        <source>Choose the province.</source>
        <translation>Xin chọn tỉnh, thành phố.</translation>
    </message>
    <message>
        <source>Choose the commune or ward.</source>
        <translation>Xin chọn xã, phường.</translation>
    </message>
    <message>
        <source>Type the house number, street or hamlet.</source>
        <translation>Xin nhập số nhà, đường phố hoặc thôn, xóm.</translation>
    </message>
    <message>
        <source>Choose the province again.</source>
        <translation>Xin chọn lại tỉnh, thành phố.</translation>
    </message>
    <message>
        <source>Choose the commune or ward again.</source>
        <translation>Xin chọn lại xã, phường.</translation>
    </message>
    <message>
        <source>A scanned paper cannot be read.</source>
        <translation>Không đọc được giấy tờ đã quét.</translation>
    </message>
    <message>
        <source>The same paper is attached twice.</source>
        <translation>Một giấy tờ được đính kèm hai lần.</translation>
    </message>
    <message>
        <source>At least %1 are needed.</source>
        <translation>Cần ít nhất %1.</translation>
    </message>
    <message>
        <source>At most %1 are allowed.</source>
        <translation>Nhiều nhất %1.</translation>
    </message>
    <message>
        <source>Please check this answer.</source>
        <translation>Xin kiểm tra lại thông tin này.</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>What is left for you to do:</source>
        <translation>Các bước Ông/Bà cần làm tiếp:</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
</context>
<context>
    <name>FixDialog</name>
    <message>
        <source>Fix and send again</source>
        <translation>Sửa và gửi lại</translation>
    </message>
    <message>
        <source>The portal refused this record. Correct the fields below; it is sent again as a new record that names this one.</source>
        <translation>Cổng đã từ chối hồ sơ này. Hãy sửa các trường dưới đây; hồ sơ được gửi lại thành một bản mới có ghi rõ bản cũ.</translation>
    </message>
    <message>
        <source>Send this record again as a new record that names this one.</source>
        <translation>Gửi lại hồ sơ này thành một bản mới có ghi rõ bản cũ.</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Gửi lại</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Starting…</source>
        <translation>Đang khởi động…</translation>
    </message>
    <message>
        <source>Offline: portal not set up</source>
        <translation>Ngoại tuyến: chưa cấu hình Cổng DVC</translation>
    </message>
    <message>
        <source>Online: portal reached at %1</source>
        <translation>Trực tuyến: kết nối Cổng DVC lúc %1</translation>
    </message>
    <message>
        <source>Offline: portal not reached yet</source>
        <translation>Ngoại tuyến: chưa kết nối được Cổng DVC</translation>
    </message>
    <message>
        <source>Offline: portal unreachable</source>
        <translation>Ngoại tuyến: mất kết nối Cổng DVC</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) waiting to be sent</source>
        <translation>
            <numerusform>%n hồ sơ chờ gửi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) need staff attention</source>
        <translation>
            <numerusform>%n hồ sơ cần cán bộ xử lý</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Fill in a dossier</source>
        <translation>Khai hồ sơ</translation>
    </message>
    <message>
        <source>Look up my dossier</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <source>Help with a portal account</source>
        <translation>Hỗ trợ tài khoản dịch vụ công</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen to go on. What you typed is kept.</source>
        <translation>Ông/bà còn ở đây không? Chạm vào màn hình để tiếp tục. Thông tin đã nhập vẫn được lưu.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait a minute.</source>
        <translation>Nhập sai quá nhiều lần. Vui lòng chờ một phút.</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>space</source>
        <translation>dấu cách</translation>
    </message>
    <message>
        <source>Done ✓</source>
        <translation>Xong ✓</translation>
    </message>
</context>
<context>
    <name>OutcomePanel</name>
    <message>
        <source>Choose a citizen in the list first.</source>
        <translation>Hãy chọn một người trong danh sách trước.</translation>
    </message>
    <message>
        <source>Account help given today</source>
        <translation>Hỗ trợ tài khoản hôm nay</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>Công dân</translation>
    </message>
    <message>
        <source>Id number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Why it could not be finished (required for &quot;could not finish&quot;)</source>
        <translation>Lý do chưa làm xong (bắt buộc khi chọn &quot;chưa làm xong&quot;)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
</context>
<context>
    <name>PageWidget</name>
    <message>
        <source>Person %1</source>
        <translation>Người thứ %1</translation>
    </message>
    <message>
        <source>+ Add one more</source>
        <translation>+ Thêm một người</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Bỏ</translation>
    </message>
</context>
<context>
    <name>PrintJobsPanel</name>
    <message>
        <source>printed</source>
        <translation>đã in</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>đã hủy</translation>
    </message>
    <message>
        <source>did not print</source>
        <translation>không in được</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>đang chờ in</translation>
    </message>
    <message>
        <source>ticket printer</source>
        <translation>máy in phiếu</translation>
    </message>
    <message>
        <source>counter slip printer</source>
        <translation>máy in nhiệt tại quầy</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>máy in A4</translation>
    </message>
    <message>
        <source>Retry waiting jobs</source>
        <translation>In lại các bản đang chờ</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>In lại bản đã chọn</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>In trang thử</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Số lần thử</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Sự cố</translation>
    </message>
</context>
<context>
    <name>PriorityPage</name>
    <message>
        <source>Elderly (60 or older)</source>
        <translation>Người cao tuổi (từ 60 tuổi)</translation>
    </message>
    <message>
        <source>Person with a disability</source>
        <translation>Người khuyết tật</translation>
    </message>
    <message>
        <source>Pregnant woman</source>
        <translation>Phụ nữ mang thai</translation>
    </message>
    <message>
        <source>With a child under 6</source>
        <translation>Người đưa trẻ dưới 6 tuổi</translation>
    </message>
    <message>
        <source>Veteran or person of merit</source>
        <translation>Người có công với cách mạng</translation>
    </message>
    <message>
        <source>%1: which number do you need?</source>
        <translation>%1: ông/bà cần lấy số nào?</translation>
    </message>
    <message>
        <source>Normal number</source>
        <translation>Số thường</translation>
    </message>
    <message>
        <source>Priority number, if you are (the officer will check):</source>
        <translation>Số ưu tiên, nếu ông/bà là (cán bộ sẽ kiểm tra):</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Quay lại</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <source>Which procedure is your dossier for?</source>
        <translation>Ông/bà làm thủ tục gì?</translation>
    </message>
    <message>
        <source>Another procedure? Type a few words of its name:</source>
        <translation>Thủ tục khác? Nhập vài chữ trong tên thủ tục:</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Quay lại</translation>
    </message>
</context>
<context>
    <name>ReceptionPanel</name>
    <message>
        <source>(no name yet)</source>
        <translation>(chưa có tên)</translation>
    </message>
    <message>
        <source>No draft for that. Start a new dossier, or check the number.</source>
        <translation>Không có hồ sơ khai sẵn. Tạo hồ sơ mới, hoặc kiểm tra lại số.</translation>
    </message>
    <message>
        <source>This dossier was already received.</source>
        <translation>Hồ sơ này đã được tiếp nhận.</translation>
    </message>
    <message>
        <source>Scan attached ✓</source>
        <translation>Đã đính kèm bản quét ✓</translation>
    </message>
    <message>
        <source>Attach scan…</source>
        <translation>Đính kèm bản quét…</translation>
    </message>
    <message>
        <source>Photo…</source>
        <translation>Chụp ảnh…</translation>
    </message>
    <message>
        <source>originals: %1</source>
        <translation>bản chính: %1</translation>
    </message>
    <message>
        <source>Attach a scan</source>
        <translation>Đính kèm bản quét</translation>
    </message>
    <message>
        <source>Scans (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>Bản quét (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
    <message>
        <source>Sign in first: the receipt names the officer who receives the dossier.</source>
        <translation>Xin đăng nhập trước: giấy tiếp nhận ghi tên cán bộ tiếp nhận hồ sơ.</translation>
    </message>
    <message>
        <source>Dossier %1 received. Result expected: %2. The receipt is printing.</source>
        <translation>Đã tiếp nhận hồ sơ %1. Hẹn trả kết quả: %2. Đang in giấy tiếp nhận.</translation>
    </message>
    <message>
        <source>Receive a dossier</source>
        <translation>Tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <source>Ticket number, scanned ticket, id number or name</source>
        <translation>Số thứ tự, quét phiếu, số định danh hoặc họ tên</translation>
    </message>
    <message>
        <source>Find the draft</source>
        <translation>Tìm hồ sơ khai sẵn</translation>
    </message>
    <message>
        <source>New dossier…</source>
        <translation>Hồ sơ mới…</translation>
    </message>
    <message>
        <source>‹ Back to the queue</source>
        <translation>‹ Về hàng đợi</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Đã nhận</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Bản sao</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Bản quét</translation>
    </message>
    <message>
        <source>Fee (đồng):</source>
        <translation>Phí, lệ phí (đồng):</translation>
    </message>
    <message>
        <source>enter the fee</source>
        <translation>nhập số tiền</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <source>Bank transfer (VietQR)</source>
        <translation>Chuyển khoản (VietQR)</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Miễn phí</translation>
    </message>
    <message>
        <source>Receive and print the receipt</source>
        <translation>Tiếp nhận và in giấy tiếp nhận</translation>
    </message>
    <message>
        <source>‹ Check the answers</source>
        <translation>‹ Kiểm tra thông tin</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Back to the queue</source>
        <translation>Về hàng đợi</translation>
    </message>
    <message>
        <source>%1: tick the papers handed in</source>
        <translation>%1: đánh dấu giấy tờ đã nhận</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Change</source>
        <translation>Sửa</translation>
    </message>
    <message>
        <source>Person %1</source>
        <translation>Người thứ %1</translation>
    </message>
    <message>
        <source>Papers to bring to the counter:</source>
        <translation>Giấy tờ cần mang đến quầy:</translation>
    </message>
    <message>
        <source>%1 original(s)</source>
        <translation>%1 bản chính</translation>
    </message>
    <message>
        <source>%1 copy(ies)</source>
        <translation>%1 bản sao</translation>
    </message>
</context>
<context>
    <name>RoleTitle</name>
    <message>
        <source>Counter</source>
        <translation>Quầy tiếp nhận</translation>
    </message>
    <message>
        <source>Hall display</source>
        <translation>Màn hình gọi số</translation>
    </message>
    <message>
        <source>Citizen kiosk</source>
        <translation>Ki-ốt công dân</translation>
    </message>
    <message>
        <source>Youth support desk</source>
        <translation>Tổ Thanh niên hỗ trợ</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Quản trị</translation>
    </message>
</context>
<context>
    <name>RoleWindow</name>
    <message>
        <source>One-stop shop</source>
        <translation>Bộ phận Một cửa</translation>
    </message>
</context>
<context>
    <name>SavedPage</name>
    <message>
        <source>Your dossier is saved</source>
        <translation>Hồ sơ của ông/bà đã được lưu</translation>
    </message>
    <message>
        <source>When number %1 is called, go to the counter with your papers. The officer will find what you typed by your number.</source>
        <translation>Khi đến số %1, mời ông/bà mang giấy tờ đến quầy. Cán bộ sẽ tìm hồ sơ ông/bà đã khai theo số thứ tự.</translation>
    </message>
    <message>
        <source>Take a number for this procedure, then go to the counter with your papers when it is called. The officer will find your dossier by your name or id number.</source>
        <translation>Mời ông/bà lấy số thứ tự cho thủ tục này, khi đến số thì mang giấy tờ đến quầy. Cán bộ sẽ tìm hồ sơ theo họ tên hoặc số định danh.</translation>
    </message>
    <message>
        <source>OK, thank you</source>
        <translation>Xong, cảm ơn</translation>
    </message>
</context>
<context>
    <name>ScanFieldWidget</name>
    <message>
        <source>Attached: %1</source>
        <translation>Đã đính kèm: %1</translation>
    </message>
    <message>
        <source>Nothing attached yet.</source>
        <translation>Chưa đính kèm gì.</translation>
    </message>
    <message>
        <source>Bring this paper to the counter: the officer scans it there.</source>
        <translation>Xin mang giấy tờ này đến quầy: cán bộ sẽ quét tại quầy.</translation>
    </message>
    <message>
        <source>Attach a scan…</source>
        <translation>Đính kèm bản quét…</translation>
    </message>
    <message>
        <source>Remove the scans</source>
        <translation>Bỏ các bản quét</translation>
    </message>
</context>
<context>
    <name>ServiceBoard</name>
    <message>
        <source>Open %1–%2</source>
        <translation>Làm việc %1–%2</translation>
    </message>
    <message>
        <source>No service is open at this office yet.</source>
        <translation>Đơn vị chưa mở dịch vụ nào.</translation>
    </message>
    <message>
        <source>Welcome! Touch the kind of matter you came for.</source>
        <translation>Xin chào! Mời chạm vào lĩnh vực ông/bà cần giải quyết.</translation>
    </message>
    <message>
        <source>Touch the service you need.</source>
        <translation>Mời chạm vào dịch vụ ông/bà cần.</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Quay lại</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>This account cannot use this screen.</source>
        <translation>Tài khoản này không được dùng màn hình này.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Password or PIN</source>
        <translation>Mật khẩu hoặc mã PIN</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
</context>
<context>
    <name>StatusLookupPage</name>
    <message>
        <source>Look up your dossier</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <source>Type the dossier code printed on your receipt, or hold the receipt&apos;s QR code under the scanner.</source>
        <translation>Nhập mã hồ sơ in trên giấy tiếp nhận, hoặc đưa mã QR trên giấy tiếp nhận vào máy quét.</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Tra cứu</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Quay lại</translation>
    </message>
    <message>
        <source>Dossier %1</source>
        <translation>Hồ sơ %1</translation>
    </message>
    <message>
        <source>Applicant: %1</source>
        <translation>Người nộp: %1</translation>
    </message>
    <message>
        <source>Received: %1</source>
        <translation>Tiếp nhận lúc: %1</translation>
    </message>
    <message>
        <source>Result expected: %1</source>
        <translation>Hẹn trả kết quả: %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Trạng thái: %1</translation>
    </message>
    <message>
        <source>(as last known here, %1)</source>
        <translation>(cập nhật lần cuối tại đây: %1)</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>rejected by the portal</source>
        <translation>bị Cổng từ chối</translation>
    </message>
    <message>
        <source>the portal holds other content under this id</source>
        <translation>Cổng đang giữ nội dung khác với mã này</translation>
    </message>
    <message>
        <source>cannot be read here</source>
        <translation>không đọc được trên máy này</translation>
    </message>
    <message>
        <source>Applicant&apos;s full name</source>
        <translation>Họ tên người nộp</translation>
    </message>
    <message>
        <source>Applicant&apos;s citizen id number</source>
        <translation>Số định danh cá nhân của người nộp</translation>
    </message>
    <message>
        <source>Applicant&apos;s date of birth</source>
        <translation>Ngày sinh người nộp</translation>
    </message>
    <message>
        <source>Applicant&apos;s phone</source>
        <translation>Số điện thoại người nộp</translation>
    </message>
    <message>
        <source>Applicant&apos;s e-mail</source>
        <translation>Thư điện tử người nộp</translation>
    </message>
    <message>
        <source>Applicant&apos;s address</source>
        <translation>Địa chỉ người nộp</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Citizen id number</source>
        <translation>Số định danh cá nhân</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <source>Procedure code</source>
        <translation>Mã thủ tục</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Lệ phí</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>còn thiếu</translation>
    </message>
    <message>
        <source>not valid</source>
        <translation>không hợp lệ</translation>
    </message>
    <message>
        <source>of the wrong kind</source>
        <translation>sai kiểu dữ liệu</translation>
    </message>
    <message>
        <source>unknown to the portal</source>
        <translation>Cổng không nhận ra</translation>
    </message>
    <message>
        <source>does not match</source>
        <translation>không khớp</translation>
    </message>
    <message>
        <source>has badly encoded letters</source>
        <translation>có chữ bị lỗi mã hóa</translation>
    </message>
    <message>
        <source>its scan did not reach the portal</source>
        <translation>bản quét chưa tới được Cổng</translation>
    </message>
    <message>
        <source>dossier</source>
        <translation>hồ sơ</translation>
    </message>
    <message>
        <source>account request</source>
        <translation>yêu cầu tạo tài khoản</translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <source>%1 s</source>
        <translation>%1 giây</translation>
    </message>
    <message>
        <source>%1 records have waited more than a day to reach the portal. Check the network and the portal settings.</source>
        <translation>%1 hồ sơ đã chờ hơn một ngày mà chưa gửi được lên Cổng. Hãy kiểm tra mạng và cài đặt kết nối Cổng.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock differs from the portal&apos;s by more than 5 minutes: appointment dates may be wrong. Set the clock.</source>
        <translation>Đồng hồ máy này lệch với Cổng hơn 5 phút: ngày hẹn trả có thể sai. Hãy chỉnh lại đồng hồ.</translation>
    </message>
    <message>
        <source>This computer does not send to the portal: its address is not set.</source>
        <translation>Máy này không gửi lên Cổng: chưa đặt địa chỉ Cổng.</translation>
    </message>
    <message>
        <source>Sending stopped: %1. Records wait and are sent later.</source>
        <translation>Tạm dừng gửi: %1. Hồ sơ vẫn được giữ và sẽ gửi sau.</translation>
    </message>
    <message>
        <source>Choose a record in the list first.</source>
        <translation>Hãy chọn một hồ sơ trong danh sách trước.</translation>
    </message>
    <message>
        <source>This record cannot be read here; receive the dossier again.</source>
        <translation>Không đọc được hồ sơ này trên máy này; hãy tiếp nhận lại hồ sơ.</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Đang chờ gửi</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Đã gửi thành công</translation>
    </message>
    <message>
        <source>Need attention</source>
        <translation>Cần xử lý</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>Lần gửi thành công gần nhất</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Lỗi gần nhất</translation>
    </message>
    <message>
        <source>Portal clock minus this computer&apos;s</source>
        <translation>Độ lệch đồng hồ Cổng so với máy này</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Gửi ngay</translation>
    </message>
    <message>
        <source>Fix and send again</source>
        <translation>Sửa và gửi lại</translation>
    </message>
    <message>
        <source>Records the portal did not accept</source>
        <translation>Hồ sơ Cổng chưa nhận</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Sự cố</translation>
    </message>
    <message>
        <source>Portal&apos;s errors</source>
        <translation>Lỗi Cổng báo</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Thời điểm xếp hàng gửi</translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <source>Your number</source>
        <translation>Số thứ tự của ông/bà</translation>
    </message>
    <message>
        <source>OK, thank you</source>
        <translation>Xong, cảm ơn</translation>
    </message>
    <message>
        <source>Fill in your dossier while you wait</source>
        <translation>Khai hồ sơ trong lúc chờ</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>Số người chờ trước: %1</translation>
    </message>
    <message>
        <source>Expected wait: about %1 minutes</source>
        <translation>Thời gian chờ dự kiến: khoảng %1 phút</translation>
    </message>
    <message>
        <source>Your ticket is being printed. Please wait until your number is called.</source>
        <translation>Phiếu đang được in. Mời ông/bà ngồi chờ đến khi được gọi số.</translation>
    </message>
</context>
<context>
    <name>UnlockPad</name>
    <message>
        <source>Wrong PIN. Try again.</source>
        <translation>Sai mã PIN. Vui lòng thử lại.</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>Dành cho cán bộ</translation>
    </message>
    <message>
        <source>Staff only: enter the admin PIN to leave the kiosk.</source>
        <translation>Chỉ dành cho cán bộ: nhập mã PIN quản trị để thoát ki-ốt.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>VolunteerWindow</name>
    <message>
        <source>Sign in first: the help you give is recorded.</source>
        <translation>Xin đăng nhập trước: việc hỗ trợ của bạn được ghi nhận.</translation>
    </message>
    <message>
        <source>Assisted mode: a volunteer is helping this citizen. Sign in so that the help is recorded.</source>
        <translation>Chế độ hỗ trợ: tình nguyện viên đang giúp công dân. Xin đăng nhập để việc hỗ trợ được ghi nhận.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Assisted mode: %1 is helping this citizen. Every step is recorded as help given.</source>
        <translation>Chế độ hỗ trợ: %1 đang giúp công dân. Mọi bước đều được ghi nhận là có hỗ trợ.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Fill in a dossier</source>
        <translation>Khai hồ sơ</translation>
    </message>
    <message>
        <source>Help with a portal account</source>
        <translation>Hỗ trợ tài khoản dịch vụ công</translation>
    </message>
    <message>
        <source>Account help given today</source>
        <translation>Hỗ trợ tài khoản hôm nay</translation>
    </message>
</context>
</TS>
