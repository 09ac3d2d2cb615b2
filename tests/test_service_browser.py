"""The web form in a real browser: Debian's headless Chromium, driven by
selenium through the system chromedriver (no downloaded browser builds), at
an office screen's 1366×768.  It fills a letter, waits for the live preview,
downloads the PDF and reads it back; the page is saved as a screenshot in
output/test-artifacts/web-form.png (the other forms' in web-form-<kind>.png)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("selenium")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from docgen.service.app import create_app  # noqa: E402
from docgen.service.settings import Settings  # noqa: E402
from web_helpers import OFFICE, pdf_text  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "output" / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def server():
    """The service with the form open (demo) on a free loopback port, in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    app = create_app(Settings(config_root=REPO / "config", demo=True))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    instance.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture()
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1366,768", "--lang=th-TH", "--hide-scrollbars"):
        options.add_argument(argument)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "intl.accept_languages": "th-TH,th"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.downloads = downloads
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def wait_for_preview(driver, after: int, timeout: float = 60) -> int:
    """Wait until the preview is current (nothing typed since its request)
    and newer than version ``after``; return its version."""
    def current(d):
        pages = d.find_element(By.ID, "pages")
        version = int(pages.get_attribute("data-version"))
        pending = d.find_element(By.ID, "doc-form").get_attribute("data-pending")
        return version if version > after and pending == "0" else False

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(current)


def type_into(driver, name: str, text: str) -> None:
    element = driver.find_element(By.NAME, name)
    element.clear()
    element.send_keys(text)


def test_fill_a_letter_preview_and_download(server, browser):
    browser.get(server + "/form/letter")
    assert browser.find_element(By.TAG_NAME, "h1").text == "หนังสือภายนอก / หนังสือเวียน"
    Select(browser.find_element(By.NAME, "office")).select_by_value(OFFICE)

    type_into(browser, "number", "ลบ 0019/ว 4852")
    date = browser.find_element(By.NAME, "date")  # the native picker's typing order follows the locale
    browser.execute_script("arguments[0].value = '2018-10-16';"
                           "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", date)
    assert browser.find_element(By.CSS_SELECTOR, '[data-be-for="f-date"]').text == "๑๖ ตุลาคม ๒๕๖๑"
    type_into(browser, "subject", "ขอเชิญประชุมคณะทำงานจัดเก็บข้อมูล")
    type_into(browser, "recipient", "นายอำเภอทุกอำเภอ")
    type_into(browser, "enclosures", "ระเบียบวาระการประชุม")
    body = browser.find_element(By.NAME, "body")
    body.send_keys("ด้วยจังหวัดลพบุรีกำหนดประชุมคณะทำงานจัดเก็บข้อมูลความจำเป็นพื้นฐาน")
    body.send_keys("\n\n")
    body.send_keys("จึงขอเชิญท่านเข้าร่วมประชุมตามวันและเวลาดังกล่าว")
    Select(browser.find_element(By.NAME, "signer")).select_by_value("deputy_governor")

    wait_for_preview(browser, after=0)
    image = browser.find_element(By.CSS_SELECTOR, "#pages img")
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert image.size["width"] > 400  # the page is readable beside the form
    assert "กำลังสร้างตัวอย่าง" not in browser.find_element(By.ID, "preview-status").text
    form_box = browser.find_element(By.ID, "doc-form").rect
    preview_box = browser.find_element(By.CSS_SELECTOR, ".preview").rect
    assert form_box["x"] + form_box["width"] <= preview_box["x"] + 1  # side by side
    assert preview_box["x"] + preview_box["width"] <= 1366

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("document.getElementById('doc-form').scrollTop = 0;")
    browser.save_screenshot(str(ARTIFACTS / "web-form.png"))

    browser.find_element(By.ID, "download-pdf").click()
    deadline = time.monotonic() + 60
    while not (done := [p for p in browser.downloads.glob("*.pdf")]):
        assert time.monotonic() < deadline, f"no PDF downloaded: {list(browser.downloads.iterdir())}"
        time.sleep(0.2)
    (pdf,) = done
    assert pdf.name == "หนังสือภายนอก-ขอเชิญประชุมคณะทำงานจัดเก็บข้อมูล.pdf"
    text = pdf_text(pdf.read_bytes())
    assert "ขอเชิญประชุมคณะทำงานจัดเก็บข้อมูล" in text
    assert "๑๖ ตุลาคม ๒๕๖๑" in text
    assert "นายอำเภอทุกอำเภอ" in text
    assert "ด้วยจังหวัดลพบุรีกำหนดประชุมคณะทำงานจัดเก็บข้อมูลความจำเป็นพื้นฐาน" in text
    assert "จึงขอเชิญท่านเข้าร่วมประชุมตามวันและเวลาดังกล่าว" in text

    # A field emptied: its message appears beside it, and the last good page stays.
    shown = wait_for_preview(browser, after=0)
    browser.find_element(By.NAME, "subject").clear()
    browser.find_element(By.NAME, "subject").send_keys(" ")
    message = browser.find_element(By.ID, "err-subject")
    WebDriverWait(browser, 30).until(lambda d: message.is_displayed() and "ต้องกรอกช่องนี้" in message.text)
    assert int(browser.find_element(By.ID, "pages").get_attribute("data-version")) == shown
    assert browser.find_element(By.CSS_SELECTOR, "#pages img").is_displayed()


def test_order_example_previews_and_a_second_chair_is_marked(server, browser):
    browser.get(server + f"/form/order?example=1&office={OFFICE}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "คำสั่ง"
    wait_for_preview(browser, after=0)
    image = browser.find_element(By.CSS_SELECTOR, "#pages img")
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-form-order.png"))

    members = browser.find_element(By.NAME, "members")  # the vice-chair made a second chair
    text = members.get_attribute("value").replace("| รองหัวหน้าคณะทำงาน", "| หัวหน้าคณะทำงาน")
    members.clear()
    members.send_keys(text)
    message = browser.find_element(By.ID, "err-members")
    WebDriverWait(browser, 30).until(lambda d: message.is_displayed() and "มีประธานได้คนเดียว" in message.text)
    assert message.text.startswith("บรรทัดที่ ๒:")


@pytest.mark.parametrize("kind, title", [("certification", "คำรับรองคุณภาพข้อมูล"), ("action_plan", "แผนปฏิบัติการ"),
                                         ("targets", "จำนวนครัวเรือนเป้าหมาย")])
def test_new_kind_example_previews(server, browser, kind, title):
    browser.get(server + f"/form/{kind}?example=1&office={OFFICE}")
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    wait_for_preview(browser, after=0)
    image = browser.find_element(By.CSS_SELECTOR, "#pages img")
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert image.size["width"] > 400
    status = browser.find_element(By.ID, "preview-status").text
    if kind == "certification":  # one certification per LAO of the district: the download holds them all
        assert status.startswith("ไฟล์ที่ดาวน์โหลดมี ๗ ฉบับ")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"web-form-{kind.replace('_', '-')}.png"))


def click(driver, element) -> None:
    """Click ``element`` scrolled to the middle, where the sticky download bar does not cover it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def test_order_committee_added_and_removed(server, browser):
    browser.get(server + f"/form/order?office={OFFICE}")
    assert not browser.find_elements(By.NAME, "members_2")
    click(browser, browser.find_element(By.ID, "add-committee"))
    members = browser.find_element(By.NAME, "members_2")
    members.send_keys("นายวิชัย สอบทาน | เจ้าพนักงานพัฒนาชุมชน | หัวหน้า")  # not a role
    message = browser.find_element(By.ID, "err-members_2")
    WebDriverWait(browser, 30).until(lambda d: message.is_displayed() and "ไม่รู้จักบทบาท" in message.text)
    assert message.text.startswith("บรรทัดที่ ๑:")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", message)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-form-order-committees.png"))
    click(browser, browser.find_element(By.CSS_SELECTOR, '.committee[data-committee="2"] .remove-committee'))
    assert not browser.find_elements(By.NAME, "members_2")
    WebDriverWait(browser, 30).until(lambda d: not browser.find_elements(By.ID, "err-members_2"))
