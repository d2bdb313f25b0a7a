"""PyKX (unlicensed, IPC only) against `qrt -p PORT`.

Covers what pykx sends while connecting (k-mode probes, ("key";`.q), .s checks), values
of every type decoded by pykx, values pykx serializes decoded by qrt, a 100,000-row
table, errors, async messages, and server pushes over RawQConnection (the IPC half of
PyKX's threaded example).
"""
import asyncio
import datetime
import os
import sys
import uuid

os.environ.setdefault('PYKX_UNLICENSED', 'true')
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pykx as kx  # noqa: E402

from harness import Checks  # noqa: E402

PORT = int(sys.argv[1])
t = Checks('interop pykx')


def connect():
    # Connecting runs pykx's probes: k){...} on `.q, ("key";`.q), @[{2<count .s};(::);{0b}].
    return kx.SyncQConnection('localhost', PORT)


q = connect()


def atoms():
    cases = [
        ('1b', True), ('0x2a', 42), ('42h', 42), ('42i', 42), ('42', 42), ('1.5e', 1.5), ('2.25', 2.25),
        ('"c"', b'c'), ('`sym', 'sym'), ('2024.01.02', datetime.date(2024, 1, 2)),
        ('2024.01.02D03:04:05.123456', datetime.datetime(2024, 1, 2, 3, 4, 5, 123456)),
        ('0D01:02:03', datetime.timedelta(hours=1, minutes=2, seconds=3)),
        ('01:02:03', datetime.timedelta(hours=1, minutes=2, seconds=3)),
        ('"G"$"8c680a01-5a49-5aab-5a65-d4bfddb6a661"', uuid.UUID('8c680a01-5a49-5aab-5a65-d4bfddb6a661')),
        ('0Ng', uuid.UUID(int=0)),
    ]
    for expr, want in cases:
        got = q(expr).py()
        if isinstance(want, float):
            t.check(f'atom {expr}', abs(got - want) < 1e-6, repr(got))
        else:
            t.equal(f'atom {expr}', got, want)
    t.equal('type of 1.5e', type(q('1.5e')).__name__, 'RealAtom')
    t.equal('type of 2024.01m', type(q('2024.01m')).__name__, 'MonthAtom')
    t.equal('type of 12:00', type(q('12:00')).__name__, 'MinuteAtom')
    t.equal('type of 12:00:00.001', type(q('12:00:00.001')).__name__, 'TimeAtom')
    t.equal('type of datetime', type(q('2024.01.02T03:04:05.000')).__name__, 'DatetimeAtom')
    t.check('long null', q('0N').is_null)
    t.check('float null', np.isnan(q('0n').py()))
    t.equal('long infinity', int(q('0W').np()), 2**63 - 1)


def vectors():
    t.equal('bools', q('101b').py(), [True, False, True])
    t.equal('longs', q('til 5').py(), [0, 1, 2, 3, 4])
    t.equal('ints', q('1 2 3i').np().tolist(), [1, 2, 3])
    t.equal('floats', q('1.5 2.5').py(), [1.5, 2.5])
    t.equal('symbols', q('`a`b`c').py(), ['a', 'b', 'c'])
    t.equal('string', q('"hello"').py(), b'hello')
    t.equal('bytes', q('0x0102ff').py(), [1, 2, 255])
    t.equal('dates', q('2024.01.01 2024.01.02').py(), [datetime.date(2024, 1, 1), datetime.date(2024, 1, 2)])
    t.equal('general list', q('(1;`a;"x";2.5)').py(), [1, 'a', b'x', 2.5])
    t.equal('nested', q('(1 2;`a`b)').py(), [[1, 2], ['a', 'b']])
    t.equal('dictionary', q('`a`b!1 2').py(), {'a': 1, 'b': 2})
    t.equal('table', q('([]a:1 2;b:`x`y)').py(), {'a': [1, 2], 'b': ['x', 'y']})
    kt = q('([k:`a`b]v:1 2)')
    t.equal('keyed table', type(kt).__name__, 'KeyedTable')
    t.equal('keyed table pd', kt.pd()['v'].tolist(), [1, 2])
    t.check('lambda', type(q('{x+y}')).__name__ in ('Lambda', 'CharVector'), type(q('{x+y}')).__name__)
    t.equal('identity', type(q('::')).__name__, 'Identity')
    t.equal('sorted attribute survives', q('attr `s#1 2 3').py(), 's')


def arguments():
    # Values pykx serializes, decoded and used by qrt.
    t.equal('long arg', q('{x*y}', 6, 7).py(), 42)
    t.equal('symbol arg', q('{type x}', 'abc').py(), -11)
    t.equal('numpy longs', q('{(type x;count x;last x)}', np.arange(10)).py(), [7, 10, 9])
    t.equal('numpy floats', q('{(type x;last x)}', np.array([1.5, 2.5])).py(), [9, 2.5])
    t.equal('bytes arg', q('{(type x;x)}', b'abc').py(), [10, b'abc'])
    t.equal('list arg', q('{count x}', [1, 'a', 2.5]).py(), 3)
    t.equal('dict arg', q('{key x}', {'a': 1, 'b': 2}).py(), ['a', 'b'])
    df = pd.DataFrame({'a': [1, 2, 3], 'b': ['x', 'y', 'z'], 'c': [1.5, 2.5, 3.5]})
    t.equal('dataframe arg', q('{(count x;cols x)}', df).py(), [3, ['a', 'b', 'c']])
    back = q('{x}', df).pd()
    t.equal('dataframe round trip', back['c'].tolist(), [1.5, 2.5, 3.5])
    t.equal('timestamp arg', q('{type x}', datetime.datetime(2024, 1, 2, 3, 4, 5)).py(), -12)
    t.equal('date arg', q('{x}', datetime.date(2024, 5, 6)).py(), datetime.date(2024, 5, 6))


def big_table():
    n = 100000
    tab = q(f'([]time:.z.p+til {n};sym:{n}#`a`b`c;price:1.0+til {n};size:til {n})')
    df = tab.pd()
    t.equal('100k rows', len(df), n)
    t.equal('100k columns', list(df.columns), ['time', 'sym', 'price', 'size'])
    t.equal('100k sum', int(df['size'].sum()), n * (n - 1) // 2)
    t.equal('100k syms', df['sym'].tolist()[:4], ['a', 'b', 'c', 'a'])
    t.equal('100k sent back', q('{count x}', df).py(), n)


def errors():
    for expr, name in [('1+`a', 'type'), ("'`custom", 'custom'), ('undefinedName', 'undefinedName')]:
        try:
            q(expr)
            t.check(f'error {expr}', False, 'no exception')
        except kx.QError as e:
            t.check(f'error {expr}', name in str(e), str(e))
    t.equal('usable after errors', q('1+1').py(), 2)


def async_and_callbacks():
    q('asyncTarget:0')
    q('asyncTarget:42', wait=False)
    t.equal('async then sync', q('asyncTarget').py(), 42)
    t.check('.z.w is a handle', q('.z.w').py() >= 3)
    q('.z.pg:{$[10h=type x;value x;value x]}')
    t.equal('custom .z.pg', q('2+3').py(), 5)
    q('\\x .z.pg')
    q('seen:(); .z.ps:{seen,:enlist x; value x}')
    q('"noop"', wait=False)
    t.check('.z.ps saw the async message', q('count seen').py() >= 1)
    q('\\x .z.ps')


async def pushes():
    n, calls = 4, 200
    conns = [await kx.RawQConnection('localhost', PORT, event_loop=asyncio.get_running_loop()) for _ in range(n)]
    for i, c in enumerate(conns):
        await c(f'py_server{i}: neg .z.w')
    q('send_data:{' + ';'.join(f'py_server{i}[2?100]' for i in range(n)) + '}')
    q(f'do[{calls};send_data[]]', wait=False)
    rows = []

    async def receive(c):
        got = 0
        while got < calls:
            msg = c.poll_recv()
            if msg is None:
                await asyncio.sleep(0.001)
                continue
            v = msg.py()
            if isinstance(v, list) and len(v) == 2:
                rows.append(v)
            got += 1

    await asyncio.wait_for(asyncio.gather(*(receive(c) for c in conns)), timeout=60)
    t.equal('pushed rows', len(rows), n * calls)
    t.check('rows are two longs below 100', all(0 <= x < 100 for r in rows for x in r))
    for c in conns:
        await c.close()


def unix_socket():
    u = kx.SyncQConnection(port=PORT, unix=True)
    t.equal('unix socket', u('.z.a').py(), 0)
    u.close()


t.run('atoms', atoms)
t.run('vectors', vectors)
t.run('arguments', arguments)
t.run('big table', big_table)
t.run('errors', errors)
t.run('async and callbacks', async_and_callbacks)
t.run('pushes', lambda: asyncio.run(pushes()))
t.run('unix socket', unix_socket)
q.close()
sys.exit(t.summary())
