"""Type entries into a workbook in real LibreOffice, as a person does, and save it in another format.

Run by the system Python that has LibreOffice's ``uno`` module (``/usr/bin/python3``), not by the
project's interpreter:

    python3 tests/lo_type.py IN PROFILE_DIR JSON_ENTRIES JSON_OUTPUTS

``JSON_ENTRIES`` is a list of ``[sheet, cell, text]``; ``JSON_OUTPUTS`` a list of
``[path, filter, password]`` (password "" for none), each saved from the same typed document. Each text goes through the dispatcher command
``.uno:EnterString`` on the selected cell — the command the Calc UI runs when a user types into a
cell and presses Enter — so LibreOffice's own input recognition decides what is stored (``72.5%``
becomes the number 0.725 with a percent format; ``2026-10-08`` a date). FILTER is a LibreOffice
export filter name: ``MS Excel 97`` (.xls), ``calc8`` (.ods), ``Calc MS Excel 2007 XML`` (.xlsx).
"""

import json
import os
import shutil
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(src, profile, entries_json, outputs_json):
    entries = json.loads(entries_json)
    outputs = json.loads(outputs_json)
    pipe = f"lotype{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore", "--nologo",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        # Work on a copy beside the profile: LibreOffice leaves a lock file next to what it opens.
        work = os.path.join(profile, "typed-" + os.path.basename(src))
        os.makedirs(profile, exist_ok=True)
        shutil.copyfile(src, work)
        url = uno.systemPathToFileUrl(os.path.abspath(work))
        doc = None
        # A new profile makes LibreOffice restart itself once after the first start: connect again until a load works.
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                smgr = ctx.ServiceManager
                desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
                dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
                doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
                if doc is not None:
                    break
            except Exception:  # NoConnectException, DisposedException while it restarts
                pass
            time.sleep(0.25)
        else:
            raise SystemExit("LibreOffice did not start or could not open the file")
        frame = doc.getCurrentController().getFrame()
        for sheet, cell, text in entries:
            doc.getCurrentController().setActiveSheet(doc.Sheets.getByName(sheet))
            dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", cell),))
            dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
        for out, filt, password in outputs:
            print("saving", out, filt, bool(password), file=sys.stderr, flush=True)
            args = [prop("FilterName", filt), prop("Overwrite", True)]
            if password:
                args.append(prop("Password", password))
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)), tuple(args))
        try:
            doc.close(True)
            desktop.terminate()
        except Exception:  # the bridge may go away while the office shuts down
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main(*sys.argv[1:])
