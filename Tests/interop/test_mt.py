"""PyKX and qPython against `qrt -p -PORT` (multithreaded input mode): concurrent
clients on threads of their own, read-only queries, 'noupdate on assignment."""
import sys
import threading

import numpy
for old, new in [('string_', 'bytes_'), ('unicode_', 'str_'), ('float_', 'float64'), ('bool8', 'bool_'), ('NaN', 'nan')]:
    if not hasattr(numpy, old):
        setattr(numpy, old, getattr(numpy, new))

import pykx as kx  # noqa: E402
from qpython import qconnection  # noqa: E402
from qpython.qtype import QException  # noqa: E402

from harness import Checks  # noqa: E402

PORT = int(sys.argv[1])
t = Checks('interop multithreaded input')


def pykx_client():
    with kx.SyncQConnection(port=PORT) as q:
        t.equal('pykx reads a global', q('count t').py(), 1000)
        t.equal('pykx port reads back negative', q('\\p').py(), -PORT)
        try:
            q('t:1')
            t.check('pykx assignment refused', False, 'no error')
        except kx.QError as e:
            t.equal('pykx assignment refused', str(e), 'noupdate')


def qpython_clients():
    results = []
    lock = threading.Lock()

    def worker(k):
        q = qconnection.QConnection(host='localhost', port=PORT, pandas=False)
        q.open()
        try:
            for _ in range(50):
                v = int(q.sendSync('{x+sum t`a}', k))
                with lock:
                    results.append(v - k)
            try:
                q.sendSync('a:1')
                err = None
            except QException as e:
                msg = e.args[0] if e.args else ''
                err = msg.decode() if isinstance(msg, bytes) else str(msg)
            with lock:
                results.append(err)
        finally:
            q.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    sums = [r for r in results if isinstance(r, int)]
    errors = [r for r in results if not isinstance(r, int)]
    t.equal('8 qpython clients x 50 queries', len(sums), 400)
    t.check('every query saw the table', all(s == 499500 for s in sums), str(set(sums)))
    t.equal('every client refused assignment', errors, ['noupdate'] * 8)


t.run('pykx', pykx_client)
t.run('qpython', qpython_clients)
sys.exit(t.summary())
