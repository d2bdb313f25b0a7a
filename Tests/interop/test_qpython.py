"""qPython (qpython3) against `qrt -p PORT`: values of every type, values qPython
serializes, a 100,000-row table through pandas, errors, async messages and pushes."""
import sys
import uuid

import numpy
# qpython3 1.0 predates NumPy 2, which dropped these aliases.
for old, new in [('string_', 'bytes_'), ('unicode_', 'str_'), ('float_', 'float64'), ('bool8', 'bool_'), ('NaN', 'nan')]:
    if not hasattr(numpy, old):
        setattr(numpy, old, getattr(numpy, new))

from qpython import qconnection  # noqa: E402
from qpython.qcollection import qlist  # noqa: E402
from qpython.qtype import QException, QLONG_LIST, QSYMBOL_LIST  # noqa: E402

from harness import Checks  # noqa: E402

PORT = int(sys.argv[1])
t = Checks('interop qpython')

q = qconnection.QConnection(host='localhost', port=PORT, pandas=False)
q.open()
t.equal('protocol version', q.protocol_version, 3)


def atoms():
    t.equal('bool', bool(q.sendSync('1b')), True)
    t.equal('byte', int(q.sendSync('0x2a')), 42)
    t.equal('short', int(q.sendSync('42h')), 42)
    t.equal('int', int(q.sendSync('42i')), 42)
    t.equal('long', int(q.sendSync('42')), 42)
    t.equal('real', float(q.sendSync('1.5e')), 1.5)
    t.equal('float', float(q.sendSync('2.25')), 2.25)
    t.equal('char', q.sendSync('"c"'), b'c')
    t.equal('symbol', q.sendSync('`sym'), b'sym')
    t.equal('guid', q.sendSync('"G"$"8c680a01-5a49-5aab-5a65-d4bfddb6a661"'),
            uuid.UUID('8c680a01-5a49-5aab-5a65-d4bfddb6a661'))
    for expr, want in [('2024.01.02', '2024-01-02'), ('2000.01.01D00:00:00.000000123', '2000-01-01T00:00:00.000000123'),
                       ('0D00:00:01', '1000000000 nanoseconds'), ('2000.03m', '2000-03'), ('00:03', '3 minutes'),
                       ('00:00:03', '3 seconds'), ('00:00:00.003', '3 milliseconds'),
                       ('2000.01.01T12:00:00.000', '2000-01-01T12:00:00.000')]:
        t.equal(f'temporal {expr}', str(q.sendSync(expr).raw), want)
    t.equal('long null', int(q.sendSync('0N')), -2**63)
    t.check('float null', numpy.isnan(q.sendSync('0n')))


def vectors():
    t.equal('longs', list(q.sendSync('til 5')), [0, 1, 2, 3, 4])
    t.equal('floats', list(q.sendSync('1.5 2.5')), [1.5, 2.5])
    t.equal('symbols', list(q.sendSync('`a`b')), [b'a', b'b'])
    t.equal('string', q.sendSync('"hello"'), b'hello')
    t.equal('bools', [bool(x) for x in q.sendSync('101b')], [True, False, True])
    t.equal('general list', [x if isinstance(x, bytes) else int(x) for x in q.sendSync('(1;`a)')], [1, b'a'])
    d = q.sendSync('`a`b!1 2')
    t.equal('dictionary keys', list(d.keys), [b'a', b'b'])
    t.equal('dictionary values', list(d.values), [1, 2])
    tab = q.sendSync('([]a:1 2;b:`x`y)')
    t.equal('table column a', list(tab['a']), [1, 2])
    t.equal('table column b', list(tab['b']), [b'x', b'y'])
    lam = q.sendSync('{x+y}')
    t.equal('lambda', lam.expression, '{x+y}')


def arguments():
    t.equal('long args', int(q.sendSync('{x*y}', numpy.int64(6), numpy.int64(7))), 42)
    t.equal('string arg', int(q.sendSync('{type x}', 'abc')), 10)
    t.equal('symbol arg', int(q.sendSync('{type x}', numpy.bytes_(b'abc'))), -11)
    t.equal('long list arg', list(q.sendSync('{x,x}', qlist([1, 2], qtype=QLONG_LIST))), [1, 2, 1, 2])
    t.equal('symbol list arg', list(q.sendSync('{reverse x}', qlist(['a', 'b'], qtype=QSYMBOL_LIST))), [b'b', b'a'])
    t.equal('lambda round trip', q.sendSync('{x}', q.sendSync('{x+y}')).expression, '{x+y}')
    t.equal('applied lambda', int(q.sendSync(q.sendSync('{x+y}'), numpy.int64(1), numpy.int64(2))), 3)


def big_table():
    qp = qconnection.QConnection(host='localhost', port=PORT, pandas=True)
    qp.open()
    n = 100000
    df = qp.sendSync(f'([]time:2024.01.01D+til {n};sym:{n}#`a`b`c;price:1.0+til {n};size:til {n})')
    t.equal('100k rows', len(df), n)
    t.equal('100k columns', list(df.columns), ['time', 'sym', 'price', 'size'])
    t.equal('100k sum', int(df['size'].sum()), n * (n - 1) // 2)
    t.equal('100k sent back', int(qp.sendSync('{count x}', df)), n)
    qp.close()


def errors():
    for expr, name in [('1+`a', b'type'), ("'`custom", b'custom')]:
        try:
            q.sendSync(expr)
            t.check(f'error {expr}', False, 'no exception')
        except QException as e:
            t.equal(f'error {expr}', e.args[0], name)
    t.equal('usable after errors', int(q.sendSync('1+1')), 2)


def async_and_pushes():
    q.sendAsync('qpAsync:7')
    t.equal('async then sync', int(q.sendSync('qpAsync')), 7)
    # Deferred response: the server answers an async request by pushing to .z.w.
    q.sendAsync('{neg[.z.w] x*2}', numpy.int64(21))
    t.equal('pushed answer', int(q.receive(data_only=True)), 42)
    q.sendAsync('{neg[.z.w] each x}', qlist([1, 2, 3], qtype=QLONG_LIST))
    t.equal('three pushes', [int(q.receive(data_only=True)) for _ in range(3)], [1, 2, 3])


t.run('atoms', atoms)
t.run('vectors', vectors)
t.run('arguments', arguments)
t.run('big table', big_table)
t.run('errors', errors)
t.run('async and pushes', async_and_pushes)
q.close()
sys.exit(t.summary())
