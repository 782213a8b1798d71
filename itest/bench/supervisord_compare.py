#!/usr/bin/env python3
"""Side by side with supervisord (Debian's `supervisor`): the same N processes supervised by each,
then (1) idle CPU of the supervisor over a quiet period and its resident memory, and (2) SIGKILL ->
replacement running, over K kills of random processes.

Each supervised process is `sh -c 'date +%s%N > DIR/NAME; exec sleep 100000'`: it writes the instant
it starts, so "running again" is measured the same way for both (the file's new content minus the
kill instant), with no polling of either supervisor.

Usage (after `mvn -B install -DskipTests`):  itest/bench/supervisord_compare.py [N] [K] [IDLE_SECONDS]
Needs: apt-get install supervisor. Runs on loopback and local files only; stops what it starts.
"""
import glob, os, random, shutil, signal, statistics, subprocess, sys, tempfile, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100
K = int(sys.argv[2]) if len(sys.argv) > 2 else 100
IDLE = int(sys.argv[3]) if len(sys.argv) > 3 else 30
ROOT = os.path.dirname(os.path.abspath(__file__))
DIST = glob.glob(os.path.join(ROOT, "../../distribution/target/swift-*-SNAPSHOT"))[0]
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0


def wait_all_started(out, names, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if all(os.path.exists(os.path.join(out, n)) and os.path.getsize(os.path.join(out, n)) > 0 for n in names):
            return
        time.sleep(0.2)
    raise SystemExit("not every process started within %d s" % timeout)


def pid_of(out, name):
    # sh wrote its pid, then exec'd sleep: the same pid is the supervised process
    return int(open(os.path.join(out, name + ".pid")).read())


def kill_and_time(out, names):
    results = []
    for _ in range(K):
        name = random.choice(names)
        before = open(os.path.join(out, name)).read()
        pid = pid_of(out, name)
        killed = time.time_ns()
        os.kill(pid, signal.SIGKILL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                now = open(os.path.join(out, name)).read()
            except FileNotFoundError:
                now = before
            if now and now != before and now.endswith("\n"):
                results.append((int(now) - killed) / 1e6)
                break
            time.sleep(0.0005)
        else:
            raise SystemExit(f"{name} was not restarted within 30 s")
        time.sleep(0.05)
    return results


def run_swift(work, names):
    home = os.path.join(work, "swift")
    shutil.copytree(DIST, home, symlinks=True, ignore=shutil.ignore_patterns("data"))
    out = os.path.join(work, "swift-out")
    os.makedirs(out)
    os.remove(os.path.join(home, "etc", "org.swiftft.watch-demo.cfg"))
    with open(os.path.join(home, "scripts", "restart.groovy"), "w") as f:
        f.write("import org.swiftft.policy.*\nclass Now implements RestartPolicy {\n"
                "  RestartDecision onFailure(FailureContext f) { RestartDecision.restartAfter(0, 'bench') }\n}\n")
    for n in names:
        with open(os.path.join(home, "etc", f"org.swiftft.watch-{n}.cfg"), "w") as f:
            f.write(f"command.line = sh -c 'echo $$ > {out}/{n}.pid; date +%s%N > {out}/{n}; exec sleep 100000'\n"
                    "stop.grace.ms = 1000\n")
    subprocess.run([os.path.join(home, "bin", "swiftd"), "--background"], check=True, stdout=subprocess.DEVNULL)
    pid = int(open(os.path.join(home, "data", "swiftd.pid")).read())
    return home, out, pid


def stop_swift(home):
    subprocess.run([os.path.join(home, "bin", "swift"), "swift:shutdown"], stdout=subprocess.DEVNULL)


def run_supervisord(work, names):
    out = os.path.join(work, "supervisord-out")
    os.makedirs(out)
    conf = os.path.join(work, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(f"[supervisord]\nnodaemon=false\nlogfile={work}/supervisord.log\npidfile={work}/supervisord.pid\n"
                f"childlogdir={work}\n[unix_http_server]\nfile={work}/supervisor.sock\n"
                "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                f"[supervisorctl]\nserverurl=unix://{work}/supervisor.sock\n")
        for n in names:
            f.write(f"[program:{n}]\ncommand=sh -c 'echo $$ > {out}/{n}.pid; date +%%s%%N > {out}/{n}; exec sleep 100000'\n"
                    "autorestart=true\nstartsecs=0\nstartretries=1000000\nstopwaitsecs=1\n")
    subprocess.run(["supervisord", "-c", conf], check=True)
    time.sleep(1)
    pid = int(open(os.path.join(work, "supervisord.pid")).read())
    return conf, out, pid


def measure(label, out, pid, names):
    wait_all_started(out, names)
    time.sleep(5)
    cpu0 = cpu_seconds(pid)
    time.sleep(IDLE)
    idle = (cpu_seconds(pid) - cpu0) / IDLE * 100
    rss = rss_mib(pid)
    lat = kill_and_time(out, names)
    lat.sort()
    p50 = statistics.median(lat)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"BENCH {label}: {N} processes; idle CPU {idle:.2f} % of a core over {IDLE} s; RSS {rss:.0f} MiB; "
          f"SIGKILL -> running again p50 {p50:.1f} ms, p99 {p99:.1f} ms, min {lat[0]:.1f}, max {lat[-1]:.1f} (n={K})")
    return idle, p50, p99


def main():
    names = [f"p{i:04d}" for i in range(N)]
    work = tempfile.mkdtemp(prefix="swift-vs-supervisord-")
    try:
        home, out, pid = run_swift(work, names)
        try:
            swift = measure("SwiFT", out, pid, names)
        finally:
            stop_swift(home)
        conf, out, pid = run_supervisord(work, names)
        try:
            sup = measure("supervisord", out, pid, names)
        finally:
            subprocess.run(["supervisorctl", "-c", conf, "shutdown"], stdout=subprocess.DEVNULL)
        cpu = f"{swift[0] / sup[0]:.2f}" if sup[0] >= 0.05 else "n/a (supervisord below what /proc's ticks resolve)"
        print(f"BENCH ratio SwiFT/supervisord: idle CPU {cpu}, restart p50 {swift[1] / sup[1]:.3f}, p99 {swift[2] / sup[2]:.3f}")
    finally:
        time.sleep(2)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
