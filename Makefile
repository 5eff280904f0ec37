# Corvid's top-level Makefile: a thin layer over meson and ninja.
#
#   make          build build/ (the emulator) and build-san/ (sanitized)
#   make check    build, then run the whole test suite in both trees and
#                 print "N passed, N failed, N skipped"
#   make bench    run the benchmarks (tests/bench/, never part of make check)
#   make docs     build the Sphinx documentation into build/docs/html

.PHONY: all check bench docs clean distclean

all: build/build.ninja build-san/build.ninja
	ninja -C build
	ninja -C build-san

# A fresh checkout configures itself, installing what it needs.
build/build.ninja build-san/build.ninja &:
	./configure --install-deps

check: all
	python3 scripts/run-tests.py build build-san

bench: build/build.ninja
	ninja -C build
	tests/bench/run.sh build

docs: build/build.ninja
	ninja -C build docs

clean:
	-ninja -C build clean
	-ninja -C build-san clean

distclean:
	rm -rf build build-san
