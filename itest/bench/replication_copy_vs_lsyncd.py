#!/usr/bin/env python3
"""Copy mode side by side with lsyncd (rsync to an rsync daemon on localhost), one tool at a time.

    apt-get install -y lsyncd rsync iptables
    itest/bench/replication_runtimes.sh start          # the rep-copy set, quiet.ms = 2000
    itest/bench/replication_copy_vs_lsyncd.py 5        # runs; the order of the two alternates

Each run, for each tool: (1) the tree (1,000 files of 1-64 KiB in 10 folders, 3 files of 10 MiB) is
copied into the empty source; (2) a set of changes: 100 new files of 1-64 KiB, 1 MiB appended to one
big file, four 4 KiB blocks overwritten in each of the two others, 50 small files deleted. For each
phase: the time from the last change until the target is byte-identical to the source (sizes polled
every 50 ms, then every file's content compared), the bytes that crossed loopback on the tool's port
(iptables counters, both directions, IP and TCP headers included), and the CPU of the tool's
processes (SwiFT: both runtimes; lsyncd: lsyncd and the rsync daemon, each with its reaped rsync
children). lsyncd: default.rsync, delay = 2, target rsync://127.0.0.1:8873/dst/.
"""
import hashlib, os, random, shutil, subprocess, sys, time

BASE = os.environ.get("BASE", "/tmp/swift-rep")
WORK = "/tmp/copybench"
SWIFT_SRC = BASE + "/primary/data/rep-copy"
SWIFT_DST = BASE + "/backup/data/rep-copy"
SWIFT_PORT = 7424          # the backup's listen port of rep-copy: every byte between the two runtimes
LSYNC_SRC = WORK + "/lsrc"
LSYNC_DST = WORK + "/ldst"
RSYNCD_PORT = 8873
CHAIN = "REPBENCH"


def sh(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def counters_setup():
    subprocess.run(["iptables", "-D", "INPUT", "-i", "lo", "-j", CHAIN], capture_output=True)
    subprocess.run(["iptables", "-F", CHAIN], capture_output=True)
    subprocess.run(["iptables", "-X", CHAIN], capture_output=True)
    sh("iptables", "-N", CHAIN)
    for port in (SWIFT_PORT, RSYNCD_PORT):
        sh("iptables", "-A", CHAIN, "-p", "tcp", "--dport", str(port))
        sh("iptables", "-A", CHAIN, "-p", "tcp", "--sport", str(port))
    sh("iptables", "-I", "INPUT", "-i", "lo", "-j", CHAIN)


def counters_teardown():
    subprocess.run(["iptables", "-D", "INPUT", "-i", "lo", "-j", CHAIN], capture_output=True)
    subprocess.run(["iptables", "-F", CHAIN], capture_output=True)
    subprocess.run(["iptables", "-X", CHAIN], capture_output=True)


def port_bytes(port):
    total = 0
    for line in sh("iptables", "-L", CHAIN, "-n", "-v", "-x").splitlines():
        if f"dpt:{port}" in line or f"spt:{port}" in line:
            total += int(line.split()[1])
    return total


def cpu_seconds(pids, children=False):
    ticks = 0
    for pid in pids:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
        if children:
            ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def make_template(root):
    if os.path.isdir(root):
        return
    rnd = random.Random(1)
    for d in range(10):
        os.makedirs(f"{root}/dir{d}")
        for f in range(100):
            with open(f"{root}/dir{d}/file{f}", "wb") as out:
                out.write(rnd.randbytes(rnd.randint(1024, 65536)))
    for b in range(3):
        with open(f"{root}/big{b}", "wb") as out:
            out.write(rnd.randbytes(10 << 20))


def apply_changes(src, run):
    rnd = random.Random(1000 + run)
    os.makedirs(f"{src}/new{run}")
    for f in range(100):
        with open(f"{src}/new{run}/file{f}", "wb") as out:
            out.write(rnd.randbytes(rnd.randint(1024, 65536)))
    with open(f"{src}/big0", "ab") as out:
        out.write(rnd.randbytes(1 << 20))
    for b in (1, 2):
        with open(f"{src}/big{b}", "r+b") as out:
            size = os.path.getsize(f"{src}/big{b}")
            for _ in range(4):
                out.seek(rnd.randrange(0, size - 4096) // 4096 * 4096)
                out.write(rnd.randbytes(4096))
    victims = rnd.sample(range(100), 50)
    for v in victims:
        os.unlink(f"{src}/dir{v % 10}/file{v}")


def sizes(root):
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        state[rel + "/"] = -1
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                state[os.path.join(rel, name)] = os.lstat(path).st_size
            except FileNotFoundError:
                pass
    return state


def digest(root, names):
    h = {}
    for name in names:
        if not name.endswith("/"):
            with open(os.path.join(root, name), "rb") as f:
                h[name] = hashlib.sha1(f.read()).digest()
    return h


def await_identical(src, dst, timeout=180):
    """Seconds until dst is byte-identical to src (src is not changing), from now."""
    start = time.monotonic()
    want = sizes(src)
    want_digest = None
    while time.monotonic() - start < timeout:
        if sizes(dst) == want:
            want_digest = want_digest or digest(src, want)
            try:
                if digest(dst, want) == want_digest:
                    return time.monotonic() - start
            except FileNotFoundError:
                pass
        time.sleep(0.05)
    got = sizes(dst)
    missing = [k for k in want if k not in got][:5]
    extra = [k for k in got if k not in want][:5]
    differ = [k for k in want if k in got and got[k] != want[k]][:5]
    raise RuntimeError(f"{dst} not identical to {src} after {timeout} s: missing {missing}, extra {extra}, size differs {differ}")


def empty(src):
    for entry in os.listdir(src):
        path = os.path.join(src, entry)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def phase(tool, src, dst, port, pids, children, change):
    bytes0, cpu0 = port_bytes(port), cpu_seconds(pids, children)
    change()
    settle = await_identical(src, dst)
    return settle, port_bytes(port) - bytes0, cpu_seconds(pids, children) - cpu0


class Swift:
    name, src, dst, port, children = "SwiFT copy mode", SWIFT_SRC, SWIFT_DST, SWIFT_PORT, False

    def start(self):
        self.pids = [int(open(f"{BASE}/{r}/data/swiftd.pid").read()) for r in ("primary", "backup")]

    def stop(self):
        pass


class Lsyncd:
    name, src, dst, port, children = "lsyncd + rsync daemon", LSYNC_SRC, LSYNC_DST, RSYNCD_PORT, True

    def start(self):
        for d in (LSYNC_SRC, LSYNC_DST):
            os.makedirs(d, exist_ok=True)
        with open(f"{WORK}/rsyncd.conf", "w") as f:
            f.write(f"port = {RSYNCD_PORT}\naddress = 127.0.0.1\nuse chroot = no\npid file = {WORK}/rsyncd.pid\n"
                    f"[dst]\npath = {LSYNC_DST}\nread only = no\nuid = root\ngid = root\n")
        with open(f"{WORK}/lsyncd.lua", "w") as f:
            f.write('settings { logfile = "%s/lsyncd.log", nodaemon = true, insist = true }\n'
                    'sync { default.rsync, source = "%s/", target = "rsync://127.0.0.1:%d/dst/", delay = 2,\n'
                    '       rsync = { archive = true, compress = false } }\n' % (WORK, LSYNC_SRC, RSYNCD_PORT))
        self.rsyncd = subprocess.Popen(["rsync", "--daemon", "--no-detach", f"--config={WORK}/rsyncd.conf"])
        time.sleep(0.5)
        self.lsyncd = subprocess.Popen(["lsyncd", "-log", "scarce", f"{WORK}/lsyncd.lua"])
        time.sleep(2)
        self.pids = [self.lsyncd.pid, self.rsyncd.pid]

    def stop(self):
        for p in (self.lsyncd, self.rsyncd):
            p.terminate()
            p.wait()


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    os.makedirs(WORK, exist_ok=True)
    template = WORK + "/template"
    make_template(template)
    for d in (LSYNC_SRC, LSYNC_DST):
        shutil.rmtree(d, ignore_errors=True)
    counters_setup()
    tools = [Swift(), Lsyncd()]
    results = {t.name: {"initial": [], "changes": []} for t in tools}
    try:
        for t in tools:
            t.start()
        for run in range(runs):
            for t in (tools if run % 2 == 0 else tools[::-1]):
                empty(t.src)
                await_identical(t.src, t.dst)
                time.sleep(3)   # the tool has settled: no deletes in flight
                initial = phase(t.name, t.src, t.dst, t.port, t.pids, t.children,
                                lambda: shutil.copytree(template, t.src, dirs_exist_ok=True))
                time.sleep(3)
                changes = phase(t.name, t.src, t.dst, t.port, t.pids, t.children,
                                lambda: apply_changes(t.src, run))
                results[t.name]["initial"].append(initial)
                results[t.name]["changes"].append(changes)
                print(f"run {run} {t.name}: initial {initial}, changes {changes}", file=sys.stderr, flush=True)
    finally:
        for t in tools:
            t.stop()
        counters_teardown()

    def med(xs):
        xs = sorted(xs)
        n = len(xs)
        return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2

    def fmt(xs, scale, unit, digits):
        xs = [x * scale for x in xs]
        return f"{med(xs):.{digits}f} {unit} ({min(xs):.{digits}f}–{max(xs):.{digits}f})"

    print(f"\n{runs} runs; tree 1,000 files of 1-64 KiB + 3 × 10 MiB")
    print("| phase | measure | SwiFT copy mode | lsyncd + rsync daemon | ratio SwiFT/lsyncd (medians) |")
    print("|---|---|---|---|---|")
    s, l = results[tools[0].name], results[tools[1].name]
    for ph in ("initial", "changes"):
        for i, (label, scale, unit, digits) in enumerate((("last change → identical", 1, "s", 2),
                                                          ("bytes on loopback", 1 / (1 << 20), "MiB", 2),
                                                          ("CPU", 1, "s", 2))):
            sv = [r[i] for r in s[ph]]
            lv = [r[i] for r in l[ph]]
            ratio = med(sv) / med(lv) if med(lv) else float("nan")
            print(f"| {ph} | {label} | {fmt(sv, scale, unit, digits)} | {fmt(lv, scale, unit, digits)} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
