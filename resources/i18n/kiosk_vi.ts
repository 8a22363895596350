<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AdminWindow</name>
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
        <source>Overview</source>
        <translation>Tổng quan</translation>
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
</context>
<context>
    <name>App</name>
    <message>
        <source>Database</source>
        <translation>Cơ sở dữ liệu</translation>
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
    <name>CounterWindow</name>
    <message>
        <source>Counter %1</source>
        <translation>Quầy %1</translation>
    </message>
    <message numerus="yes">
        <source>%n print job(s) did not print. Check the printer (power, cable, paper), then retry.</source>
        <translation>
            <numerusform>%n bản in chưa in được. Kiểm tra máy in (nguồn điện, dây cáp, giấy) rồi bấm In lại.</numerusform>
        </translation>
    </message>
    <message>
        <source>No counter is set up yet: an admin adds counters.</source>
        <translation>Chưa có quầy nào: quản trị viên cần thêm quầy.</translation>
    </message>
    <message>
        <source>Citizens waiting for the services of this counter.</source>
        <translation>Số công dân đang chờ các dịch vụ của quầy này.</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Counter:</source>
        <translation>Quầy:</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dịch vụ</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Đang chờ</translation>
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
        <source>Now serving</source>
        <translation>Đang phục vụ</translation>
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
        <source>The office database cannot be reached. Nothing saved is lost; try again shortly.</source>
        <translation>Không kết nối được cơ sở dữ liệu của đơn vị. Dữ liệu đã lưu không bị mất; vui lòng thử lại sau ít phút.</translation>
    </message>
    <message>
        <source>Something went wrong; the details are in the log. Nothing that was saved is lost.</source>
        <translation>Đã xảy ra lỗi; chi tiết được ghi trong nhật ký. Dữ liệu đã lưu không bị mất.</translation>
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
        <source>Too many wrong PINs. Wait a minute.</source>
        <translation>Nhập sai quá nhiều lần. Vui lòng chờ một phút.</translation>
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
        <source>Assisted mode: a volunteer is helping this citizen. Every step is recorded as help given.</source>
        <translation>Chế độ hỗ trợ: tình nguyện viên đang giúp công dân. Mỗi bước được ghi nhận là một lượt hỗ trợ.</translation>
    </message>
</context>
</TS>
