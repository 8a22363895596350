"""The form shown for a procedure that has no form of its own (every catalog entry, for now).

Whatever the procedure, the receipt ("Giấy tiếp nhận hồ sơ", Mẫu 01) needs who
applies, how to reach them, and what they ask for; so the wizard asks for these
two pages, and the applicant fields fill the dossier's applicant columns
through `map_to`. It is a spec like any other (checked by `load_form`), kept as
plain data so docs/FORMS.md can show it as an example.
"""
from __future__ import annotations

from typing import Any

GENERIC_FORM: dict[str, Any] = {
    "version": 1,
    "fields": [
        {
            "name": "applicant", "type": "group",
            "label": {"vi": "Thông tin người nộp hồ sơ", "en": "Applicant"},
            "fields": [
                {"name": "full_name", "type": "text", "required": True, "max_length": 100,
                 "label": {"vi": "Họ, chữ đệm và tên", "en": "Full name"},
                 "map_to": "applicant.full_name"},
                {"name": "id_number", "type": "citizen_id", "required": True,
                 "label": {"vi": "Số định danh cá nhân (CCCD)",
                           "en": "Personal identification number"},
                 "help": {"vi": "12 chữ số in trên thẻ căn cước công dân",
                          "en": "The 12 digits printed on the citizen identity card"},
                 "map_to": "applicant.id_number"},
                {"name": "date_of_birth", "type": "date", "required": True,
                 "label": {"vi": "Ngày, tháng, năm sinh", "en": "Date of birth"},
                 "map_to": "applicant.date_of_birth"},
                {"name": "phone", "type": "phone", "required": True,
                 "label": {"vi": "Số điện thoại di động", "en": "Mobile phone number"},
                 "map_to": "applicant.phone"},
                {"name": "email", "type": "email",
                 "label": {"vi": "Thư điện tử (không bắt buộc)", "en": "E-mail (optional)"},
                 "map_to": "applicant.email"},
                {"name": "address", "type": "address", "required": True,
                 "label": {"vi": "Nơi cư trú", "en": "Address"},
                 "map_to": "applicant.address"},
            ],
        },
        {
            "name": "request", "type": "group",
            "label": {"vi": "Nội dung yêu cầu", "en": "Request"},
            "fields": [
                {"name": "request_text", "type": "text", "required": True, "max_length": 1000,
                 "label": {"vi": "Nội dung yêu cầu giải quyết",
                           "en": "What do you request?"}},
            ],
        },
    ],
}
