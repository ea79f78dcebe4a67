#!/usr/bin/python3
"""A local SMTP relay that keeps what it receives (issue 23).

`tools/dev up` and `tools/dev test` run it in place of the programme's
relay: SMTP on a loopback port, STARTTLS required before anything else,
AUTH PLAIN/LOGIN required (after STARTTLS) with one user and password.
Each accepted message is written to DIR as <n>.eml (the bytes as
received) with <n>.json beside it (envelope sender, recipients, the time
received): the tests read them back with Python's email parser.

Refusals on demand, so the sender's handling of each can be tested against
a real server, by the local part's start:
  recipient "bounce"      550 5.1.1 to RCPT (the mailbox does not exist)
  recipient "tempfail"    450 4.2.0 to RCPT (the mailbox is busy)
  recipient "policy"      554 5.7.1 to RCPT (relay access denied: policy)
  recipient "reject-data" 554 5.6.0 to the message (a content filter)
  recipient "defer-data"  451 4.2.0 to the message
  sender "blocked"        553 5.7.1 to MAIL FROM (not allowed to send as)

Debian's python3-aiosmtpd; run with Debian's interpreter (/usr/bin/python3).
"""

import argparse
import asyncio
import datetime
import json
import os
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Keeper:
    """Writes each message to the directory, numbered in arrival order."""

    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        existing = [int(name[:-4]) for name in os.listdir(directory)
                    if name.endswith(".eml") and name[:-4].isdigit()]
        self.count = max(existing, default=0)

    async def handle_MAIL(self, server, session, envelope, address,
                          mail_options):
        if address.split("@", 1)[0].lower().startswith("blocked"):
            return "553 5.7.1 <%s>: sender not allowed" % address
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if local.startswith("tempfail"):
            return "450 4.2.0 <%s>: mailbox busy, try again later" % address
        if local.startswith("policy"):
            return "554 5.7.1 <%s>: Relay access denied" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        locals_ = [a.split("@", 1)[0].lower() for a in envelope.rcpt_tos]
        if any(x.startswith("reject-data") for x in locals_):
            return "554 5.6.0 message content rejected"
        if any(x.startswith("defer-data") for x in locals_):
            return "451 4.2.0 message deferred, try again later"
        self.count += 1
        stem = os.path.join(self.directory, str(self.count))
        # Each file appears whole or not at all, the .eml first: a reader
        # that finds the .json finds its message.
        with open(stem + ".eml.tmp", "wb") as out:
            out.write(envelope.original_content)
        os.rename(stem + ".eml.tmp", stem + ".eml")
        with open(stem + ".json.tmp", "w", encoding="utf-8") as out:
            json.dump({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "received_at": datetime.datetime.now(
                    datetime.timezone.utc).isoformat(),
            }, out)
        os.rename(stem + ".json.tmp", stem + ".json")
        return "250 2.0.0 Ok: queued as %d" % self.count


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        # handled=False: aiosmtpd answers 535 itself on a wrong password.
        return AuthResult(success=ok, handled=False)
    return check


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True, help="where messages go")
    parser.add_argument("--cert", required=True, help="server certificate")
    parser.add_argument("--key", required=True, help="its private key")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password-file", required=True)
    args = parser.parse_args()
    with open(args.password_file, encoding="utf-8") as f:
        password = f.read().strip()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    controller = Controller(
        Keeper(args.dir), hostname="127.0.0.1", port=args.port,
        tls_context=context, require_starttls=True,
        authenticator=authenticator(args.user, password),
        auth_required=True, auth_require_tls=True)
    controller.start()
    print("smtp sink on 127.0.0.1:%d, messages in %s" % (args.port, args.dir),
          flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
