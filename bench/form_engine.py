"""One step of the dossier wizard on the biggest form worth building.

`python -m bench.form_engine [--steps N]`

A step is what the wizard does when the citizen taps "Tiếp" (next): evaluate
the form on the answers, validate the current page, find the next visible page
and build its view. Goal: well under 50 ms. The form has 10 pages of 10 fields
(text, numbers, dates, selects, a citizen id, a phone, an address, conditions,
constraints, a calculation) and a repeat page of 10 family members with 6
fields each: 170 fields answered. The lists are the size of the real ones
after 1 July 2025: 34 provinces, 3,321 communes (made up).
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from typing import Any

from kiosk.forms import FormState, load_form

TODAY = date(2026, 7, 20)


def _page(p: int) -> dict[str, Any]:
    n = f"p{p}_"
    fields = [
        {"name": n + "name", "type": "text", "required": True, "max_length": 100,
         "label": {"vi": "Họ và tên", "en": "Full name"}},
        {"name": n + "dob", "type": "date", "required": True, "plausible_age": True,
         "label": {"vi": "Ngày sinh", "en": "Date of birth"}},
        {"name": n + "id", "type": "citizen_id", "required": True, "birth_date_field": n + "dob",
         "label": {"vi": "Số định danh", "en": "Id number"}},
        {"name": n + "phone", "type": "phone", "required": f"age(${{{n}dob}}) >= 18",
         "label": {"vi": "Điện thoại", "en": "Phone"}},
        {"name": n + "count", "type": "integer", "min": 0, "max": 99,
         "constraint": f"${{{n}count}} <= 50 or ${{{n}kind}} = 'b'",
         "label": {"vi": "Số lượng", "en": "Count"}},
        {"name": n + "kind", "type": "select_one", "required": True,
         "label": {"vi": "Loại", "en": "Kind"},
         "choices": [{"value": v, "label": {"vi": v.upper()}} for v in "abcdef"]},
        {"name": n + "extra", "type": "text", "relevant": f"${{{n}kind}} = 'b'",
         "required": True, "label": {"vi": "Ghi rõ", "en": "Details"}},
        {"name": n + "address", "type": "address", "required": True,
         "label": {"vi": "Địa chỉ", "en": "Address"}},
        {"name": n + "agree", "type": "yes_no", "required": True,
         "label": {"vi": "Đồng ý", "en": "Agree"}},
        {"name": n + "age", "type": "calculate", "calculation": f"age(${{{n}dob}})"},
    ]
    relevant = {"relevant": f"${{p{p - 1}_agree}}"} if p else {}
    return {"name": f"page{p}", "type": "group", "label": {"vi": f"Trang {p}"},
            "fields": fields, **relevant}


def build_form() -> dict[str, Any]:
    members = {
        "name": "members", "type": "repeat", "min_count": 1, "max_count": 20,
        "label": {"vi": "Thành viên hộ gia đình", "en": "Household members"},
        "item_label": "concat(${full_name}, ' - ', ${relation})",
        "fields": [
            {"name": "full_name", "type": "text", "required": True, "label": {"vi": "Họ tên"}},
            {"name": "dob", "type": "date", "required": True, "label": {"vi": "Ngày sinh"}},
            {"name": "relation", "type": "select_one", "required": True,
             "label": {"vi": "Quan hệ"},
             "choices": [{"value": v, "label": {"vi": v}} for v in ("vo", "chong", "con",
                                                                     "khac")]},
            {"name": "relation_other", "type": "text", "required": True,
             "relevant": "${relation} = 'khac'", "label": {"vi": "Ghi rõ"}},
            {"name": "id_number", "type": "citizen_id", "birth_date_field": "dob",
             "relevant": "age(${dob}) >= 14", "required": True, "label": {"vi": "Số định danh"}},
            {"name": "older_than_head", "type": "calculate",
             "calculation": "${dob} < ${p0_dob}"},
        ],
    }
    return {"version": 1, "fields": [*(_page(p) for p in range(10)), members]}


def build_lists() -> dict[str, list[dict[str, Any]]]:
    provinces = [{"value": f"{p:02d}", "label": f"Tỉnh {p:02d}"} for p in range(1, 35)]
    communes = [{"value": f"{c:05d}", "label": f"Xã {c:05d}", "province": f"{c % 34 + 1:02d}"}
                for c in range(1, 3322)]
    return {"provinces": provinces, "communes": communes}


def build_answers() -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for p in range(10):
        n = f"p{p}_"
        answers |= {n + "name": "Nguyễn Văn An", n + "dob": "15/03/1990",
                    n + "id": "001090012345", n + "phone": "0912 345 678", n + "count": "12",
                    n + "kind": "b", n + "extra": "Ghi chú", n + "agree": True,
                    n + "address": {"province": "05", "commune": "00004",
                                    "street": "12 Lý Thái Tổ"}}
    answers["members"] = [{"full_name": f"Thành viên {i}", "dob": f"{2000 + i}-01-01",
                           "relation": "khac" if i % 3 else "con", "relation_other": "Cháu",
                           "id_number": f"0013{i:02d}012345"} for i in range(10)]
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    raw, lists, answers = build_form(), build_lists(), build_answers()
    started = time.perf_counter()
    form = load_form(raw)
    loaded_ms = (time.perf_counter() - started) * 1000
    names = [page.name for page in form.pages]
    fields = sum(1 for f in form.fields.values() if f.has_value) + 10 * len(
        form.repeats["members"].fields)
    times: list[float] = []
    errors = 0
    for step in range(args.steps):
        current = names[step % len(names)]
        answers["p3_count"] = str(step % 60)  # the answers change between taps
        started = time.perf_counter()
        state = FormState(form, answers, today=TODAY, lists=lists)
        errors += len(state.validate_page(current))
        following = state.next_page(current)
        if following is not None:
            state.page(following)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"form: {len(names)} pages, {fields} answered fields (10 repeat items); "
          f"lists: 34 provinces, 3321 communes; load_form {loaded_ms:.1f} ms")
    print(f"wizard step (evaluate + validate page + next page + its view), {args.steps} steps: "
          f"median {statistics.median(times):.2f} ms, p99 {times[int(len(times) * .99) - 1]:.2f} "
          f"ms, max {times[-1]:.2f} ms (goal: well under 50 ms); {errors} errors found")


if __name__ == "__main__":
    main()
