#!/usr/bin/env python3
"""Start-up benchmark: how long the release app takes to draw its first page, and what the idle
process tree holds in memory.

Each run starts a fresh Xvfb whose screen is a memory-mapped file (-fbdir), starts the app on a
data folder, and watches the screen itself (no WebDriver, no hook in the app): every few
milliseconds the frame is compared with the last one, and each row of pixels that changed is
noted. After the screen has been left alone for a while, the rows that still change (a blinking
text cursor) are set aside; the page counts as drawn at the last change that touched more than a
few other rows (a repaint of a few pixels, an image's edge smoothed, is not drawing).
"Window mapped" is the first change of the screen at all. Then the PSS of the app and every
process it started (WebKit's web and network processes) is summed from /proc.

Used by scripts/bench-start.sh; figures go into BENCHMARKS.md. BENCH_DEBUG=1 with --shot also saves
every frame that changed, named by its time.
"""

import argparse
import mmap
import os
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib

WIDTH, HEIGHT = 1280, 800
SETTLE = float(os.environ.get("SETTLE", "8.0"))  # seconds after start when the screen is taken as final
MINOR_ROWS = 4  # a later change within this many rows is a repaint (anti-aliasing), not drawing
BLINK_WINDOW = 2.5  # rows that change in the last seconds before SETTLE are a cursor's


def start_xvfb(fbdir):
    """A fresh Xvfb on a display it picks itself; returns (process, display name)."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{WIDTH}x{HEIGHT}x24",
         "-nolisten", "tcp", "-fbdir", fbdir],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as r:
        number = r.readline().strip()
    if not number:
        proc.kill()
        sys.exit("Xvfb did not start")
    return proc, f":{number}"


class Screen:
    """The Xvfb screen's pixels, read from its framebuffer file (XWD format)."""

    def __init__(self, path):
        self.file = open(path, "rb")
        self.map = mmap.mmap(self.file.fileno(), 0, prot=mmap.PROT_READ)
        header = struct.unpack(">25I", self.map[:100])
        header_size, height, bytes_per_line, ncolors = header[0], header[5], header[12], header[19]
        self.offset = header_size + ncolors * 12
        self.stride = bytes_per_line
        self.height = height

    def frame(self):
        return self.map[self.offset:self.offset + self.stride * self.height]

    def rows(self, frame):
        s = self.stride
        return [zlib.crc32(frame[i * s:(i + 1) * s]) for i in range(self.height)]

    def close(self):
        self.map.close()
        self.file.close()


def process_tree(root):
    """The pid and every descendant's pid, from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def name_of(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def save_png(screen, frame, path):
    """Writes a frame (32 bits a pixel, BGRX) as PNG through ImageMagick's convert."""
    rgb = bytearray()
    for y in range(screen.height):
        row = frame[y * screen.stride:y * screen.stride + WIDTH * 4]
        for x in range(0, WIDTH * 4, 4):
            rgb += bytes((row[x + 2], row[x + 1], row[x]))
    ppm = f"P6 {WIDTH} {screen.height} 255\n".encode() + bytes(rgb)
    subprocess.run(["convert", "ppm:-", path], input=ppm, check=True)


def one_run(app, data_dir, env_extra, shot=None):
    fbdir = tempfile.mkdtemp(prefix="swreg-fb-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    xvfb, display = start_xvfb(fbdir)
    try:
        screen = Screen(os.path.join(fbdir, "Xvfb_screen0"))
        first = screen.frame()
        changes = []  # (seconds since start, row checksums) of each frame that differs
        env = dict(os.environ, DISPLAY=display, SWREG_DATA_DIR=data_dir, SWREG_STARTUP_TRACE="1", **env_extra)
        env.pop("WAYLAND_DISPLAY", None)
        t0 = time.monotonic()
        proc = subprocess.Popen([app], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        last = first
        frames = {}
        while True:
            now = time.monotonic() - t0
            if now > SETTLE:
                break
            frame = screen.frame()
            if frame != last:
                changes.append((now, screen.rows(frame)))
                if shot:
                    frames[now] = frame
                last = frame
            time.sleep(0.004)
        # Memory while the first page sits idle.
        tree = process_tree(proc.pid)
        pss = {pid: pss_kib(pid) for pid in tree}
        by_name = {}
        for pid, kib in pss.items():
            by_name[name_of(pid)] = by_name.get(name_of(pid), 0) + kib
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(fbdir, ignore_errors=True)
    if not changes:
        sys.exit("the screen never changed: did the app start? " + err.decode(errors="replace")[-2000:])
    if os.environ.get("BENCH_DEBUG"):
        print("  changes at", " ".join(f"{t:.2f}" for t, _ in changes), file=sys.stderr)
    mapped = changes[0][0]
    final = changes[-1][1]
    blinking = set()
    previous = None
    for t, rows in changes:
        if previous is not None and t >= SETTLE - BLINK_WINDOW:
            blinking.update(i for i, (a, b) in enumerate(zip(previous, rows)) if a != b)
        previous = rows
    drawn = mapped
    previous = screen.rows(first)
    for t, rows in changes:
        touched = sum(1 for i, (a, b) in enumerate(zip(previous, rows)) if a != b and i not in blinking)
        if touched > MINOR_ROWS:
            drawn = t
        previous = rows
    if len(changes) == 1:
        drawn = None  # the window appeared, the page never did
    elif drawn > SETTLE - BLINK_WINDOW:
        print(f"  warning: the screen still changed at {drawn:.2f} s", file=sys.stderr)
    # The app's own marks (SWREG_STARTUP_TRACE): "[启动] 123.4 ms stage".
    stages = {}
    for text in err.decode(errors="replace").splitlines():
        if text.startswith("[启动] "):
            ms, _, stage = text[len("[启动] "):].partition(" ms ")
            stages.setdefault(stage.strip(), float(ms) / 1000)
    if shot:
        save_png(screen, frames[drawn if drawn is not None else mapped], shot)
        if os.environ.get("BENCH_DEBUG"):
            for t, frame in frames.items():
                save_png(screen, frame, f"{shot}-{t:.2f}.png")
    screen.close()
    changed_rows = sum(1 for a, b in zip(screen.rows(first), final) if a != b)
    return {"mapped": mapped, "drawn": drawn, "pss": sum(pss.values()), "by_name": by_name,
            "rows": changed_rows, "stages": stages}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--app", required=True, action="append", help="the release binary (twice: two builds compared)")
    p.add_argument("--data-dir", required=True, help="data folder (its state decides the page)")
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--fresh", action="store_true", help="empty the data folder before each run (the first start)")
    p.add_argument("--label", default="")
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="an environment variable for the app")
    p.add_argument("--shot", help="save the first run's screen as drawn to this PNG")
    args = p.parse_args()
    results = {app: [] for app in args.app}
    env = dict(e.split("=", 1) for e in args.env)
    # With two apps the runs alternate, so both meet the same load on the machine.
    for i in range(args.runs):
        for app in args.app:
            if args.fresh:
                shutil.rmtree(args.data_dir, ignore_errors=True)
                os.makedirs(args.data_dir)
            r = one_run(app, args.data_dir, env, args.shot if i == 0 and app == args.app[0] else None)
            results[app].append(r)
            names = ", ".join(f"{n} {k / 1024:.0f}" for n, k in sorted(r["by_name"].items(), key=lambda x: -x[1]))
            drawn = "never" if r["drawn"] is None else f"{r['drawn']:.3f} s"
            print(f"  {os.path.basename(app)} run {i + 1}: mapped {r['mapped']:.3f} s, drawn {drawn} "
                  f"({r['rows']} rows), PSS {r['pss'] / 1024:.0f} MiB ({names})", flush=True)

    def line(what, values, unit, fmt):
        print(f"{args.label}{what}: median {fmt(statistics.median(values))}{unit}, "
              f"min {fmt(min(values))}{unit}, max {fmt(max(values))}{unit}")

    for app, runs in results.items():
        if len(args.app) > 1:
            print(f"== {app}")
        stages = {}
        for r in runs:
            for stage, t in r["stages"].items():
                stages.setdefault(stage, []).append(t)
        for stage, values in sorted(stages.items(), key=lambda kv: statistics.median(kv[1])):
            line(f"start → {stage}", values, " s", lambda v: f"{v:.3f}")
        line("start → window mapped", [r["mapped"] for r in runs], " s", lambda v: f"{v:.3f}")
        drawn = [r["drawn"] for r in runs if r["drawn"] is not None]
        if drawn:
            line("start → first page drawn", drawn, " s", lambda v: f"{v:.3f}")
        if len(drawn) < len(runs):
            print(f"{args.label}runs where the page was not drawn within {SETTLE:.0f} s: {len(runs) - len(drawn)} of {len(runs)}")
        line("idle PSS, whole process tree", [r["pss"] / 1024 for r in runs], " MiB", lambda v: f"{v:.0f}")

if __name__ == "__main__":
    main()
