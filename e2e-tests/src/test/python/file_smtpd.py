"""The issue's reference peer for bin/bench e2e (-Dbench.peer=python): Python's smtpd writing each mail to a file.

A plain smtpd.SMTPServer (asyncore, one thread, as in the issue's measurement) whose process_message writes the
mail's bytes to a file of its own and answers 250; no recipient check, no parse. Without fsync by default, as
FileSmtpServer; "fsync" as third argument syncs each file before the 250. Loopback only.

Usage: python3 file_smtpd.py PORT DIR [fsync]   (prints "listening PORT" once it accepts connections)
smtpd and asyncore are deprecated and gone from Python 3.12; this runs on 3.11 and older.
"""
import itertools
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # before the imports that warn
import asyncore  # noqa: E402
import smtpd  # noqa: E402


class FileSmtpServer(smtpd.SMTPServer):
    def __init__(self, port, directory, fsync):
        # 0: no size limit in smtpd itself; decode_data=False: the mail's bytes as received (dot-stuffing undone)
        super().__init__(("127.0.0.1", port), None, data_size_limit=0, decode_data=False)
        self.directory = directory
        self.fsync = fsync
        self.sequence = itertools.count(1)

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        path = os.path.join(self.directory, "%d-%d.eml" % (os.getpid(), next(self.sequence)))
        with open(path, "xb") as out:
            out.write(data)
            if self.fsync:
                out.flush()
                os.fsync(out.fileno())
        return None  # smtpd answers "250 OK"


def main():
    port = int(sys.argv[1])
    directory = sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    server = FileSmtpServer(port, directory, len(sys.argv) > 3 and sys.argv[3] == "fsync")
    print("listening %d" % server.socket.getsockname()[1], flush=True)
    asyncore.loop(timeout=1)


if __name__ == "__main__":
    main()
