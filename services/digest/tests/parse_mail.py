#!/usr/bin/python3
"""Parses one .eml with Python's email package and prints what a mail client
would see, one fact per line, for the digest tests to compare:
  structure: multipart/mixed[multipart/alternative[text/plain,...],...]
  subject: <decoded>   message-id: <id>   from: ...   to: ...
  text: <the plain-text part, escaped as one line>
  html-cids: <cid:... references in the HTML, sorted>
  image: cid=<id> filename=<name> png=<yes|no> sha256=<hex>
  attachment: filename=<name> type=<type> sha256=<hex>
  max-line: <longest raw line, in bytes, without CRLF>
With a second argument DIR, each attachment is also written to DIR/<filename>.
"""
import email
import email.policy
import hashlib
import re
import sys


def structure(part):
    if part.is_multipart():
        return "%s[%s]" % (part.get_content_type(), ",".join(structure(p) for p in part.iter_parts()))
    return part.get_content_type()


def main():
    raw = open(sys.argv[1], "rb").read()
    extract_dir = sys.argv[2] if len(sys.argv) > 2 else None
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    print("structure:", structure(msg))
    print("subject:", msg["subject"])
    print("message-id:", msg["message-id"])
    print("from:", msg["from"])
    print("to:", msg["to"])
    html_refs = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = part.get_content_disposition()
        if ctype == "text/plain" and disposition is None:
            print("text:", part.get_content().replace("\r\n", "\n").encode("unicode_escape").decode("ascii"))
        elif ctype == "text/html":
            html_refs = sorted(set(re.findall(r'src="cid:([^"]+)"', part.get_content())))
        elif ctype == "image/png":
            data = part.get_payload(decode=True)
            print("image: cid=%s filename=%s png=%s sha256=%s" % (
                part["content-id"].strip("<>"), part.get_filename(),
                "yes" if data.startswith(b"\x89PNG\r\n\x1a\n") else "no", hashlib.sha256(data).hexdigest()))
        elif disposition == "attachment":
            data = part.get_payload(decode=True)
            if extract_dir:
                with open("%s/%s" % (extract_dir, part.get_filename()), "wb") as f:
                    f.write(data)
            print("attachment: filename=%s type=%s sha256=%s" % (
                part.get_filename(), ctype, hashlib.sha256(data).hexdigest()))
    print("html-cids:", ",".join(html_refs))
    print("max-line:", max(len(line) for line in raw.split(b"\r\n")))
    print("defects:", sum(len(p.defects) for p in msg.walk()))


if __name__ == "__main__":
    main()
