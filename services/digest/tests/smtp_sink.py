#!/usr/bin/python3
"""A real SMTP server on loopback for the digest tests (Debian's python3-aiosmtpd).

Each accepted message is written to OUT_DIR/NNN.eml (atomically) with its
envelope in OUT_DIR/NNN.envelope ("from: ..." then "to: ..." lines, and
"login: ..." when the client authenticated). Once listening it writes
"port: N" to --ready-file. --fail-data CODE_AND_TEXT (repeatable) answers the
next DATA commands with those replies instead of accepting them. --auth
USER:PASSWORD requires authentication (allowed without TLS, loopback only).
Stops on SIGTERM.
"""
import argparse
import os
import signal
import socket
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, out_dir, failures):
        self.out_dir = out_dir
        self.failures = list(failures)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.failures:
            return self.failures.pop(0)
        self.count += 1
        stem = os.path.join(self.out_dir, "%03d" % self.count)
        with open(stem + ".envelope", "w") as f:
            f.write("from: %s\n" % envelope.mail_from)
            for rcpt in envelope.rcpt_tos:
                f.write("to: %s\n" % rcpt)
            if session.authenticated and session.auth_data is not None:
                f.write("login: %s\n" % session.auth_data.login.decode())
        with open(stem + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(stem + ".tmp", stem + ".eml")
        return "250 2.0.0 stored as %03d" % self.count


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fail-data", action="append", default=[])
    parser.add_argument("--auth", default="")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    port = args.port or free_port()
    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
    controller = Controller(Sink(args.out_dir, args.fail_data), hostname="127.0.0.1", port=port,
                            server_kwargs=kwargs)
    controller.start()
    with open(args.ready_file + ".tmp", "w") as f:
        f.write("port: %d\n" % port)
    os.rename(args.ready_file + ".tmp", args.ready_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
