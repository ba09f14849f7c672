# SPDX-License-Identifier: GPL-2.0-only
"""Progress of a campaign: runs done/total, elapsed time and an estimate of the time left.
On a terminal one line is rewritten in place; otherwise (a log, CI) a plain line is printed every
`interval` seconds and at the end.
"""
import sys
import time


def clock(seconds):
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "%d:%02d:%02d" % (h, m, s) if h else "%d:%02d" % (m, s)


class Progress:
    def __init__(self, total, already_done, stream=None, interval=10.0):
        self.total, self.already = total, already_done
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.interval = interval
        self.start = time.monotonic()
        self.last_print = None
        self.done = already_done
        self.failed = 0
        self.note = ""
        self.shown = False
        self.last_text = None

    def line(self):
        elapsed = time.monotonic() - self.start
        finished_now = self.done - self.already + self.failed
        left = self.total - self.done - self.failed
        eta = elapsed / finished_now * left if finished_now > 0 else None
        text = "campaign: %d/%d runs done" % (self.done, self.total)
        if self.failed:
            text += ", %d failed" % self.failed
        text += ", elapsed %s, ETA %s" % (clock(elapsed), clock(eta) if left else "0:00")
        if self.note:
            text += " (%s)" % self.note
        return text

    def update(self, done=None, failed=None, note=None, force=False):
        if done is not None:
            self.done = done
        if failed is not None:
            self.failed = failed
        if note is not None:
            self.note = note
        now = time.monotonic()
        if self.tty:
            self.stream.write("\r\033[K" + self.line())
            self.shown = True
        elif force or self.last_print is None or now - self.last_print >= self.interval:
            self.plain(self.line())
            self.last_print = now
        self.stream.flush()

    def plain(self, text):
        if text != self.last_text:
            self.stream.write(text + "\n")
            self.last_text = text

    def say(self, message):
        """A message of its own (a failed run), above the progress line."""
        if self.tty and self.shown:
            self.stream.write("\r\033[K")
        self.stream.write(message + "\n")
        if self.tty and self.shown:
            self.stream.write(self.line())
        self.stream.flush()

    def finish(self):
        if self.tty:
            self.stream.write("\r\033[K" + self.line() + "\n")
        else:
            self.plain(self.line())
        self.stream.flush()
