"""The document-number register (ทะเบียนหนังสือส่ง / ทะเบียนคำสั่ง).

* :mod:`.base`: books, entries and the number as printed;
* :mod:`.store`: the operations (reserve, issue, peek, void, entries), in SQL;
* :mod:`.sqlite` (the default, ``register.sqlite``) and :mod:`.postgres`;
* :mod:`.location`: which register a document uses, and its document id;
* :mod:`.numbering`: ``number: auto`` while documents are built;
* :mod:`.export`: CSV and XLSX as the office keeps the book;
* :mod:`.cli`: ``docgen register issue | list | void | export``.

>>> from datetime import date
>>> register = open_register(":memory:")
>>> register.reserve("ลบ 0019", 2562, "memo.yaml", Details(date(2019, 1, 1))).text
'ลบ 0019/1'
"""

from docgen.register.base import Details, Entry, RegisterError, book_of_letter, book_of_order, number_text
from docgen.register.location import open_register

__all__ = ["Details", "Entry", "RegisterError", "book_of_letter", "book_of_order", "number_text", "open_register"]
