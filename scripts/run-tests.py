#!/usr/bin/env python3
"""Run the test suite in each given meson build directory and summarise.

Every test program speaks TAP, so the summary counts individual test
cases, not programs: a GLib test binary with forty cases counts forty.
A program that crashes or exits non-zero without saying which case
failed counts as one failure.  The last line is

    N passed, N failed, N skipped

and the exit status is non-zero if anything failed.
"""
import json
import os
import re
import subprocess
import sys

TAP_LINE = re.compile(r'^(not ok|ok)\b(.*)$')


def count_tap(stdout):
    """Return (passed, failed, skipped) from TAP output."""
    passed = failed = skipped = 0
    for line in stdout.splitlines():
        m = TAP_LINE.match(line.strip())
        if not m:
            continue
        directive = m.group(2)
        # A TODO (known-incomplete) case proves nothing: it counts as
        # skipped, never as passed.
        if re.search(r'#\s*(SKIP|TODO)', directive, re.I):
            skipped += 1
        elif m.group(1) == 'ok':
            passed += 1
        else:
            failed += 1
    return passed, failed, skipped


def run(builddir):
    log = os.path.join(builddir, 'meson-logs', 'testlog.json')
    if os.path.exists(log):
        os.unlink(log)
    print(f'=== {builddir}', flush=True)
    subprocess.call(['meson', 'test', '-C', builddir, '--print-errorlogs',
                     '--num-processes', str(os.cpu_count() or 2)])
    totals = [0, 0, 0]
    if not os.path.exists(log):
        print(f'{builddir}: no test log written', file=sys.stderr)
        return [0, 1, 0]
    with open(log) as f:
        for line in f:
            entry = json.loads(line)
            p, fl, s = count_tap(entry.get('stdout') or '')
            result = entry.get('result')
            if result not in ('OK', 'SKIP', 'EXPECTEDFAIL') and fl == 0:
                # Crashed, timed out or exited badly between cases.
                fl = 1
            if p + fl + s == 0:
                if result == 'SKIP':
                    s = 1
                elif result == 'OK':
                    p = 1
            totals[0] += p
            totals[1] += fl
            totals[2] += s
            if fl:
                print(f'FAILED: {builddir}: {entry.get("name")} '
                      f'({result})', flush=True)
    return totals


def main():
    dirs = sys.argv[1:] or ['build']
    grand = [0, 0, 0]
    for d in dirs:
        t = run(d)
        print(f'{d}: {t[0]} passed, {t[1]} failed, {t[2]} skipped')
        grand = [a + b for a, b in zip(grand, t)]
    print(f'{grand[0]} passed, {grand[1]} failed, {grand[2]} skipped')
    return 1 if grand[1] else 0


if __name__ == '__main__':
    sys.exit(main())
