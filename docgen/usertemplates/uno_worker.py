"""A long-lived LibreOffice converter: one headless soffice, driven over UNO.

Run by :mod:`docgen.usertemplates.convert` under a Python that has ``uno``
(Debian's python3-uno is for /usr/bin/python3), it imports nothing from
docgen.  It starts soffice with its own profile and a private pipe, then reads
one JSON request a line on stdin (``{"in": "a.docx", "out": "a.pdf"}``) and
answers one JSON line on stdout (``{"ok": true}`` or ``{"error": "..."}``).
Usage: ``python3 uno_worker.py PROFILE_DIR``.
"""

import json
import os
import subprocess
import sys
import time
import uuid


def main(profile: str) -> None:
    import uno
    from com.sun.star.beans import PropertyValue

    pipe = f"docgen-{uuid.uuid4().hex}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.monotonic() > deadline or office.poll() is not None:
                print(json.dumps({"error": "LibreOffice did not start"}), flush=True)
                return
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    print(json.dumps({"ready": True, "pid": office.pid}), flush=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                document = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(os.path.abspath(request["in"])), "_blank", 0,
                    (prop("Hidden", True), prop("ReadOnly", True), prop("MacroExecutionMode", 0),
                     prop("UpdateDocMode", 0)))
                try:
                    document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(request["out"])),
                                        (prop("FilterName", "writer_pdf_Export"),))
                finally:
                    document.close(True)
                answer = {"ok": True}
            except Exception as error:  # the request fails, the worker stays
                answer = {"error": f"{type(error).__name__}: {error}"}
            print(json.dumps(answer), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1])
