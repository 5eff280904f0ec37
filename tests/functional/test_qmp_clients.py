#!/usr/bin/env python3
"""Existing QMP clients, written for qemu, against corvid-system-x86_64.

Today: the "qemu-qmp" npm library (node-qemu-qmp), installed by
./configure --install-deps into tests/functional/qmp-clients/node_modules.
It has quirks a strict server must tolerate: it sends commands with no
separator between them and parses the greeting as one chunk.

Usage: test_qmp_clients.py BINARY
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from tap import Tap

BIN = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
CLIENTS = os.path.join(HERE, 'qmp-clients')


def wait_for_socket(path, proc, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


def test_node_qemu_qmp(t):
    node = shutil.which('node') or shutil.which('nodejs')
    lib = os.path.join(CLIENTS, 'node_modules', 'qemu-qmp')
    if not node or not os.path.isdir(lib):
        t.skip('node-qemu-qmp drives a session',
               'node or the qemu-qmp npm package is not installed '
               '(./configure --install-deps installs them)')
        return
    with tempfile.TemporaryDirectory() as tmp:
        sock = os.path.join(tmp, 'qmp.sock')
        emu = subprocess.Popen([BIN, '-M', 'none', '-display', 'none',
                                '-qmp', f'unix:{sock},server=on,wait=off'],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
        if not t.check(wait_for_socket(sock, emu), 'QMP socket appears'):
            emu.kill()
            return
        client = subprocess.run([node, os.path.join(CLIENTS,
                                                    'node-qemu-qmp.js'),
                                 sock], capture_output=True, text=True,
                                timeout=30)
        try:
            status = emu.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emu.kill()
            status = None
        err = emu.stderr.read()
    steps = {}
    for line in client.stdout.splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        steps.setdefault(rec['step'], []).append(rec['value'])
    detail = client.stdout + client.stderr
    version = (steps.get('version') or [{}])[0]
    t.check(version.get('qemu', {}).get('major') == 7 and
            version.get('package', '').startswith('corvid-'),
            'node-qemu-qmp reads the greeting', detail=detail)
    t.equal((steps.get('capabilities') or [None])[0], ['oob'],
            'node-qemu-qmp sees the capabilities')
    t.equal((steps.get('query-status') or [None])[0],
            {'status': 'running', 'singlestep': False, 'running': True},
            'node-qemu-qmp: query-status')
    cmds = (steps.get('query-commands') or [[]])[0]
    t.check(isinstance(cmds, list) and 'qom-get' in cmds and
            'device_add' in cmds, 'node-qemu-qmp: query-commands',
            detail=detail)
    t.equal((steps.get('bad-command') or [None])[0],
            {'error': 'The command no-such-command has not been found'},
            'node-qemu-qmp: an unknown command is an error')
    t.equal(steps.get('event'), ['STOP'],
            'node-qemu-qmp receives the STOP event')
    t.equal((steps.get('qom-get') or [None])[0], 'none-machine',
            'node-qemu-qmp: qom-get with arguments')
    t.equal((steps.get('quit') or [None])[0], 'ok', 'node-qemu-qmp: quit')
    t.equal(status, 0, 'the emulator exits 0 after quit')
    t.check('Sanitizer' not in err and 'runtime error' not in err,
            'no sanitizer report', detail=err)


def main():
    t = Tap()
    t.run(test_node_qemu_qmp)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
