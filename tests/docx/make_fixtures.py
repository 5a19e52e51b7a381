#!/usr/bin/env python3
"""Makes the Word documents tests/docx.rs reads, with real Word writers.

    python3 tests/docx/make_fixtures.py OUT_DIR [python-docx|libreoffice|legacy|encrypted|all]

- report.docx (python-docx): a title, Word heading styles, a placeholder `XX`
  in a bold run, `征集` + `征集` in two runs with different formatting, an
  inline series `一是…三是…`, and a table cell holding `制定《工作要点`.
- libreoffice.docx (LibreOffice, converted from libreoffice.fodt beside this
  script): automatic Chinese list numbering followed by a typed heading that
  skips a number, a footnote, a text box and a tracked deletion.
- legacy.doc (LibreOffice, "MS Word 97"): the same document as a legacy
  binary Word file, which report-lsp must refuse with advice.
- encrypted.docx (msoffcrypto-tool, `pip install msoffcrypto-tool`):
  libreoffice.docx with the password "report-lsp", as Word encrypts it (an
  OLE compound file holding an EncryptedPackage stream).

The committed copies in tests/fixtures/docx/ were made with this script;
tests/docx.rs also runs it into a temporary directory when the writer is
installed, so a change in python-docx or LibreOffice is noticed.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def report(path):
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    # Fixed metadata: the same input makes the same document.
    doc.core_properties.author = "report-lsp tests"
    doc.add_heading("2024年度党支部工作总结", level=0)
    doc.add_heading("一、基本情况", level=1)

    p = doc.add_paragraph("召开")
    p.add_run("XX").bold = True
    p.add_run("工作会议，部署全年重点任务。")

    p = doc.add_paragraph("面向全体党员")
    first = p.add_run("征集")
    first.bold = True
    second = p.add_run("征集")
    second.italic = True
    second.font.size = Pt(14)
    p.add_run("廉政寄语三十余条。")

    doc.add_paragraph("一是加强理论学习。三是严格日常考核。")

    doc.add_heading("二、下一步打算", level=1)
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "制定《工作要点"
    table.cell(0, 1).text = "明确责任分工。"
    doc.add_paragraph("特此报告。")
    doc.save(path)


def libreoffice(path, to="docx:MS Word 2007 XML"):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found")
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "profile")
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                tmp,
                os.path.join(HERE, "libreoffice.fodt"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=300,
        )
        extension = to.split(":")[0]
        shutil.move(os.path.join(tmp, f"libreoffice.{extension}"), path)


def encrypted(path):
    import msoffcrypto.format.ooxml

    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.docx")
        libreoffice(plain)
        with open(plain, "rb") as i, open(path, "wb") as o:
            msoffcrypto.format.ooxml.OOXMLFile(i).encrypt("report-lsp", o)


def main():
    out = sys.argv[1]
    which = sys.argv[2] if len(sys.argv) > 2 else "all"
    os.makedirs(out, exist_ok=True)
    if which in ("python-docx", "all"):
        report(os.path.join(out, "report.docx"))
    if which in ("libreoffice", "all"):
        libreoffice(os.path.join(out, "libreoffice.docx"))
    if which in ("legacy", "all"):
        libreoffice(os.path.join(out, "legacy.doc"), "doc:MS Word 97")
    if which in ("encrypted", "all"):
        encrypted(os.path.join(out, "encrypted.docx"))


if __name__ == "__main__":
    main()
