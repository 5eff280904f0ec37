#!/usr/bin/env python3
"""The command line of corvid-system-x86_64, driven as a user would.

Usage: test_cmdline.py BINARY TEST-BINARY
(TEST-BINARY is the build with the test-only device types.)
"""
import os
import re
import signal
import shutil
import subprocess
import tempfile
import sys
import time

from tap import Tap

BIN, TESTBIN = sys.argv[1], sys.argv[2]
PROG = 'corvid-system-x86_64'
TPROG = 'corvid-test-system-x86_64'


def run(args, binary=None, timeout=10):
    p = subprocess.run([binary or BIN] + args, capture_output=True,
                       text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def start_and_signal(t, args, sig, name, binary=None):
    """Start the emulator, let it settle, send @sig: exit 0 expected."""
    p = subprocess.Popen([binary or BIN] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    early = p.poll()
    if early is not None:
        out, err = p.communicate()
        t.check(False, f'{name}: still running before the signal',
                detail=f'exited {early}: {err}')
        return
    p.send_signal(sig)
    try:
        out, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        t.check(False, f'{name}: exits on signal {sig}', detail='timed out')
        return
    t.equal(p.returncode, 0, f'{name}: exit status 0 on signal {sig}')
    t.check(re.search(rf'terminating on signal {int(sig)} from pid '
                      rf'{os.getpid()}', err),
            f'{name}: reports the signal and its sender', detail=err)


def test_lifecycle(t):
    start_and_signal(t, ['-M', 'none'], signal.SIGTERM, '-M none')
    start_and_signal(t, ['-M', 'none', '-S', '-display', 'none',
                         '-nodefaults', '-name', 'guest=g1'],
                     signal.SIGINT, '-M none -S')
    start_and_signal(t, ['-M', 'none', '-cpu', 'qemu64', '-smp', '1',
                         '-m', '0'], signal.SIGHUP, '-M none -cpu qemu64')
    start_and_signal(t, ['-machine', 'type=none', '-uuid',
                         '12345678-1234-1234-1234-123456789abc',
                         '-nographic'], signal.SIGTERM, '-machine type=none')
    start_and_signal(t, ['-M', 'none',
                         '-object', 'corvid-test-object,id=o1,size=4096',
                         '-object', '{"qom-type": "corvid-test-object", '
                         '"id": "o2", "size": 8192}',
                         '-device', 'corvid-test-bridge,id=br0,peer=o1,'
                         'u8=255,size=2M,mode=on,flag=on',
                         '-device', 'corvid-test-leaf,bus=br0.0,id=l0',
                         '-device', 'corvid-test-leaf',
                         '-device', "{'driver': 'corvid-test-leaf', "
                         "'id': 'l2', 'slot': 3}",
                         '-global', 'corvid-test-leaf.slot=7',
                         '-global', 'driver=corvid-test-bridge,'
                         'property=u16,value=9'],
                     signal.SIGTERM, 'test devices', binary=TESTBIN)


def test_control_plane(t):
    """-chardev, -qmp and -qtest on stdio, as a script would use them."""
    p = subprocess.run([BIN, '-M', 'none', '-qmp', 'stdio'],
                       input='{"execute": "qmp_capabilities"}\n'
                             '{"execute": "query-status", "id": 7}\n'
                             '{"execute": "quit"}\n',
                       capture_output=True, text=True, timeout=10)
    t.equal(p.returncode, 0, '-qmp stdio: quit exits 0')
    t.check('{"return": {"status": "running", "singlestep": false, '
            '"running": true}, "id": 7}' in p.stdout,
            '-qmp stdio: query-status answered with the id', detail=p.stdout)
    p = subprocess.run([BIN, '-M', 'none', '-accel', 'qtest', '-qtest',
                        'stdio', '-qtest-log', 'none'],
                       input='endianness\nclock_step 10\nbogus\n',
                       capture_output=True, text=True, timeout=10)
    t.equal(p.returncode, 0, '-qtest stdio: end of input exits 0')
    t.equal(p.stdout, 'OK little\nOK 10\nFAIL Unknown command \'bogus\'\n',
            '-qtest stdio: replies')
    rc, out, err = run(['-chardev', 'help'])
    t.check(rc == 0 and 'socket' in out and 'ringbuf' in out,
            '-chardev help lists backends', detail=out)


def test_info_options(t):
    rc, out, err = run(['-version'])
    t.check(rc == 0 and out.startswith('Corvid emulator version '),
            '-version', detail=out + err)
    rc, out, err = run(['-h'])
    t.check(rc == 0 and 'usage:' in out and '-device' in out, '-h',
            detail=out + err)
    rc, out, err = run(['--version'])
    t.equal(rc, 0, '--version (double dash) works like -version')
    rc, out, err = run(['-M', 'help'])
    t.check(rc == 0 and re.search(r'^none\s+empty machine$', out, re.M),
            '-M help lists the none machine', detail=out)
    t.check(re.search(r'^pc\s+Standard PC \(i440FX \+ PIIX, 1996\) '
                      r'\(alias of pc-i440fx-7\.2\)$', out, re.M) and
            re.search(r'^pc-i440fx-7\.2\s+.*\(default\)$', out, re.M),
            '-M help: pc is the default machine, as in qemu', detail=out)
    rc, out, err = run(['-M', 'none,help'])
    t.check(rc == 0 and out.startswith('none-machine options:') and
            'kernel=<string>' in out and 'dump-guest-core=<bool>' in out,
            '-M none,help lists machine properties', detail=out)
    rc, out, err = run(['-cpu', 'help'])
    t.check(rc == 0 and re.search(r'^x86 qemu64\s+QEMU Virtual CPU', out,
                                  re.M), '-cpu help lists models',
            detail=out)
    rc, out, err = run(['-accel', 'help'])
    t.check(rc == 0 and out.startswith('Accelerators supported'),
            '-accel help', detail=out + err)
    rc, out, err = run(['-object', 'help'], binary=TESTBIN)
    t.check(rc == 0 and 'List of user creatable objects:' in out and
            '  corvid-test-object' in out, '-object help', detail=out)
    rc, out, err = run(['-object', 'corvid-test-object,help'],
                       binary=TESTBIN)
    t.check(rc == 0 and 'label=<string>' in out and
            'size=<uint64>' in out, '-object TYPE,help', detail=out)


def test_device_help(t):
    rc, out, err = run(['-device', 'help'], binary=TESTBIN)
    t.check(rc == 0, '-device help exits 0', detail=err)
    t.check(re.search(r'^Controller/Bridge/Hub devices:\n'
                      r'name "corvid-test-bridge", bus System, desc '
                      r'"Corvid test bridge"$', out, re.M),
            '-device help lists the bridge under its category', detail=out)
    t.check('name "corvid-test-leaf", bus corvid-test-bus' in out,
            '-device help shows the bus of bus devices', detail=out)
    t.check('x86_64-cpu' not in out,
            '-device help leaves out devices users cannot create',
            detail=out)
    rc, out2, err = run(['-device', '?'], binary=TESTBIN)
    t.equal(out2, out, '-device ? is -device help')
    t.check('name "virtio-rng-pci", bus PCI, alias "virtio-rng"' in out and
            'name "virtio-rng-pci-transitional", bus PCI\n' in out,
            '-device help shows the short names, as qemu', detail=out)
    rc, out2, err = run(['-device', 'virtio-blk,help'])
    t.check(rc == 0 and out2.startswith('virtio-blk-pci options:'),
            '-device ALIAS,help describes the device', detail=out2 + err)
    start_and_signal(t, ['-M', 'pc', '-S', '-display', 'none', '-nodefaults',
                         '-device', 'virtio-rng,id=r'],
                     signal.SIGTERM, '-device takes a short name')
    rc, out, err = run(['-device', 'corvid-test-bridge,help'],
                       binary=TESTBIN)
    lines = out.splitlines()
    t.check(rc == 0 and lines[0] == 'corvid-test-bridge options:',
            '-device TYPE,help header', detail=out)
    want = {
        'flag': '  flag=<bool>            - on/off (default: false)',
        'u8': '  u8=<uint8>             -  (default: 8)',
        'i64': '  i64=<int64>            -  (default: -64)',
        'size': '  size=<size>            -  (default: 4096)',
        'mode': '  mode=<OnOffAuto>       - on/off/auto (default: "auto")',
        'str': '  str=<str>',
        'peer': '  peer=<link<corvid-test-object>>',
    }
    for name, line in want.items():
        t.check(line in lines, f'-device TYPE,help shows {name}',
                detail=out)
    props = [l.split('=')[0].strip() for l in lines[1:]]
    t.equal(props, sorted(props), '-device TYPE,help is sorted')
    t.check('realized' not in props and 'parent_bus' not in props,
            '-device TYPE,help hides plumbing properties', detail=out)


# (arguments, binary, expected stderr (regex, whole message))
BAD = [
    (['-bogus'], None, rf'{PROG}: -bogus: invalid option'),
    (['-m'], None, rf'{PROG}: -m: requires an argument'),
    (['foo.img'], None, rf'{PROG}: foo.img: positional disk images are '
     r'not supported; use -device with a block back end'),
    (['-bios', '/nonexistent'], None,
     rf"{PROG}: could not load PC BIOS '/nonexistent'"),
    (['-M', 'pc', '-m', '128,slots=1,maxmem=200000000'], None,
     rf'{PROG}: maximum memory size must by aligned to multiple of 4096 '
     r'bytes'),
    (['-M', 'none', '-device', 'virtio-rngx'], None,
     rf"{PROG}: -device virtio-rngx: 'virtio-rngx' is not a valid device "
     r"model name"),
    (['-M', 'nosuch'], None, rf'{PROG}: unsupported machine type\n'
     r'Use -machine help to list supported machines'),
    (['-M', 'none,foo=bar'], None,
     rf"{PROG}: Property 'none-machine.foo' not found"),
    (['-M', 'none,kernel'], None,
     rf"{PROG}: -M none,kernel: Expected '=' after parameter 'kernel'"),
    (['-M', 'none,dump-guest-core=maybe'], None,
     rf"{PROG}: Parameter 'dump-guest-core' expects 'on' or 'off'"),
    (['-M', 'none', '-m', '1Q'], None,
     rf"{PROG}: -m 1Q: Parameter 'size' expects a non-negative number "
     r"below 2\^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, "
     r"giga-, tera-, peta-\nand exabytes, respectively\."),
    (['-M', 'none', '-m', '-1'], None,
     rf"{PROG}: -m -1: Parameter 'size' expects a non-negative number"),
    (['-M', 'none', '-m', 'foo=1'], None,
     rf"{PROG}: -m foo=1: Invalid parameter 'foo'"),
    (['-M', 'none', '-m', '1G,slots=abc,maxmem=2G'], None,
     rf"{PROG}: -m 1G,slots=abc,maxmem=2G: Parameter 'slots' expects a "
     r"number"),
    (['-M', 'none', '-m', '1G,slots=2'], None,
     rf'{PROG}: slots specified but no max-size'),
    (['-M', 'none', '-m', '1G,maxmem=512M'], None,
     rf'{PROG}: invalid value of maxmem: maximum memory size \(0x20000000\) '
     r'must be at least the initial memory size \(0x40000000\)'),
    (['-M', 'none', '-smp', '4'], None,
     rf"{PROG}: Invalid SMP CPUs 4\. The max CPUs supported by machine "
     r"'none' is 1"),
    (['-M', 'none', '-smp', 'foo'], None,
     rf"{PROG}: Parameter 'smp.cpus' expects integer"),
    (['-M', 'none', '-smp', 'foo=1'], None,
     rf"{PROG}: Parameter 'smp.foo' is unexpected"),
    (['-M', 'none', '-smp', 'cpus=4,sockets=3'], None,
     rf'{PROG}: Invalid CPU topology: product of the hierarchy must match '
     r'maxcpus: sockets \(3\) \* cores \(1\) \* threads \(1\) != maxcpus '
     r'\(4\)'),
    (['-M', 'none', '-smp', '4,maxcpus=2'], None,
     rf'{PROG}: Invalid CPU topology: maxcpus must be equal to or greater '
     r'than smp: sockets \(1\) \* cores \(2\) \* threads \(1\) == maxcpus '
     r'\(2\) < smp_cpus \(4\)'),
    (['-M', 'none', '-cpu', 'nosuch'], None,
     rf"{PROG}: unable to find CPU model 'nosuch'"),
    (['-M', 'none', '-cpu', 'host'], None,
     rf"{PROG}: CPU model 'host' requires KVM"),
    (['-M', 'none', '-cpu', 'qemu64,family=999'], None,
     rf"{PROG}: can't apply global qemu64-x86_64-cpu\.family=999: Property "
     r"qemu64-x86_64-cpu\.family doesn't take value 999 \(minimum: 0, "
     r"maximum: 270\)"),
    (['-M', 'none', '-cpu', 'qemu64,foo=bar'], None,
     rf"{PROG}: can't apply global qemu64-x86_64-cpu\.foo=bar: Property "
     r"'qemu64-x86_64-cpu\.foo' not found"),
    (['-M', 'none', '-accel', 'nope'], None,
     rf'{PROG}: -accel nope: invalid accelerator nope'),
    (['-M', 'none', '-display', 'foo'], None,
     rf"{PROG}: -display foo: Parameter 'type' does not accept value 'foo'"),
    (['-M', 'none', '-uuid', 'abc'], None,
     rf'{PROG}: -uuid abc: failed to parse UUID string: wrong format'),
    (['-M', 'none', '-name', 'g,bogus=1'], None,
     rf"{PROG}: -name g,bogus=1: Invalid parameter 'bogus'"),
    (['-M', 'none', '-device', 'foo'], None,
     rf"{PROG}: -device foo: 'foo' is not a valid device model name"),
    (['-M', 'none', '-device', 'id=x'], None,
     rf"{PROG}: -device id=x: Parameter 'driver' is missing"),
    (['-M', 'none', '-device', 'foo,,x=1'], None,
     rf"{PROG}: -device foo,,x=1: 'foo,x=1' is not a valid device model "
     r"name"),
    (['-M', 'none', '-device', '{"driver": "x",'], None,
     rf'{PROG}: -device {{"driver": "x",: JSON parse error, premature EOI'),
    (['-M', 'none', '-device', '[1]'], None,
     rf"{PROG}: -device \[1\]: '\[1\]' is not a valid device model name"),
    (['-M', 'none', '-device', 'qemu64-x86_64-cpu'], None,
     rf"{PROG}: -device qemu64-x86_64-cpu: Parameter 'driver' expects a "
     r"pluggable device type"),
    (['-M', 'none', '-device', 'device'], None,
     rf"{PROG}: -device device: Parameter 'driver' expects a non-abstract "
     r"device type"),
    (['-M', 'none', '-device', 'corvid-test-leaf'], TESTBIN,
     rf"{TPROG}: -device corvid-test-leaf: No 'corvid-test-bus' bus found "
     r"for device 'corvid-test-leaf'"),
    (['-M', 'none', '-device', 'corvid-test-bridge,bar=1'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,bar=1: Property "
     r"'corvid-test-bridge\.bar' not found"),
    (['-M', 'none', '-device', 'corvid-test-bridge,u8=256'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,u8=256: Parameter 'u8' expects "
     r"uint8_t"),
    (['-M', 'none', '-device', 'corvid-test-bridge,u8=abc'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,u8=abc: Parameter 'u8' expects "
     r"integer"),
    (['-M', 'none', '-device', 'corvid-test-bridge,flag=maybe'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,flag=maybe: Parameter 'flag' "
     r"expects 'on' or 'off'"),
    (['-M', 'none', '-device', 'corvid-test-bridge,size=1Q'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,size=1Q: Parameter 'size' "
     r"expects size"),
    (['-M', 'none', '-device', 'corvid-test-bridge,mode=sometimes'],
     TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,mode=sometimes: Parameter "
     r"'mode' does not accept value 'sometimes' \(allowed: auto, on, off\)"),
    (['-M', 'none', '-device', 'corvid-test-bridge,peer=nowhere'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,peer=nowhere: Device 'nowhere' "
     r"not found"),
    (['-M', 'none', '-device', '{"driver": "corvid-test-bridge", '
      '"u8": "3"}'], TESTBIN,
     rf"{TPROG}: -device .*: Invalid parameter type for 'u8', expected: "
     r"integer"),
    (['-M', 'none', '-device', 'corvid-test-bridge,id=a', '-device',
      'corvid-test-bridge,id=a'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,id=a: Duplicate ID 'a' for "
     r"device"),
    (['-M', 'none', '-device', 'corvid-test-bridge,id=1a'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge,id=1a: Parameter 'id' expects "
     r"an identifier\nIdentifiers consist of letters, digits, '-', '\.', "
     r"'_', starting with a letter\."),
    (['-M', 'none', '-device', 'corvid-test-leaf,bus=nope'], TESTBIN,
     rf"{TPROG}: -device corvid-test-leaf,bus=nope: Bus 'nope' not found"),
    (['-M', 'none', '-device', 'corvid-test-bridge,fail-realize=on'],
     TESTBIN, rf"{TPROG}: -device corvid-test-bridge,fail-realize=on: "
     r"corvid-test-bridge: realize failed as asked"),
    (['-M', 'none', '-device', 'corvid-test-bridge,id=b',
      '-device', 'corvid-test-leaf,bus=b.0,slot=13'], TESTBIN,
     rf"{TPROG}: -device corvid-test-leaf,bus=b\.0,slot=13: "
     r"corvid-test-bridge: slot 13 is unlucky"),
    (['-M', 'none', '-device', 'corvid-test-bridge,id=b'] +
     ['-device', 'corvid-test-leaf,bus=b.0'] * 5, TESTBIN,
     rf"{TPROG}: -device corvid-test-leaf,bus=b\.0: Bus 'b\.0' is full"),
    (['-M', 'none', '-global', 'corvid-test-bridge.u8=abc', '-device',
      'corvid-test-bridge'], TESTBIN,
     rf"{TPROG}: -device corvid-test-bridge: can't apply global "
     r"corvid-test-bridge\.u8=abc: Parameter 'u8' expects integer"),
    (['-M', 'none', '-global', 'foo'], None,
     rf"{PROG}: -global foo: warning: short-form boolean option 'foo' "
     rf"deprecated\nPlease use foo=on instead\n{PROG}: -global foo: "
     r"Invalid parameter 'foo'"),
    (['-M', 'none', '-global', 'driver=x,property=y'], None,
     rf"{PROG}: -global driver=x,property=y: Parameter 'value' is missing"),
    (['-M', 'none', '-object', 'foo,id=x'], None,
     rf"{PROG}: -object foo,id=x: Parameter 'qom-type' does not accept "
     r"value 'foo'"),
    (['-M', 'none', '-object', 'corvid-test-object'], TESTBIN,
     rf"{TPROG}: -object corvid-test-object: Parameter 'id' is missing"),
    (['-M', 'none', '-object', 'corvid-test-object,id=x', '-object',
      'corvid-test-object,id=x'], TESTBIN,
     rf"{TPROG}: -object corvid-test-object,id=x: Duplicate ID 'x' for "
     r"object"),
    (['-M', 'none', '-object', 'corvid-test-object,id=x,size=-1x'],
     TESTBIN, rf"{TPROG}: -object corvid-test-object,id=x,size=-1x: "
     r"Parameter 'size' expects integer"),
    (['-M', 'none', '-object', 'corvid-test-object,id=x,fail-complete=on'],
     TESTBIN, rf"{TPROG}: -object corvid-test-object,id=x,"
     r"fail-complete=on: corvid-test-object: complete failed as asked"),
    (['-M', 'none', '-object', '{"qom-type": "corvid-test-object", '
      '"id": "x", "size": "1"}'], TESTBIN,
     rf"{TPROG}: -object .*: Invalid parameter type for 'size', expected: "
     r"integer"),
    (['-M', 'none', '-object', 'foo,help'], None,
     rf"{PROG}: -object foo,help: Parameter 'qom-type' does not accept "
     r"value 'foo'"),
    (['-M', 'none', '-chardev', 'foo,id=x'], None,
     rf"{PROG}: -chardev foo,id=x: 'foo' is not a valid char driver name"),
    (['-M', 'none', '-chardev', 'null'], None,
     rf'{PROG}: -chardev null: chardev: no id specified'),
    (['-M', 'none', '-chardev', 'null,id=x', '-chardev', 'null,id=x'], None,
     rf"{PROG}: -chardev null,id=x: Duplicate ID 'x' for chardev"),
    (['-M', 'none', '-chardev', 'socket,id=x,path=/nonexistent/sock'], None,
     rf"{PROG}: -chardev socket,id=x,path=/nonexistent/sock: Failed to "
     r"connect to '/nonexistent/sock': No such file or directory"),
    (['-M', 'none', '-chardev', 'socket,id=x,host=localhost'], None,
     rf'{PROG}: -chardev socket,id=x,host=localhost: chardev: socket: no '
     r'port given'),
    (['-M', 'none', '-chardev', 'ringbuf,id=x,size=3'], None,
     rf'{PROG}: -chardev ringbuf,id=x,size=3: size of ringbuf chardev must '
     r'be power of two'),
    (['-M', 'none', '-chardev', 'file,id=x'], None,
     rf'{PROG}: -chardev file,id=x: chardev: file: no filename given'),
    (['-M', 'none', '-chardev', 'socket,id=x,path=/tmp/x.sock,server=on,'
      'wait=off,reconnect=1'], None,
     rf"{PROG}: -chardev .*: 'reconnect' option is incompatible with socket "
     r"in server listen mode"),
    (['-M', 'none', '-qmp', 'nonsense'], None,
     rf"{PROG}: -qmp nonsense: 'nonsense' is not a valid char driver"),
    (['-M', 'none', '-serial', 'nonsense'], None,
     rf"{PROG}: -serial nonsense: 'nonsense' is not a valid char driver"),
    (['-M', 'none', '-mon', 'chardev=nope,mode=control'], None,
     rf'{PROG}: -mon chardev=nope,mode=control: chardev "nope" not found'),
    (['-M', 'none', '-chardev', 'null,id=c', '-mon', 'chardev=c,mode=control',
      '-mon', 'chardev=c,mode=control'], None,
     rf"{PROG}: -mon chardev=c,mode=control: Device 'c' is in use"),
    (['-M', 'none', '-chardev', 'null,id=c', '-mon', 'c'], None,
     rf'{PROG}: -mon c: Only QMP monitors are supported: use mode=control'),
    (['-M', 'none', '-chardev', 'null,id=c', '-mon',
      'c,mode=control,pretty=maybe'], None,
     rf"{PROG}: -mon c,mode=control,pretty=maybe: Parameter 'pretty' expects "
     r"'on' or 'off'"),
    (['-M', 'none', '-qtest', 'unix:/nonexistent/x'], None,
     rf'{PROG}: Failed to initialize device for qtest: '
     r'"unix:/nonexistent/x": Failed to connect to \'/nonexistent/x\': No '
     r'such file or directory'),
    (['-M', 'none', '-accel', 'qtest', '-qtest-log', '/nonexistent/log',
      '-qtest', 'null'], None,
     rf"{PROG}: Could not open qtest log file '/nonexistent/log': No such "
     r"file or directory"),
    (['-device', 'nosuch,help'], None,
     rf"{PROG}: -device nosuch,help: 'nosuch' is not a valid device model "
     r"name"),
] + [
    # -numa: option errors name the option, completion errors do not.
    (['-M', 'none', '-numa', 'node'], None,
     rf'{PROG}: -numa node: NUMA is not supported by this machine-type'),
    (['-M', 'none', '-numa', 'foo'], None,
     rf"{PROG}: -numa foo: Parameter 'type' does not accept value 'foo'"),
    (['-M', 'none', '-numa', 'nodeid=1'], None,
     rf"{PROG}: -numa nodeid=1: Parameter 'type' is missing"),
    (['-M', 'none', '-numa', 'node,foo=1'], None,
     rf"{PROG}: -numa node,foo=1: Invalid parameter 'foo'"),
    (['-M', 'none', '-numa', 'dist,src=0,dst=1'], None,
     rf"{PROG}: -numa dist,src=0,dst=1: Parameter 'val' is missing"),
] + [(['-M', 'corvid-test-x86', '-object',
       'memory-backend-ram,id=m0,size=64M', '-object',
       'memory-backend-ram,id=m1,size=64M'] + args, TESTBIN,
      rf'{TPROG}: ' + msg) for args, msg in [
    (['-numa', 'node,mem=64M'],
     r'-numa node,mem=64M: Parameter -numa node,mem is not supported by '
     r'this machine type\nUse -numa node,memdev instead'),
    (['-numa', 'node,nodeid=128'],
     r'-numa node,nodeid=128: Max number of NUMA nodes reached: 128'),
    (['-numa', 'node,nodeid=x'],
     r"-numa node,nodeid=x: Parameter 'nodeid' expects a uint64 value"),
    (['-numa', 'node,memdev=m0,nodeid=1', '-numa', 'node,nodeid=1'],
     r'-numa node,nodeid=1: Duplicate NUMA nodeid: 1'),
    (['-numa', 'node,memdev=nope'],
     r'-numa node,memdev=nope: memdev=nope is ambiguous'),
    (['-numa', 'node,memdev=m0,mem=64M'],
     r'-numa node,memdev=m0,mem=64M: numa configuration should use either '
     r'mem= or memdev=,mixing both is not allowed'),
    (['-smp', '4', '-numa', 'node,memdev=m0,cpus=0-9'],
     r'-numa node,memdev=m0,cpus=0-9: CPU index \(4\) should be smaller '
     r'than maxcpus \(4\)'),
    (['-smp', '4', '-numa', 'node,memdev=m0,cpus=2-1'],
     r"-numa node,memdev=m0,cpus=2-1: Parameter 'cpus' expects a uint64 "
     r'value or range'),
    (['-smp', '4', '-numa', 'node,memdev=m0,cpus=0,cpus=3', '-numa',
      'node,memdev=m1,cpus=1-3'],
     r'-numa node,memdev=m1,cpus=1-3: CPU is already assigned to node-id: '
     r'0'),
    (['-numa', 'node,memdev=m0,initiator=0'],
     r'-numa node,memdev=m0,initiator=0: ACPI Heterogeneous Memory '
     r'Attribute Table \(HMAT\) is disabled, enable it with -machine '
     r'hmat=on before using any of hmat specific options'),
    (['-numa', 'node,memdev=m0'],
     r'total memory for NUMA nodes \(0x4000000\) should equal RAM size '
     r'\(0x8000000\)'),
    (['-numa', 'node,memdev=m0,nodeid=1', '-numa', 'node,memdev=m1,nodeid=2'],
     r'numa: Node ID missing: 0'),
    (['-numa', 'node,memdev=m0', '-numa', 'node,memdev=m0'],
     r"memory backend m0 can't be used multiple times\."),
    (['-M', 'memory-backend=m0', '-m', '128M', '-numa', 'node,memdev=m0',
      '-numa', 'node,memdev=m1'],
     r"'-machine memory-backend' and '-numa memdev' properties are "
     r'mutually exclusive'),
    (['-numa', 'node,memdev=m0', '-numa', 'dist,src=0,dst=1,val=20'],
     r"-numa dist,src=0,dst=1,val=20: Source/Destination NUMA node is "
     r"missing\. Please use '-numa node' option to declare it first\."),
    (['-numa', 'node,memdev=m0', '-numa', 'node,memdev=m1', '-numa',
      'dist,src=0,dst=1,val=5'],
     r"-numa dist,src=0,dst=1,val=5: NUMA distance \(5\) is invalid, it "
     r"shouldn't be less than 10\."),
    (['-numa', 'node,memdev=m0', '-numa', 'dist,src=0,dst=0,val=20'],
     r'-numa dist,src=0,dst=0,val=20: Local distance of node 0 should be '
     r'10\.'),
    (['-numa', 'node,memdev=m0', '-numa', 'node,memdev=m1', '-numa',
      'dist,src=0,dst=0,val=10'],
     r'The distance between node 0 and 1 is missing, at least one distance '
     r'value between each nodes should be provided\.'),
    (['-numa', 'node,memdev=m0', '-numa', 'cpu,socket-id=0'],
     r'-numa cpu,socket-id=0: Missing mandatory node-id property'),
    (['-numa', 'node,memdev=m0', '-numa', 'cpu,node-id=0,socket-id=5'],
     r'-numa cpu,node-id=0,socket-id=5: no match found'),
    (['-numa', 'node,memdev=m0', '-numa', 'cpu,node-id=0,die-id=0'],
     r'-numa cpu,node-id=0,die-id=0: die-id is not supported'),
    (['-numa', 'node,memdev=m0', '-numa', 'cpu,node-id=3'],
     r"-numa cpu,node-id=3: Invalid node-id=3, NUMA node must be defined "
     r"with -numa node,nodeid=ID before it's used with -numa "
     r"cpu,node-id=ID"),
]] + [
    # -boot: drive letters and types are the "boot" property's errors,
    # reported without the option, as qemu does.
    (['-M', 'none', '-boot', 'order=x'], None,
     rf"{PROG}: Invalid boot device 'x'"),
    (['-M', 'none', '-boot', 'cdc'], None,
     rf"{PROG}: Boot device 'c' was given twice"),
    (['-M', 'none', '-boot', 'once=z'], None,
     rf"{PROG}: Invalid boot device 'z'"),
    (['-M', 'none', '-boot', 'menu=foo'], None,
     rf"{PROG}: Parameter 'boot\.menu' expects 'on' or 'off'"),
    (['-M', 'none', '-boot', 'splash-time=x'], None,
     rf"{PROG}: Parameter 'boot\.splash-time' expects integer"),
    (['-M', 'none', '-boot', 'strict=x'], None,
     rf"{PROG}: Parameter 'boot\.strict' expects 'on' or 'off'"),
    (['-M', 'none', '-boot', 'foo=1'], None,
     rf"{PROG}: Parameter 'boot\.foo' is unexpected"),
    (['-M', 'none', '-boot', 'c,d'], None,
     rf"{PROG}: -boot c,d: Expected '=' after parameter 'd'"),
    (['-M', 'none,boot=d'], None,
     rf"{PROG}: Invalid parameter type for 'boot', expected: object"),
    (['-M', 'none', '-boot', 'once=d'], None,
     rf'{PROG}: no function defined to set boot device list for this '
     r'architecture'),
    (['-M', 'corvid-test-x86', '-boot', 'splash-time=70000'], TESTBIN,
     rf'{TPROG}: splash-time is invalid,it should be a value between 0 and '
     r'65535'),
    (['-M', 'corvid-test-x86', '-boot', 'reboot-timeout=-2'], TESTBIN,
     rf'{TPROG}: reboot timeout is invalid,it should be a value between -1 '
     r'and 65535'),
] + [
    # -netdev, in qemu's words
    (['-M', 'none', '-netdev', a], None, rf'{PROG}: -netdev {re.escape(a)}: '
     + msg) for a, msg in [
        ('foo,id=n', r"Parameter 'type' does not accept value 'foo'"),
        ('socket', r"Parameter 'id' is missing"),
        ('socket,id=n', r'exactly one of listen=, connect=, mcast= or udp= '
         r'is required'),
        ('socket,id=n,foo=1', r"Invalid parameter 'foo'"),
        ('socket,id=n,listen=bogus', r"host address 'bogus' doesn't contain "
         r"':' separating host from port"),
        ('socket,id=n,udp=127.0.0.1:5000', r'localaddr= is mandatory with '
         r'udp='),
        ('socket,id=n,mcast=127.0.0.1:5000', r'specified mcastaddr '
         r'127.0.0.1 \(0x7f000001\) does not contain a multicast address'),
        ('stream,id=n', r"Parameter 'addr' is missing"),
        ('stream,id=n,addr.type=inet', r"Parameter 'addr.host' is missing"),
        ('dgram,id=n', r'dgram requires local= parameter'),
        ('hubport,id=n', r"Parameter 'hubid' is missing"),
    ]
] + [
    (['-netdev', 'hubport,id=n,hubid=0', '-netdev', 'hubport,id=n,hubid=0'],
     None, rf"{PROG}: -netdev hubport,id=n,hubid=0: Duplicate ID 'n' for "
     r'netdev'),
    (['-M', 'pc', '-netdev', 'hubport,id=h,hubid=0', '-device',
      'virtio-net-pci,netdev=nope'], None,
     rf"{PROG}: -device virtio-net-pci,netdev=nope: Property "
     r"'virtio-net-device.netdev' can't find value 'nope'"),
    (['-M', 'pc', '-device', 'virtio-net-pci,mac=zz'], None,
     rf"{PROG}: -device virtio-net-pci,mac=zz: Property "
     r"'virtio-net-device.mac' doesn't take value 'zz'"),
    (['-M', 'pc', '-netdev', 'hubport,id=h,hubid=0', '-device',
      'virtio-net-pci,netdev=h', '-device', 'virtio-net-pci,netdev=h'], None,
     rf"{PROG}: -device virtio-net-pci,netdev=h: Property "
     r"'virtio-net-device.netdev' can't take value 'h', it's in use"),
]


# Block back ends and virtio-blk-pci, in qemu 7.2's words.  The image is
# created by test_bad_options before these run.
BLK_IMG = f'/tmp/corvid-cmdline-{os.getpid()}.img'
BLK_F = f'driver=file,node-name=f,filename={BLK_IMG}'
BLK_DRIVE = f'file={BLK_IMG},format=raw,if=none,id=d0'
BAD += [
    (['-M', 'none', '-blockdev', 'driver=nosuch,node-name=a'], None,
     rf"{PROG}: -blockdev driver=nosuch,node-name=a: Parameter 'driver' "
     r"does not accept value 'nosuch'"),
    (['-M', 'none', '-blockdev', 'driver=file,node-name=a'], None,
     rf"{PROG}: -blockdev driver=file,node-name=a: Parameter 'filename' is "
     r'missing'),
    (['-M', 'none', '-blockdev', 'driver=file,node-name=a,filename=/no/x'],
     None, rf'{PROG}: -blockdev driver=file,node-name=a,filename=/no/x: '
     r"Could not open '/no/x': No such file or directory"),
    (['-M', 'none', '-blockdev', BLK_F, '-blockdev', BLK_F], None,
     rf'{PROG}: -blockdev {re.escape(BLK_F)}: Duplicate nodes with '
     r"node-name='f'"),
    (['-M', 'none', '-blockdev', f'driver=file,filename={BLK_IMG}'], None,
     rf'{PROG}: -blockdev driver=file,filename={re.escape(BLK_IMG)}: '
     r"'node-name' must be specified for the root node"),
    (['-M', 'none', '-blockdev', 'driver=raw,node-name=r,file=nope'], None,
     rf'{PROG}: -blockdev driver=raw,node-name=r,file=nope: Cannot find '
     r"device='nope' nor node-name='nope'"),
    (['-M', 'none', '-drive', f'file={BLK_IMG},format=qcow3,if=none'], None,
     rf'{PROG}: -drive file={re.escape(BLK_IMG)},format=qcow3,if=none: '
     r"Unknown driver 'qcow3'"),
    (['-M', 'none', '-drive', 'format=raw,if=none,id=d0'], None,
     rf'{PROG}: -drive format=raw,if=none,id=d0: A block device must be '
     r'specified for "file"'),
    (['-M', 'none', '-drive', BLK_DRIVE, '-drive', BLK_DRIVE], None,
     rf"{PROG}: -drive {re.escape(BLK_DRIVE)}: Duplicate ID 'd0' for drive"),
    (['-M', 'pc', '-device', 'virtio-blk-pci,drive=nope'], None,
     rf'{PROG}: -device virtio-blk-pci,drive=nope: Property '
     r"'virtio-blk-device.drive' can't find value 'nope'"),
    (['-M', 'pc', '-device', 'virtio-blk-pci'], None,
     rf'{PROG}: -device virtio-blk-pci: drive property not set'),
    (['-M', 'pc', '-drive', BLK_DRIVE, '-device', 'virtio-blk-pci,drive=d0',
      '-device', 'virtio-blk-pci,drive=d0'], None,
     rf"{PROG}: -device virtio-blk-pci,drive=d0: Drive 'd0' is already in "
     r'use by another device'),
]

# Two writers on one node: whoever does not share write conflicts with
# whoever writes, named by QOM path.
VB = 'virtio-blk-pci,drive=f'
PERM = (r"Permission conflict on node 'f': permissions 'write' are both "
        r"required by block device '/machine/{}/virtio-backend' \(uses node "
        r"'f' as 'root' child\) and unshared by block device "
        r"'/machine/{}/virtio-backend' \(uses node 'f' as 'root' child\)\.$")
ANON0 = r'peripheral-anon/device\[0\]'
ANON1 = r'peripheral-anon/device\[1\]'
BAD += [
    (['-M', 'pc', '-blockdev', BLK_F, '-device', VB, '-device', VB], None,
     rf'{PROG}: -device {VB}: ' + PERM.format(ANON0, ANON1)),
    (['-M', 'pc', '-blockdev', BLK_F, '-device', f'{VB},id=a',
      '-device', f'{VB},id=b'], None,
     rf'{PROG}: -device {VB},id=b: ' +
     PERM.format('peripheral/a', 'peripheral/b')),
    (['-M', 'pc', '-blockdev', BLK_F, '-device', f'{VB},share-rw=on',
      '-device', VB], None,
     rf'{PROG}: -device {VB}: ' + PERM.format(ANON0, ANON1)),
    (['-M', 'pc', '-blockdev', BLK_F, '-device', VB,
      '-device', f'{VB},share-rw=on'], None,
     rf'{PROG}: -device {VB},share-rw=on: ' + PERM.format(ANON1, ANON0)),
]


def test_bad_options(t):
    with open(BLK_IMG, 'wb') as f:
        f.truncate(1024 * 1024)
    try:
        bad_options(t)
    finally:
        os.unlink(BLK_IMG)


def test_shared_nodes(t):
    """share-rw=on on every writer, or a read-only node: no conflict."""
    with open(BLK_IMG, 'wb') as f:
        f.truncate(1024 * 1024)
    try:
        start_and_signal(t, ['-M', 'pc', '-S', '-display', 'none',
                             '-nodefaults', '-blockdev', BLK_F,
                             '-device', f'{VB},share-rw=on',
                             '-device', f'{VB},share-rw=on'],
                         signal.SIGTERM, 'two writers sharing write')
        start_and_signal(t, ['-M', 'pc', '-S', '-display', 'none',
                             '-nodefaults', '-blockdev',
                             f'{BLK_F},read-only=on',
                             '-device', VB, '-device', VB],
                         signal.SIGTERM, 'two devices on a read-only node')
    finally:
        os.unlink(BLK_IMG)


def bad_options(t):
    for args, binary, pattern in BAD:
        try:
            rc, out, err = run(args, binary=binary, timeout=10)
        except subprocess.TimeoutExpired:
            t.check(False, f'{" ".join(args)}: exits', detail='timed out')
            continue
        name = ' '.join(args) or '(no arguments)'
        t.check(rc == 1 and re.match(pattern, err.strip()) is not None,
                f'rejected: {name}',
                detail=f'status {rc}\nstderr: {err}\nwanted: {pattern}')
        t.check('Sanitizer' not in err and 'runtime error' not in err,
                f'no sanitizer report: {name}', detail=err)


def peerless_warnings(args, qtest=False):
    """The start-up warnings of @args (the emulator is then stopped)."""
    extra = ['-accel', 'qtest'] if qtest else []
    p = subprocess.Popen([BIN, '-display', 'none', '-nodefaults', '-S'] +
                         extra + args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    head = PROG + ': warning: '
    return [line[len(head):] for line in err.splitlines()
            if line.startswith(head)]


def test_peerless_warnings(t):
    tmp = tempfile.mkdtemp()
    sock = [os.path.join(tmp, f's{i}') for i in range(3)]
    stream = 'stream,id={},server=on,addr.type=unix,addr.path={}'
    args = ['-M', 'pc', '-netdev', 'hubport,id=h0,hubid=0',
            '-device', 'virtio-net-pci,netdev=h0',
            '-netdev', 'hubport,id=h1,hubid=1',
            '-netdev', stream.format('s0', sock[0]),
            '-device', 'virtio-net-pci,id=nn',
            '-netdev', 'hubport,id=h2,hubid=2',
            '-netdev', 'hubport,id=h3,hubid=2',
            '-device', 'virtio-net-pci,netdev=h2',
            '-netdev', stream.format('s1', sock[1]),
            '-netdev', 'hubport,id=h4,hubid=2,netdev=s1',
            '-netdev', stream.format('s5', sock[2]),
            '-netdev', 'hubport,id=h5,hubid=5,netdev=s5']
    # What qemu 7.2 prints for these options, in its order (stream
    # netdevs are made before the others).
    want = ['hub 5 with no nics',
            'hub port h3 has no peer',
            'hub port h1 has no peer',
            'hub 0 is not connected to host network',
            'netdev s0 has no peer',
            'netdev h1 has no peer',
            'netdev h3 has no peer',
            'nic nn has no peer']
    t.equal(peerless_warnings(args), want,
            'clients without peers are warned about as qemu does')
    t.equal(peerless_warnings(args, qtest=True),
            [w for w in want if 'host network' not in w],
            'under qtest a hub of cards alone is not warned about')
    t.equal(peerless_warnings(['-M', 'none']), [],
            'no network, no warning')
    shutil.rmtree(tmp, ignore_errors=True)


def main():
    t = Tap()
    t.run(test_lifecycle)
    t.run(test_control_plane)
    t.run(test_info_options)
    t.run(test_device_help)
    t.run(test_bad_options)
    t.run(test_shared_nodes)
    t.run(test_peerless_warnings)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
