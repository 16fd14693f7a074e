#!/usr/bin/python3
"""A real SMTP server on loopback for the digest tests (Debian's python3-aiosmtpd).

Each accepted message is written to OUT_DIR/NNN.eml (atomically) with its
envelope in OUT_DIR/NNN.envelope ("from: ..." then "to: ..." lines, and
"login: ..." when the client authenticated). Once listening it writes
"port: N" to --ready-file. --fail-data CODE_AND_TEXT (repeatable) answers the
next DATA commands with those replies instead of accepting them. --auth
USER:PASSWORD requires authentication. --tls starttls|implicit serves TLS
with a self-signed certificate for 127.0.0.1 made by openssl in --cert-dir
(cert.pem is the CA a client must trust); starttls also refuses mail before
STARTTLS. Stops on SIGTERM.
"""
import argparse
import os
import signal
import socket
import ssl
import subprocess
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


def tls_context(cert_dir):
    cert = os.path.join(cert_dir, "cert.pem")
    key = os.path.join(cert_dir, "key.pem")
    if not os.path.exists(cert):
        os.makedirs(cert_dir, exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fail-data", action="append", default=[])
    parser.add_argument("--auth", default="")
    parser.add_argument("--tls", choices=["starttls", "implicit"])
    parser.add_argument("--cert-dir")
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

        kwargs = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": bool(args.tls)}
    extra = {}
    if args.tls == "starttls":
        kwargs.update({"tls_context": tls_context(args.cert_dir), "require_starttls": True})
    elif args.tls == "implicit":
        extra = {"ssl_context": tls_context(args.cert_dir)}
    controller = Controller(Sink(args.out_dir, args.fail_data), hostname="127.0.0.1", port=port,
                            **extra, **kwargs)
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
