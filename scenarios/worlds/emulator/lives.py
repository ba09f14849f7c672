# SPDX-License-Identifier: GPL-2.0-only
"""The plan's lives carried out with real processes, as the simulation's PeerLifeCycle and
FetchScheduler do: a life starts a p2p-peer (its first life: peer_joined; a later one, a new
process with the same name on the same host: peer_returned; a previous process of the name still
quitting is killed then: peer_stopped), registers what it holds and asks for
each fetch at its time (lines of the peer's menu on its stdin: R and D), and ends as planned: a
quit is SIGTERM (the peer de-registers: peer_left, reason=planned), a crash SIGKILL (peer_crashed).
The seeding policy acts on what happens: once a life's downloads are over (completed or failed), a
fetcher that leaves quits after the policy's delay (peer_left, reason=seeding). Fetches wait for
the first seeds' registrations, as the FetchScheduler does."""
import csv
import io
import signal


class EventTail:
    """Reads the rows a native program appends to its events file, as they come."""

    def __init__(self, path):
        self.path, self.offset, self._rest = path, 0, ""

    def poll(self):
        try:
            with open(self.path) as f:
                f.seek(self.offset)
                data = f.read()
                self.offset = f.tell()
        except FileNotFoundError:
            return []
        lines = (self._rest + data).split("\n")
        self._rest = lines.pop()  # an unfinished line waits for its end
        return list(csv.reader(io.StringIO("\n".join(lines)))) if lines else []


def peer_row(t, node, peer, event, detail="", life=None):
    """A peer-level row, as the simulation writes for arrivals and departures."""
    return {"time": t, "node": str(node), "peer": peer, "event": event, "content": "", "bytes": 0, "server": "",
            "detail": detail, "ids": ["" if life is None else str(life), "", "", ""]}


class LifeRun:
    """One life of the plan and its process."""

    def __init__(self, life, host, events_path, share):
        self.life, self.host, self.share = life, host, share
        self.events_path = events_path
        self.tail = EventTail(events_path)
        self.proc = None
        self.state = "planned"        # planned, up, gone
        self.started_at = None
        self.ops_sent = self.ops_done = 0
        self.next_fetch = 0           # fetches asked for so far
        self.downloads_over = 0
        self.open_serves = 0
        self.leave_at = None          # the seeding policy's quit
        self.fetch_lag = []           # a fetch's D line after its planned time, s

    @property
    def name(self):
        return self.life["name"]

    @property
    def fetches(self):
        return self.life["fetches"]

    def survives(self):
        return self.life["end_s"] is None

    def idle(self):
        return self.state != "up" or (self.ops_done >= self.ops_sent and self.open_serves == 0)

    def resolved(self):
        """Every fetch of the life asked for and over (or the process is gone)."""
        return self.state == "gone" or (self.next_fetch == len(self.fetches) and
                                        self.downloads_over >= len(self.fetches))

    def say(self, line):
        self.ops_sent += 1
        if self.proc is not None and self.proc.stdin:
            try:
                self.proc.stdin.write((line + "\n").encode())
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                pass

    def update(self):
        for row in self.tail.poll():
            event = row[3] if len(row) > 3 else ""
            if event in ("download_completed", "download_failed"):
                self.downloads_over += 1
            elif event == "operation_done":
                self.ops_done += 1
            elif event == "serve_started":
                self.open_serves += 1
            elif event in ("serve_completed", "serve_failed"):
                self.open_serves = max(0, self.open_serves - 1)
        if self.state == "up" and self.proc is not None and self.proc.poll() is not None:
            self.state = "gone"  # it ended by itself (a failure: its log says why)


class Driver:
    """Carries the lives out, one step at a time (step(now)); writes the peer-level rows."""

    def __init__(self, runs, seeding, launch, dry_run=False):
        self.runs, self.launch, self.dry_run = runs, launch, dry_run
        self.policy = seeding.get("policy", "stay")
        self.linger = float(seeding.get("linger_s", seeding.get("linger", 0)) or 0)
        self.rows = []               # peer_joined, peer_returned, peer_left, peer_crashed
        self.last_departure = {}     # name -> time
        self.previous = {}           # name -> its last LifeRun
        self.first_seeds = [r for r in runs if r.life["held"] and not r.life["returning"]]

    def seeds_ready(self):
        return all(r.state == "up" and r.ops_done >= len(r.life["held"]) or r.state == "gone"
                   for r in self.first_seeds)

    def _end(self, run, now):
        run.state = "gone"
        self.last_departure[run.name] = now
        return now - run.started_at

    def _row(self, now, run, event, detail=""):
        self.rows.append(peer_row(now, run.host.node, run.name, event, detail, run.life["life"]))

    def start(self, run, now):
        before = self.previous.get(run.name)
        if before is not None and before.proc is not None and before.proc.poll() is None:
            # A quit still under way when the next life starts: the old process goes now, and the
            # row says so (what it was serving ends here).
            self._row(now, before, "peer_stopped")
            before.proc.kill()
        self.previous[run.name] = run
        run.started_at = now
        run.state = "up"
        if run.life["returning"]:
            off = now - self.last_departure[run.name] if run.name in self.last_departure else None
            self._row(now, run, "peer_returned", "" if off is None else "off_s=%.9f" % off)
        else:
            self._row(now, run, "peer_joined")
        self.launch(run)
        for content in run.life["held"]:
            run.say("R " + content)

    def quit(self, run, now, reason):
        session = self._end(run, now)
        self._row(now, run, "peer_left", "reason=%s; session_s=%.9f" % (reason, session))
        if run.proc is not None and run.proc.poll() is None:
            run.proc.send_signal(signal.SIGTERM)

    def crash(self, run, now):
        session = self._end(run, now)
        self._row(now, run, "peer_crashed", "session_s=%.9f" % session)
        if run.proc is not None and run.proc.poll() is None:
            run.proc.send_signal(signal.SIGKILL)

    def step(self, now):
        """Everything due at `now`; returns the time of the next planned action (or None)."""
        upcoming = []
        for run in self.runs:
            life = run.life
            if run.state == "planned":
                if now >= life["start_s"]:
                    self.start(run, now)
                else:
                    upcoming.append(life["start_s"])
                    continue
            if run.state != "up":
                continue
            run.update()
            if run.state != "up":
                continue
            while run.next_fetch < len(run.fetches) and self.seeds_ready():
                fetch = run.fetches[run.next_fetch]
                if now < fetch["at_s"]:
                    upcoming.append(fetch["at_s"])
                    break
                run.fetch_lag.append(now - fetch["at_s"])
                run.say("D " + fetch["content"])
                run.next_fetch += 1
            end = life["end_s"]
            if self.policy in ("leave", "linger") and run.fetches and run.leave_at is None and run.resolved():
                run.leave_at = now + (self.linger if self.policy == "linger" else 0.0)
                if end is not None and run.leave_at >= end:
                    run.leave_at = float("inf")  # the planned end comes first
            if run.leave_at is not None and now >= run.leave_at:
                self.quit(run, now, "seeding")
                continue
            if end is not None and now >= end:
                self.crash(run, now) if life["crashes"] else self.quit(run, now, "planned")
                continue
            if end is not None:
                upcoming.append(end)
            if run.leave_at is not None:
                upcoming.append(run.leave_at)
        return min(upcoming) if upcoming else None

    def planned_over(self, now, last_planned):
        """The simulation's end of the workload: nothing planned any more, every fetch of the lives
        that last to the end over, and none of them busy."""
        surviving = [r for r in self.runs if r.survives()]
        return (now >= last_planned and all(r.state != "planned" for r in self.runs) and
                all(r.resolved() and r.idle() for r in surviving))
