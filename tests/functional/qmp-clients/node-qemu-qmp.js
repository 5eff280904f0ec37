// Drive a QMP monitor with the third-party "qemu-qmp" npm library
// (node-qemu-qmp), written for qemu and not for Corvid.  Prints one JSON
// line per step for test_qmp_clients.py to check.
//
// Usage: node node-qemu-qmp.js SOCKET-PATH
'use strict';
const QMP = require('qemu-qmp');

const qmp = new QMP();
const say = (step, value) =>
  console.log(JSON.stringify({ step: step, value: value }));

qmp.connect(process.argv[2], function (err) {
  if (err) {
    say('connect', { error: err.message });
    process.exit(1);
  }
  say('version', this.version);
  say('capabilities', this.capabilities);
  qmp.on('stop', (name) => say('event', name));
  qmp.execute('query-status', function (err, status) {
    say('query-status', err ? { error: err.message } : status);
    qmp.execute('query-commands', function (err, cmds) {
      say('query-commands', err ? { error: err.message }
                                : cmds.map((c) => c.name).sort());
      qmp.execute('no-such-command', function (err) {
        say('bad-command', err ? { error: err.message } : null);
        qmp.execute('stop', function (err) {
          say('stop', err ? { error: err.message } : 'ok');
          qmp.execute('qom-get', { path: '/machine', property: 'type' },
            function (err, type) {
              say('qom-get', err ? { error: err.message } : type);
              qmp.execute('quit', function (err) {
                say('quit', err ? { error: err.message } : 'ok');
              });
            });
        });
      });
    });
  });
});
qmp.on('close', () => say('closed', true));
