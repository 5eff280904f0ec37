#!/bin/sh
# Run Corvid's benchmarks against the optimised build (never part of
# "make check": speed is measured here, not asserted in tests).
#
# Usage: tests/bench/run.sh [BUILD-DIR]   (default: build)
set -e
build=${1:-build}
QTEST_QEMU_BINARY=$build/corvid-system-x86_64 "$build/tests/qtest/qtest-bench"
QTEST_QEMU_BINARY=$build/corvid-system-x86_64 "$build/tests/qtest/qtest-mem-bench"
QTEST_QEMU_BINARY=$build/tests/corvid-test-system-x86_64 "$build/tests/qtest/fw_cfg-bench"
QTEST_QEMU_BINARY=$build/corvid-system-x86_64 "$build/tests/qtest/virtio-blk-bench"
