#!/usr/bin/env python3
"""Artifact I/O benchmark (`make bench`): mmpr-art against xxhsum and tar on one 1 GiB file.

Each command runs REPEATS times from the page cache; the table gives medians, throughput in
GB/s (1e9 bytes), the ratio to its target, and the peak RSS of each child (os.wait4). The
machine's read ceiling (`cat FILE > /dev/null`) is printed for context.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/release"
SIZE = int(os.environ.get("BENCH_BYTES", 1 << 30))
REPEATS = int(os.environ.get("BENCH_REPEATS", 5))
art = os.path.join(BIN, "mmpr-art")


def run(command):
    """Wall time and peak RSS (KiB) of one child process. The peak is VmHWM polled from
    /proc/PID/status every 2 ms (ru_maxrss would include the pre-exec copy of this Python
    process); VmHWM only grows, so the last reading is the peak up to 2 ms before exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    peak = 0
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        try:
            with open(f"/proc/{pid}/status") as lines:
                peak = max([peak] + [int(l.split()[1]) for l in lines if l.startswith("VmHWM:")])
        except (OSError, ValueError):
            pass
        time.sleep(0.002)
    elapsed = time.perf_counter() - start
    os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(command)} failed with status {os.waitstatus_to_exitcode(status)}")
    return elapsed, peak


def measure(command, prepare=None):
    times, peaks = [], []
    for _ in range(REPEATS):
        if prepare:
            prepare()
        elapsed, peak = run(command)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def main():
    work = tempfile.mkdtemp(prefix="mpo-bench-", dir=os.environ.get("BENCH_DIR", "."))
    try:
        folder = os.path.join(work, "in")
        os.mkdir(folder)
        payload = os.path.join(folder, "payload.bin")
        with open(payload, "wb") as out:  # incompressible, written once
            left = SIZE
            while left:
                chunk = os.urandom(min(left, 1 << 24))
                out.write(chunk)
                left -= len(chunk)
        artifact = os.path.join(work, "out.mmpr")
        tarball = os.path.join(work, "out.tar")
        gb = SIZE / 1e9

        rows = []
        ceiling, _ = measure(["cat", payload])
        rows.append(("read ceiling: cat FILE > /dev/null", ceiling, None, None, None))
        copy = os.path.join(work, "copy.bin")
        copy_time, _ = measure(["dd", f"if={payload}", f"of={copy}", "bs=1M"], prepare=lambda: os.path.exists(copy) and os.remove(copy))
        os.remove(copy)
        rows.append(("write ceiling: dd bs=1M to a new file", copy_time, None, None, None))
        xxh, xxh_rss = measure(["xxhsum", "-H2", payload])
        ours_hash, hash_rss = measure([art, "hash", payload])
        rows.append(("hash: xxhsum -H2", xxh, None, None, xxh_rss))
        rows.append(("hash: mmpr-art hash", ours_hash, 0.9, xxh / ours_hash, hash_rss))

        remove = lambda path: (lambda: os.path.exists(path) and os.remove(path))
        tar_write, tar_rss = measure(["tar", "cf", tarball, "-C", folder, "payload.bin"], prepare=remove(tarball))
        write, write_rss = measure([art, "pack", "--kind", "bench", folder, "-o", artifact], prepare=remove(artifact))
        rows.append(("write: tar cf (no fsync)", tar_write, None, None, tar_rss))
        rows.append(("write: mmpr-art pack -o (hash, write, fsync)", write, 1.0, (gb / write) / 1.0, write_rss))
        cpu_write, _ = measure([art, "pack", "--kind", "bench", folder])
        rows.append(("write, CPU part: mmpr-art pack > /dev/null", cpu_write, None, None, None))

        tar_read, tar_read_rss = measure(["tar", "xOf", tarball])
        verify, verify_rss = measure([art, "verify", artifact])
        rows.append(("read: tar xOf > /dev/null", tar_read, None, None, tar_read_rss))
        rows.append(("verify: mmpr-art verify", verify, 2.0, (gb / verify) / 2.0, verify_rss))

        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        where = subprocess.run(["df", "--output=fstype,target", work], capture_output=True, text=True).stdout.split("\n")[1]
        print(f"\n### Artifact I/O — {SIZE / (1 << 30):.2f} GiB file on {where.split()[0]} ({where.split()[1]}), median of {REPEATS}, page cache warm")
        print(f"Machine: {cpu}, {os.cpu_count()} cores. Target column: what the artifact layer aims for "
              "(hash ≥ 0.9× xxhsum, write ≥ 1 GB/s, verify ≥ 2 GB/s, verify peak RSS ≤ 64 MiB).\n")
        print("| what | median s | GB/s | target | vs target | peak RSS MiB |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, seconds, target, ratio, rss in rows:
            if name.startswith("hash: mmpr"):
                target_text, ratio_text = "0.9× xxhsum", f"{ratio / 0.9:.2f}× ({ratio:.2f}× xxhsum)"
            else:
                target_text = f"{target:.1f} GB/s" if target else ""
                ratio_text = f"{ratio:.2f}×" if ratio else ""
            rss_text = f"{rss / 1024:.1f}" if rss else ""
            print(f"| {name} | {seconds:.3f} | {gb / seconds:.2f} | {target_text} | {ratio_text} | {rss_text} |")
        print(f"\nverify peak RSS: {verify_rss / 1024:.1f} MiB (target ≤ 64 MiB): {'met' if verify_rss <= 64 * 1024 else 'MISSED'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
