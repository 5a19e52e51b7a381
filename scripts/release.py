#!/usr/bin/env python3
"""Builds the release artifacts of report-lsp for one target, as the release workflow
(.github/workflows/release.yml) does on each of its runners and .ci/run does here for
linux-x64:

    scripts/release.py TARGET [--builder cargo|zigbuild] [--binary PATH] [--out DIR] [--no-vsix]

writes into DIR (default dist/):

    report-lsp-TARGET.tar.gz (.zip for Windows)   the binary, README.md, LICENSE,
        + .sha256                                 LICENSE-jieba, THIRD-PARTY-LICENSES.txt
                                                  and the Neovim runtime files (nvim/)
    report-lsp-PLATFORM.vsix + .sha256            the VS Code extension with the binary
                                                  inside (PLATFORM: linux-x64, …)

--builder zigbuild links Linux binaries against glibc 2.17 with cargo-zigbuild, so that
they run on old distributions too; cargo builds with the machine's own toolchain.
--binary packages a binary built elsewhere instead of building one.

Asset names carry no version, so that .../releases/latest/download/NAME stays valid;
the archive's top directory and `report-lsp --version` carry it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# glibc of the oldest distributions still in use (CentOS 7, Debian 8); Rust's own floor.
ZIGBUILD_GLIBC = "2.17"
LICENSE_FILE = re.compile(r"^(licen[cs]e|copying|notice|unlicense)", re.IGNORECASE)


def fail(message: str) -> None:
    print(f"release.py: {message}", file=sys.stderr)
    sys.exit(1)


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("+ " + " ".join(args), flush=True)
    return subprocess.run(args, check=True, **kwargs)


def output(args: list[str], **kwargs) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs).stdout


def versions() -> str:
    """The version, which Cargo.toml and the extension's package.json must agree on."""
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))["package"]["version"]
    extension = json.loads((ROOT / "editors/vscode/package.json").read_text(encoding="utf-8"))["version"]
    if cargo != extension:
        fail(f"Cargo.toml says version {cargo}, editors/vscode/package.json says {extension}: make them agree")
    return cargo


def host_target() -> str:
    found = re.search(r"^host: (\S+)$", output(["rustc", "-vV"]), re.MULTILINE)
    if not found:
        fail("`rustc -vV` did not name the host target")
    return found.group(1)


def build(target: str, builder: str) -> Path:
    exe = "report-lsp.exe" if "windows" in target else "report-lsp"
    if builder == "zigbuild":
        spec = f"{target}.{ZIGBUILD_GLIBC}" if target.endswith("-linux-gnu") else target
        run(["cargo", "zigbuild", "--release", "--locked", "--target", spec], cwd=ROOT)
        return ROOT / "target" / target / "release" / exe
    # The host's own target builds into target/release, which `cargo build --release`
    # (CI, the editor tests) shares: no second build of the same thing.
    if target == host_target():
        run(["cargo", "build", "--release", "--locked"], cwd=ROOT)
        return ROOT / "target" / "release" / exe
    run(["cargo", "build", "--release", "--locked", "--target", target], cwd=ROOT)
    return ROOT / "target" / target / "release" / exe


def third_party_licenses(target: str, version: str) -> str:
    """The licence texts of every crate compiled into the binary for `target`
    (normal dependencies, not build or dev ones): MIT and Apache-2.0 ask for their
    notice to accompany binary copies."""
    meta = json.loads(
        output(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target],
            cwd=ROOT,
        )
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]
    seen, todo = set(), [root]
    while todo:
        node = nodes[todo.pop()]
        for dep in node["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                todo.append(dep["pkg"])
    crates = sorted((packages[i] for i in seen), key=lambda p: (p["name"], p["version"]))

    out = io.StringIO()
    out.write(f"Third-party software in report-lsp {version} ({target})\n\n")
    out.write(
        f"The report-lsp binary contains {len(crates)} Rust crates, listed below with their licences\n"
        "and the licence texts each crate ships, and jieba's dictionary (LICENSE-jieba).\n"
    )
    printed: dict[str, str] = {}
    for p in crates:
        out.write(f"\n{'=' * 78}\n{p['name']} {p['version']}\n")
        out.write(f"Licence: {p.get('license') or 'see the licence file'}\n")
        if p.get("repository"):
            out.write(f"Source: {p['repository']}\n")
        crate_dir = Path(p["manifest_path"]).parent
        files = sorted(f for f in crate_dir.iterdir() if f.is_file() and LICENSE_FILE.match(f.name))
        if p.get("license_file"):
            extra = crate_dir / p["license_file"]
            if extra.is_file() and extra not in files:
                files.append(extra)
        if not files:
            out.write("(The crate ships no licence file.)\n")
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace").strip()
            key = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
            if key in printed:
                out.write(f"\n--- {f.name}: the same text as {printed[key]} above.\n")
                continue
            printed[key] = f"{p['name']} {p['version']} {f.name}"
            out.write(f"\n--- {f.name}\n\n{text}\n")
    return out.getvalue()


def archive_mtime() -> int:
    """Files in the archives carry the commit's time, not the build's."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        return int(output(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"]).strip())
    except (subprocess.CalledProcessError, FileNotFoundError, ValueError):
        return 0


def write_archive(stage: Path, dest: Path, mtime: int) -> None:
    files = sorted(p for p in stage.rglob("*") if p.is_file())
    top = stage.name
    if dest.suffix == ".zip":
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
            for f in files:
                info = zipfile.ZipInfo(f"{top}/{f.relative_to(stage).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = (stat.S_IFREG | mode_of(f)) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, f.read_bytes())
        return
    with open(dest, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=mtime, filename="") as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            dirs = sorted({d for f in files for d in f.relative_to(stage).parents if str(d) != "."})
            for d in [Path(".")] + dirs:
                info = tarfile.TarInfo(top if str(d) == "." else f"{top}/{d.as_posix()}")
                info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, mtime
                tar.addfile(info)
            for f in files:
                info = tarfile.TarInfo(f"{top}/{f.relative_to(stage).as_posix()}")
                info.size, info.mode, info.mtime = f.stat().st_size, mode_of(f), mtime
                with open(f, "rb") as fh:
                    tar.addfile(info, fh)


def mode_of(f: Path) -> int:
    return 0o755 if f.name in ("report-lsp", "report-lsp.exe") else 0o644


def write_checksum(path: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sums = path.with_name(path.name + ".sha256")
    # The format `sha256sum -c` and `shasum -a 256 -c` read.
    sums.write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    return sums


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", help="Rust target triple, e.g. x86_64-unknown-linux-gnu")
    parser.add_argument("--builder", choices=["cargo", "zigbuild"], default="cargo")
    parser.add_argument("--binary", type=Path, help="package this binary instead of building one")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--no-vsix", action="store_true", help="only the archive")
    args = parser.parse_args()

    version = versions()
    target = args.target
    windows = "windows" in target
    binary = args.binary.resolve() if args.binary else build(target, args.builder)
    if not binary.is_file():
        fail(f"no binary at {binary}")
    if target == host_target():
        line = output([str(binary), "--version"]).strip()
        if not line.startswith(f"report-lsp {version} ("):
            fail(f"{binary} --version says {line!r}, not version {version}")
        print(line)

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    name = f"report-lsp-{target}"
    stage = out / name
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "nvim/lsp").mkdir(parents=True)
    (stage / "nvim/lua/report_lsp").mkdir(parents=True)
    (stage / "nvim/plugin").mkdir(parents=True)
    exe = "report-lsp.exe" if windows else "report-lsp"
    shutil.copyfile(binary, stage / exe)
    os.chmod(stage / exe, 0o755)
    shutil.copyfile(ROOT / "README.md", stage / "README.md")
    shutil.copyfile(ROOT / "LICENSE", stage / "LICENSE")
    # The binary embeds jieba's dictionary; its MIT notice must travel with it.
    shutil.copyfile(ROOT / "data/jieba/LICENSE", stage / "LICENSE-jieba")
    (stage / "THIRD-PARTY-LICENSES.txt").write_text(third_party_licenses(target, version), encoding="utf-8")
    nvim = ROOT / "editors/nvim"
    shutil.copyfile(nvim / "README.md", stage / "nvim/README.md")
    shutil.copyfile(nvim / "lsp/report_lsp.lua", stage / "nvim/lsp/report_lsp.lua")
    for rel in ("lua/report_lsp/init.lua", "lua/report_lsp/health.lua", "plugin/report_lsp.lua"):
        shutil.copyfile(nvim / rel, stage / "nvim" / rel)

    archive = out / (name + (".zip" if windows else ".tar.gz"))
    write_archive(stage, archive, archive_mtime())
    written = [archive, write_checksum(archive)]

    if not args.no_vsix:
        bundle = str(ROOT / "editors/vscode/scripts/package-bundled.mjs")
        platform = output(["node", bundle, "--target", target, "--print-platform"]).strip()
        vsix = out / f"report-lsp-{platform}.vsix"
        run(
            [
                "node",
                bundle,
                "--target",
                target,
                "--binary",
                str(binary),
                "--out",
                str(vsix),
                "--notice",
                str(stage / "THIRD-PARTY-LICENSES.txt"),
            ],
            cwd=ROOT / "editors/vscode",
        )
        written += [vsix, write_checksum(vsix)]
    shutil.rmtree(stage)

    print(f"\n{archive.name}:")
    if windows:
        with zipfile.ZipFile(archive) as z:
            for i in z.infolist():
                print(f"  {i.file_size:>10}  {i.filename}")
    else:
        with tarfile.open(archive) as t:
            for m in t.getmembers():
                print(f"  {stat.filemode(m.mode | (stat.S_IFDIR if m.isdir() else stat.S_IFREG))} {m.size:>10}  {m.name}")
    print("\nwrote:")
    for p in written:
        print(f"  {p.relative_to(out.parent) if out.parent in p.parents else p}  ({p.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
