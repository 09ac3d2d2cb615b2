"""Shared by the web-form tests: a letter as the form takes it, and a PDF's text."""

from __future__ import annotations

import io

import pdfplumber

OFFICE = "lopburi-jpt-2562"
LETTER = {
    "office": OFFICE, "number": "ลบ 0019/ว 4852", "date": "2018-10-16", "subject": "ทดสอบแบบฟอร์มหนังสือเวียน",
    "salutation": "เรียน", "recipient": "นายอำเภอทุกอำเภอ", "enclosures": "แผนปฏิบัติการ\nคำสั่งจังหวัด",
    "body": "ย่อหน้าแรกของหนังสือ\nต่อบรรทัดเดิม\n\nย่อหน้าที่สองของหนังสือ",
    "conclusion": "จึงเรียนมาเพื่อโปรดทราบ", "signer": "deputy_governor",
}

ORDER = {
    "office": OFFICE, "number": "12/2561", "date": "2018-10-15",
    "subject": "แต่งตั้งคณะทำงานทดสอบแบบฟอร์มคำสั่ง",
    "preamble": "ด้วยจังหวัดลพบุรีจะทดสอบแบบฟอร์ม\n\nจึงแต่งตั้งคณะทำงาน ประกอบด้วย",
    "members": ("นายสมชาย ใจดี | นายอำเภอเมืองลพบุรี | ประธานคณะทำงาน\n"
                " | พัฒนาการจังหวัดลพบุรี | คณะทำงาน\n"
                "\n"
                "นางสาวสมหญิง รักงาน | นักวิชาการพัฒนาชุมชน | คณะทำงานและเลขานุการ"),
    "duties": "ทดสอบแบบฟอร์ม\nรายงานผล", "effective": "", "signer": "deputy_governor",
}


def pdf_text(data: bytes) -> str:
    """The PDF's text as pdfplumber reads it, without the empty chars of Thai
    marks (which its word grouping would read as gaps; see test_pdf_textlayer)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("text")) for page in pdf.pages]
        return "\n".join(page.extract_text() or "" for page in pages)
