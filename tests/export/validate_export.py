#!/usr/bin/env python3
"""Reads the ministry exports back with independent standard parsers.

usage: validate_export.py [--no-substring STR]... [--no-substrings-from FILE]
                          [--expect EXPECTATIONS.json] [--sl2014] FILE...

The files are those of services/reporting/export: the SL2014 participant
file and the indicator table (*.csv) and the indicator ADX message (*.adx or
*.xml). Only Python's standard library is used (csv, xml.etree).

A *.csv file must
  - be UTF-8 without a byte-order mark;
  - end every record with CRLF (no bare CR or LF outside quoted fields),
    the last one included;
  - parse with the csv module (RFC 4180 dialect, strict);
  - have a header row of non-empty, distinct names and at least that row;
  - give every record as many fields as the header has.

With --sl2014, a participant file (a *.csv whose first column is "ID
uczestnika") must also hold, in every record, the fields the ministry requires of the
SL2014 record (docs/DOMAIN.md): NIP (10 digits, valid check digit), the
institution's locality, building number, postcode (NN-NNN) and DEGURBA
(1, 2 or 3), the person's sex, age, education, locality, postcode,
DEGURBA and labour-market status, and a contact (phone or e-mail) for the
institution; an identified file also the person's names, a PESEL or
"Brak PESEL" = "Tak", and the four disadvantaged-situation answers ("Tak",
"Nie" or "Odmowa podania informacji"); a pseudonymised file (PESEL
"HMAC-SHA256:<64 hex>") leaves names, contacts and those answers empty.

A *.adx or *.xml file must
  - be well-formed XML (xml.etree.ElementTree);
  - have the root {urn:ihe:qrph:adx:2015}adx with an "exported" attribute
    in RFC 3339 UTC ("2018-06-01T10:00:00Z");
  - hold only <group> elements (at least one), each with non-empty orgUnit,
    period and dataSet, period as an SDMX time range
    (YYYY-MM-DD/P[nY][nM][nD]), holding only <dataValue> elements (at least
    one), each with non-empty dataElement and a decimal value;
  - not give the same data value twice (the same group and data value
    attributes but the value).

--no-substring STR (repeatable) fails a file in which STR occurs anywhere:
in its bytes or in any parsed value (a CSV field, an XML attribute value or
text), so neither CSV quoting nor XML escaping hides it. --no-substrings-from FILE reads such
strings from FILE, one per line (UTF-8, empty lines ignored; the file must
hold at least one). Used to show that no PESEL, name or contact is in a
pseudonymised export. The strings are never printed, only their position
in the list.

EXPECTATIONS.json maps a file's base name to what it must hold:
  {"participants.csv": {"rows": [["ID uczestnika", ...], [...], ...]},
   "aggregates.adx": {"dataValues": [{"orgUnit": "PL",
                                      "period": "2017-04-01/P1M",
                                      "dataSet": "JSTEDU-pilot",
                                      "dataElement": "X", "value": "3",
                                      "SEX": "K"}, ...]}}
"rows" is the whole parsed table, header included, cell by cell.
"dataValues" are the data values with their group's attributes merged in,
compared in any order, every attribute exactly. A file named there must be
among the FILEs.

Exit status 0 when every file passes, 1 with one line per problem
otherwise, 2 for a usage error.
"""

import argparse
import csv
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ElementTree

ADX_NS = "urn:ihe:qrph:adx:2015"
ADX_ROOT = "{%s}adx" % ADX_NS
ADX_GROUP = "{%s}group" % ADX_NS
ADX_DATA_VALUE = "{%s}dataValue" % ADX_NS
UTC_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\Z")
TIME_RANGE = re.compile(r"\d{4}-\d{2}-\d{2}/P(?=\d)(\d+Y)?(\d+M)?(\d+D)?\Z")
DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)\Z")
GROUP_ATTRIBUTES = ("orgUnit", "period", "dataSet")
DATA_VALUE_ATTRIBUTES = ("dataElement", "value")


def check_record_ends(raw, problems):
    """RFC 4180: CRLF after every record; quotes toggle the quoted state
    (an escaped quote is two quotes, which toggle twice)."""
    quoted = False
    previous = None
    for index, byte in enumerate(raw):
        if not quoted and previous == ord("\r") and byte != ord("\n"):
            problems.append(f"bare CR outside quotes at byte {index - 1}")
            return
        if byte == ord('"'):
            quoted = not quoted
        elif not quoted and byte == ord("\n") and previous != ord("\r"):
            problems.append(f"bare LF outside quotes at byte {index}")
            return
        previous = byte
    if quoted:
        problems.append("a quoted field is not closed")
    elif not raw.endswith(b"\r\n"):
        problems.append("the last record does not end with CRLF")


def check_csv(raw, problems):
    """Returns the parsed table (list of rows) or None."""
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a UTF-8 byte-order mark")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(f"not UTF-8: {error}")
        return None
    check_record_ends(raw, problems)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        problems.append(f"csv module: {error}")
        return None
    if not rows:
        problems.append("no header row")
        return None
    header = rows[0]
    if any(name == "" for name in header):
        problems.append("the header has an empty column name")
    seen = set()
    for name in header:
        if name in seen:
            problems.append(f"the header names {name!r} twice")
        seen.add(name)
    for number, row in enumerate(rows[1:], start=1):
        if len(row) != len(header):
            problems.append(f"record {number} has {len(row)} fields, "
                            f"the header {len(header)}")
    return rows


PARTICIPANT_ID = "ID uczestnika"
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
POSTCODE = re.compile(r"\d{2}-\d{3}\Z")
PSEUDONYM = re.compile(r"HMAC-SHA256:[0-9a-f]{64}\Z")
ANSWERS = ("Tak", "Nie", "Odmowa podania informacji")
SITUATION_COLUMNS = (
    "Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba "
    "obcego pochodzenia",
    "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
    "Osoba z niepełnosprawnościami",
    "Osoba w innej niekorzystnej sytuacji społecznej")
REQUIRED_COLUMNS = (
    "Instytucja: Miejscowość", "Nr budynku", "Płeć",
    "Wiek w chwili przystąpienia do projektu", "Wykształcenie",
    "Miejscowość",
    "Status osoby na rynku pracy w chwili przystąpienia do projektu")
PERSONAL_COLUMNS = ("Imię", "Nazwisko", "Telefon kontaktowy",
                    "Adres e-mail")


def valid_nip(text):
    if not re.fullmatch(r"\d{10}", text):
        return False
    check = sum(w * int(d) for w, d in zip(NIP_WEIGHTS, text)) % 11
    return check != 10 and check == int(text[9])


def check_participant_record(number, record, problems):
    """The SL2014 rules of one record (a dict column -> value)."""
    def bad(column, why):
        problems.append(f"record {number}, {column!r}: {why}")

    if not valid_nip(record.get("NIP", "")):
        bad("NIP", "not 10 digits with a valid check digit")
    for column in ("Instytucja: Kod pocztowy", "Kod pocztowy"):
        if not POSTCODE.match(record.get(column, "")):
            bad(column, "not a postcode NN-NNN")
    for column in ("Instytucja: Obszar wg stopnia urbanizacji (DEGURBA)",
                   "Obszar wg stopnia urbanizacji (DEGURBA)"):
        if record.get(column, "") not in ("1", "2", "3"):
            bad(column, "not a DEGURBA class 1, 2 or 3")
    for column in REQUIRED_COLUMNS:
        if not record.get(column, ""):
            bad(column, "empty")
    if not (record.get("Instytucja: Telefon kontaktowy", "")
            or record.get("Instytucja: Adres e-mail", "")):
        bad("Instytucja: Telefon kontaktowy", "no institution contact")
    pseudonymised = bool(PSEUDONYM.match(record.get("PESEL", "")))
    if pseudonymised:
        for column in PERSONAL_COLUMNS + SITUATION_COLUMNS:
            if record.get(column, ""):
                bad(column, "not empty in a pseudonymised file")
        return
    for column in ("Imię", "Nazwisko"):
        if not record.get(column, ""):
            bad(column, "empty")
    pesel = record.get("PESEL", "")
    if not (re.fullmatch(r"\d{11}", pesel)
            or (pesel == "" and record.get("Brak PESEL") == "Tak")):
        bad("PESEL", "neither 11 digits nor \"Brak PESEL\" = \"Tak\"")
    for column in SITUATION_COLUMNS:
        if record.get(column, "") not in ANSWERS:
            bad(column, "not Tak, Nie or Odmowa podania informacji")


def check_participant_file(rows, problems):
    header = rows[0]
    for number, row in enumerate(rows[1:], start=1):
        if len(row) == len(header):
            check_participant_record(number, dict(zip(header, row)),
                                     problems)


def adx_text_values(root):
    for element in root.iter():
        yield from element.attrib.values()
        if element.text:
            yield element.text
        if element.tail:
            yield element.tail


def check_adx(raw, problems):
    """Returns (root, merged data values) or (None, None)."""
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        problems.append(f"not well-formed XML: {error}")
        return None, None
    if root.tag != ADX_ROOT:
        problems.append(f"root is {root.tag}, not {ADX_ROOT}")
        return root, None
    if not UTC_TIMESTAMP.match(root.get("exported", "")):
        problems.append("adx/@exported is not an RFC 3339 UTC timestamp")
    groups = list(root)
    if not groups:
        problems.append("no group")
    merged = []
    seen = set()
    for group_number, group in enumerate(groups, start=1):
        where = f"group {group_number}"
        if group.tag != ADX_GROUP:
            problems.append(f"{where} is {group.tag}, not {ADX_GROUP}")
            continue
        for name in GROUP_ATTRIBUTES:
            if not group.get(name):
                problems.append(f"{where} has no {name}")
        if group.get("period") and not TIME_RANGE.match(group.get("period")):
            problems.append(f"{where}: period is not YYYY-MM-DD/P[nY][nM][nD]")
        values = list(group)
        if not values:
            problems.append(f"{where} has no dataValue")
        for value_number, value in enumerate(values, start=1):
            here = f"{where}, dataValue {value_number}"
            if value.tag != ADX_DATA_VALUE:
                problems.append(f"{here} is {value.tag}, not {ADX_DATA_VALUE}")
                continue
            for name in DATA_VALUE_ATTRIBUTES:
                if not value.get(name):
                    problems.append(f"{here} has no {name}")
            if value.get("value") and not DECIMAL.match(value.get("value")):
                problems.append(f"{here}: value is not a decimal")
            attributes = dict(group.attrib)
            attributes.update(value.attrib)
            merged.append(attributes)
            identity = tuple(sorted((k, v) for k, v in attributes.items()
                                    if k != "value"))
            if identity in seen:
                problems.append(f"{here} repeats an earlier data value")
            seen.add(identity)
    return root, merged


def check_forbidden(raw, texts, forbidden, problems):
    """`texts` are the parsed values (CSV fields, XML attribute values and
    text), where quoting or escaping no longer hides a string."""
    for number, needle in enumerate(forbidden, start=1):
        offset = raw.find(needle.encode("utf-8"))
        if offset >= 0:
            problems.append(f"forbidden string #{number} occurs at byte "
                            f"{offset}")
        elif any(needle in text for text in texts):
            problems.append(f"forbidden string #{number} occurs in a parsed "
                            "value")


def canonical(attributes):
    return json.dumps(attributes, sort_keys=True, ensure_ascii=False)


def check_expectations(expected, rows, data_values, problems):
    if "rows" in expected:
        if rows is None:
            problems.append("expected rows, but the table was not read")
        elif rows != expected["rows"]:
            if len(rows) != len(expected["rows"]):
                problems.append(f"{len(rows)} records, expected "
                                f"{len(expected['rows'])}")
            for number, (got, want) in enumerate(zip(rows, expected["rows"])):
                for column, (cell, wanted) in enumerate(zip(got, want)):
                    if cell != wanted:
                        problems.append(f"record {number}, field "
                                        f"{column + 1}: {cell!r}, expected "
                                        f"{wanted!r}")
                if len(got) != len(want):
                    problems.append(f"record {number}: {len(got)} fields, "
                                    f"expected {len(want)}")
    if "dataValues" in expected:
        if data_values is None:
            problems.append("expected data values, but the ADX was not read")
            return
        got = sorted(canonical(value) for value in data_values)
        want = sorted(canonical(value) for value in expected["dataValues"])
        for missing in sorted(set(want) - set(got)):
            problems.append(f"missing data value {missing}")
        for extra in sorted(set(got) - set(want)):
            problems.append(f"unexpected data value {extra}")
        if not set(got) ^ set(want) and got != want:
            problems.append("data values occur a different number of times "
                            "than expected")


def read_forbidden_file(path):
    with open(path, encoding="utf-8") as file:
        strings = [line.rstrip("\r\n") for line in file]
    return [s for s in strings if s]


def main():
    parser = argparse.ArgumentParser(
        description="Validate ministry exports (CSV, ADX).")
    parser.add_argument("--no-substring", action="append", default=[],
                        metavar="STR")
    parser.add_argument("--no-substrings-from", metavar="FILE")
    parser.add_argument("--expect", metavar="EXPECTATIONS.json")
    parser.add_argument("--sl2014", action="store_true",
                        help="check participant records against the "
                             "SL2014 rules")
    parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args()

    forbidden = list(args.no_substring)
    if any(not needle for needle in forbidden):
        parser.error("--no-substring needs a non-empty string")
    if args.no_substrings_from:
        from_file = read_forbidden_file(args.no_substrings_from)
        if not from_file:
            parser.error(f"{args.no_substrings_from} holds no string")
        forbidden.extend(from_file)
    expectations = {}
    if args.expect:
        with open(args.expect, encoding="utf-8") as file:
            expectations = json.load(file)
    names = {os.path.basename(path) for path in args.files}
    for name in expectations:
        if name not in names:
            parser.error(f"{args.expect} names {name}, which is not given")

    failed = False
    for path in args.files:
        extension = os.path.splitext(path)[1].lower()
        if extension not in (".csv", ".adx", ".xml"):
            parser.error(f"{path}: expected a .csv, .adx or .xml file")
        with open(path, "rb") as file:
            raw = file.read()
        problems = []
        rows = data_values = None
        texts = []
        if extension == ".csv":
            rows = check_csv(raw, problems)
            texts = [cell for row in rows or [] for cell in row]
            if args.sl2014 and rows and rows[0] and rows[0][0] == PARTICIPANT_ID:
                check_participant_file(rows, problems)
        else:
            root, data_values = check_adx(raw, problems)
            texts = list(adx_text_values(root)) if root is not None else []
        check_forbidden(raw, texts, forbidden, problems)
        expected = expectations.get(os.path.basename(path))
        if expected is not None:
            check_expectations(expected, rows, data_values, problems)
        for problem in problems:
            print(f"{path}: {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
