#!/usr/bin/python3
"""Reads e-mails back with Python's email parser (strict policy) and checks
each against what it must read as (issue 23: "messages validate as RFC 5322
with Python's email parser").

    validate_mail.py EXPECTATIONS.json

EXPECTATIONS is a JSON list of {"file", "subject", "body", "to", "from_name",
"message_id", "date" (ISO 8601 with offset), "language"}; "body" is the text
with "\\n" line ends. Each file must parse without a defect, have CRLF line
ends and lines of at most 78 characters, and decode to exactly those
values. Exits 1 naming every difference.
"""

import email
import email.policy
import email.utils
import json
import sys


def check(expected):
    problems = []
    with open(expected["file"], "rb") as f:
        data = f.read()
    name = expected["file"]
    for number, line in enumerate(data.split(b"\r\n"), 1):
        if b"\n" in line or b"\r" in line:
            problems.append("%s:%d: a bare line end" % (name, number))
        if len(line) > 78:
            problems.append("%s:%d: %d characters" % (name, number, len(line)))
    try:
        msg = email.message_from_bytes(data, policy=email.policy.strict)
    except Exception as e:  # strict raises on any defect
        return problems + ["%s: does not parse: %s" % (name, e)]
    if msg.defects:
        problems.append("%s: defects %s" % (name, msg.defects))
    for header in ("From", "To", "Subject", "Date", "Message-ID"):
        if len(msg.get_all(header, [])) != 1:
            problems.append("%s: %s appears %d times"
                            % (name, header, len(msg.get_all(header, []))))
    got = {
        "subject": str(msg["Subject"]),
        "to": msg["To"].addresses[0].addr_spec,
        "from_name": msg["From"].addresses[0].display_name,
        "message_id": str(msg["Message-ID"]),
        "date": email.utils.parsedate_to_datetime(
            str(msg["Date"])).isoformat(),
        "language": str(msg["Content-Language"]),
        "body": msg.get_content().replace("\r\n", "\n").rstrip("\n"),
    }
    for key, value in got.items():
        if value != expected[key]:
            problems.append("%s: %s is %r, expected %r"
                            % (name, key, value, expected[key]))
    if msg.get_content_type() != "text/plain":
        problems.append("%s: %s" % (name, msg.get_content_type()))
    return problems


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        expectations = json.load(f)
    if not expectations:
        print("no messages to check")
        return 1
    problems = [p for e in expectations for p in check(e)]
    for p in problems:
        print(p)
    print("%d messages, %d problems" % (len(expectations), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
