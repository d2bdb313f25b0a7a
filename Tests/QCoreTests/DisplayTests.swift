import XCTest
@testable import QCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Expected strings come from q console transcripts in the kdb+ reference (the
// conformance vectors); the q input that produced each is in the comment beside it.

private func show(_ v: QValue, _ o: QDisplayOptions = .init(), file: StaticString = #filePath, line: UInt = #line) -> [String] {
    // The conformance runner ignores trailing blanks; q pads table columns with them.
    QFormat.console(v, o).map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
}

private func k(_ v: QValue, _ o: QDisplayOptions = .init()) -> String { QFormat.k(v, o) }

final class DisplayAtomTests: XCTestCase {
    func testIntegerAtoms() {
        XCTAssertEqual(show(.long(42)), ["42"])
        XCTAssertEqual(show(.long(Int64.min)), ["0N"])                      // (til 5) 99
        XCTAssertEqual(show(.long(-Int64.max)), ["-0W"])                    // max 0N 0N
        XCTAssertEqual(show(.long(Int64.max)), ["0W"])                      // min 0N 0N
        XCTAssertEqual(show(.int(-2147483644)), ["-2147483644i"])           // 0Wi+5i
        XCTAssertEqual(show(.int(Int32.min)), ["0Ni"])                      // "I"$"2147483648"
        XCTAssertEqual(show(.int(Int32.max)), ["0Wi"])
        XCTAssertEqual(show(.int(-Int32.max)), ["-0Wi"])
        XCTAssertEqual(show(Q.atom(.short, .h(42))), ["42h"])                // "BXH"$…
        XCTAssertEqual(show(Q.atom(.short, .h(Int16.min))), ["0Nh"])         // "H"$"32768"
        XCTAssertEqual(show(Q.atom(.short, .h(Int16.max))), ["32767h"])      // 0Wh: no display for short infinity
        XCTAssertEqual(show(Q.atom(.short, .h(-Int16.max))), ["-32767h"])    // -0Wh
        XCTAssertEqual(show(Q.atom(.short, .h(-32513))), ["-32513h"])        // 0x0 sv "x"$128 255
        XCTAssertEqual(show(.bool(true)), ["1b"])
        XCTAssertEqual(show(.bool(false)), ["0b"])
        XCTAssertEqual(show(Q.atom(.byte, .x(0x42))), ["0x42"])
        XCTAssertEqual(show(Q.atom(.byte, .x(0xff))), ["0xff"])              // 0b sv 8#1b
    }

    func testFloatAtoms() {
        XCTAssertEqual(show(.float(1)), ["1f"])                             // abs -1.0
        XCTAssertEqual(show(.float(1.5)), ["1.5"])                          // avg (1;0n;2;3)
        XCTAssertEqual(show(.float(2.0 / 3)), ["0.6666667"])                // 2%3
        XCTAssertEqual(show(.float(123456789)), ["1.234568e+08"])           // 123456789f
        XCTAssertEqual(show(.float(Double(Int64.max))), ["9.223372e+18"])   // `float$0Wj
        XCTAssertEqual(show(.float(Double(Int32.max))), ["2.147484e+09"])   // `float$0Wi
        XCTAssertEqual(show(.float(32767)), ["32767f"])                     // `float$0Wh
        XCTAssertEqual(show(.float(3e11)), ["3e+11"])                       // 00:10:00.000000000%2
        XCTAssertEqual(show(.float(300000)), ["300000f"])                   // 00:10:00.000%2
        XCTAssertEqual(show(.float(43200000000000.0.squareRoot())), ["6572671f"])  // sqrt 12:00:00.000000000
        XCTAssertEqual(show(.float(32767.0.squareRoot())), ["181.0166"])    // sqrt 0Wh
        XCTAssertEqual(show(.float(.nan)), ["0n"])
        XCTAssertEqual(show(.float(.infinity)), ["0w"])
        XCTAssertEqual(show(.float(-.infinity)), ["-0w"])
        XCTAssertEqual(show(.float(-1)), ["-1f"])                           // 1 3 9 cor neg 1 3 9
        XCTAssertEqual(show(.float(0)), ["0f"])                             // 1 3 1 3 cor 1 1 3 3
        XCTAssertEqual(show(.float(0.1136868377216160)), ["0.1136868"])     // t*a
        XCTAssertEqual(show(.float(-0.08908708063747479)), ["-0.08908708"]) // 1000101000b cor 0010011001b
    }

    func testPrecision() {
        let p0 = QDisplayOptions(precision: 0), p3 = QDisplayOptions(precision: 3), p10 = QDisplayOptions(precision: 10)
        XCTAssertEqual(show(.float(1.0 / 3), p3), ["0.333"])                 // \P 3; 1%3
        XCTAssertEqual(show(.float(1.0 / 3), p10), ["0.3333333333"])         // \P 10; 1%3
        XCTAssertEqual(show(.float(1.0 / 3), p0), ["0.33333333333333331"])   // \P 0; 1%3
        XCTAssertEqual(show(.float(0.045), p0), ["0.044999999999999998"])    // .045
        XCTAssertEqual(show(.float(96.1), p0), ["96.099999999999994"])
        XCTAssertEqual(show(.float(96.10000000001), p0), ["96.100000000009999"])
        var x = 0.0
        for _ in 0..<1000 { x += 0.001 }
        XCTAssertEqual(show(.float(x), p0), ["1.0000000000000007"])         // do[1000;x+:.001]
        let r7 = 1.0 / 7
        XCTAssertEqual(show(.float((0..<7).reduce(0.0) { s, _ in s + r7 }), p0), ["0.99999999999999978"])  // sum 7#r7
        XCTAssertEqual(show(.floats([1, 1 - 1e-13]), p0), ["1 0.99999999999989997"])  // distinct a,b
        XCTAssertEqual(show(.float(log(Double(Int64.max - 1)) / log(10)), p0), ["18.964889726830812"])  // 10 xlog 0Wj-1
    }

    func testRealAtoms() {
        XCTAssertEqual(show(Q.atom(.real, .e(3.14))), ["3.14e"])              // "E"$"3.14"
        XCTAssertEqual(show(Q.atom(.real, .e(.infinity))), ["0we"])           // 0we + 5
        XCTAssertEqual(show(Q.atom(.real, .e(-.infinity))), ["-0we"])
        XCTAssertEqual(show(Q.atom(.real, .e(.nan))), ["0Ne"])
        XCTAssertEqual(show(Q.atom(.real, .e(10))), ["10e"])                  // 1 2.4 5, -7.9 10e
        XCTAssertEqual(show(Q.atom(.real, .e(-7.9))), ["-7.9e"])
    }

    func testCharsSymbolsGuids() {
        XCTAssertEqual(show(.char(UInt8(ascii: "c"))), ["\"c\""])            // (5 2.14; "abc") . 1 2
        XCTAssertEqual(show(.char(UInt8(ascii: "n"))), ["\"n\""])            // max "genie"
        XCTAssertEqual(show(.char(10)), ["\"\\n\""])
        XCTAssertEqual(show(.char(UInt8(ascii: "\""))), ["\"\\\"\""])
        XCTAssertEqual(show(.symbol("hello world")), ["`hello world"])       // `$"hello world"
        XCTAssertEqual(show(.symbol("")), ["`"])                             // attr 1 3 4
        XCTAssertEqual(show(.symbol(":/tmp/db")), ["`:/tmp/db"])
        let g = QGUID(string: "8c680a01-5a49-5aab-5a65-d4bfddb6a661")!
        XCTAssertEqual(show(Q.atom(.guid, .g(g))), ["8c680a01-5a49-5aab-5a65-d4bfddb6a661"])  // 0x0 sv 16?0xff
        XCTAssertEqual(show(Q.atom(.guid, .g(.null))), ["00000000-0000-0000-0000-000000000000"])  // 0Ng
    }

    func testTemporalAtoms() {
        // 12 13 14 15 16 17 18 19h$42
        XCTAssertEqual(show(Q.timestamp(42)), ["2000.01.01D00:00:00.000000042"])
        XCTAssertEqual(show(Q.atom(.month, .i(42))), ["2003.07m"])
        XCTAssertEqual(show(Q.atom(.date, .i(42))), ["2000.02.12"])
        XCTAssertEqual(show(Q.atom(.datetime, .f(42))), ["2000.02.12T00:00:00.000"])
        XCTAssertEqual(show(Q.timespan(42)), ["0D00:00:00.000000042"])
        XCTAssertEqual(show(Q.atom(.minute, .i(42))), ["00:42"])
        XCTAssertEqual(show(Q.atom(.second, .i(42))), ["00:00:42"])
        XCTAssertEqual(show(Q.atom(.time, .i(42))), ["00:00:00.042"])

        XCTAssertEqual(show(Q.date(2000, 12, 31)), ["2000.12.31"])             // abs 1999.01.01
        XCTAssertEqual(show(Q.date(3001, 1, 1)), ["3001.01.01"])              // "D"$"3001.01.01"
        XCTAssertEqual(show(Q.atom(.date, .i(Q.days(1, 1, 1) - 1))), ["0000.00.00"])  // 0001.01.01-1
        XCTAssertEqual(show(Q.atom(.datetime, .f(Double(Q.days(1, 1, 1) - 1)))), ["0000.00.00T00:00:00.000"])
        XCTAssertEqual(show(Q.atom(.date, .i(Int32.min))), ["0Nd"])           // "D"$"2147483648"
        XCTAssertEqual(show(Q.atom(.date, .i(Int32.max))), ["0Wd"])
        XCTAssertEqual(show(Q.minute(12, 13)), ["12:13"])                     // "U"$"12:13:14"
        XCTAssertEqual(show(Q.time(12, 34, 56, 789)), ["12:34:56.789"])       // "T"$"123456789"
        XCTAssertEqual(show(Q.timestamp(Q.nanos(2015, 10, 28, 3, 55, 58, 654_200_000))),
                       ["2015.10.28D03:55:58.654200000"])                     // "P"$"2015-10-28D03:55:58.6542"
        XCTAssertEqual(show(Q.timestamp(Q.nanos(2000, 11, 22, 3, 44, 55, 666_000_000))),
                       ["2000.11.22D03:44:55.666000000"])                     // 2000.11.22 + 03:44:55.666
        XCTAssertEqual(show(Q.timestamp(Q.nanos(2000, 11, 21, 20, 15, 4, 334_000_000))),
                       ["2000.11.21D20:15:04.334000000"])                     // 2000.11.22 - 03:44:55.666
        XCTAssertEqual(show(Q.timestamp(Q.nanos(1970, 1, 1, 0, 0, 0))), ["1970.01.01D00:00:00.000000000"])
        XCTAssertEqual(show(Q.timestamp(-Int64.max)), ["-0Wp"])                // `timestamp$1666.09.02
        XCTAssertEqual(show(Q.timestamp(Int64.min)), ["0Np"])
        XCTAssertEqual(show(Q.timespan(12 * 3600 * 1_000_000_000)), ["0D12:00:00.000000000"])
        XCTAssertEqual(show(Q.timespan(Q.nanos(2000, 1, 1, 23, 30, 10, 827_156_000))), ["0D23:30:10.827156000"])  // .z.N
        XCTAssertEqual(show(Q.timespan(-1_000_000_000)), ["-0D00:00:01.000000000"])
        XCTAssertEqual(show(Q.timespan(Int64.min)), ["0Nn"])
        XCTAssertEqual(show(Q.atom(.datetime, .f(Double(Q.days(2006, 11, 13)) + (21 * 3600 + 16 * 60 + 14.601) / 86400))),
                       ["2006.11.13T21:16:14.601"])                           // .z.Z
        // a:2000.01.02 + sum 1000#1%86400 (not exactly 1000 seconds: rounds to the millisecond)
        let secs = (0..<1000).reduce(0.0) { s, _ in s + 1.0 / 86400 }
        XCTAssertEqual(show(Q.atom(.datetime, .f(1 + secs))), ["2000.01.02T00:16:40.000"])
        XCTAssertEqual(show(Q.atom(.datetime, .f(.nan))), ["0Nz"])
        XCTAssertEqual(show(Q.atom(.datetime, .f(.infinity))), ["0wz"])
        XCTAssertEqual(show(Q.month(2017, 12)), ["2017.12m"])
        XCTAssertEqual(show(Q.atom(.month, .i(Int32.min))), ["0Nm"])
        XCTAssertEqual(show(Q.atom(.second, .i(Int32.min))), ["0Nv"])
        XCTAssertEqual(show(Q.atom(.time, .i(Int32.max))), ["0Wt"])
        XCTAssertEqual(show(Q.atom(.minute, .i(-1))), ["-00:01"])
        XCTAssertEqual(show(Q.atom(.minute, .i(1500))), ["25:00"])
    }

    func testAtomText() {
        XCTAssertEqual(QFormat.atomText(.long, .j(2)), "2")                  // string 2
        XCTAssertEqual(QFormat.atomText(.symbol, .s("ibm")), "ibm")          // string `ibm
        XCTAssertEqual(QFormat.atomText(.float, .f(1.1)), "1.1")             // string c3
        XCTAssertEqual(QFormat.atomText(.float, .f(2)), "2")
        XCTAssertEqual(QFormat.atomText(.char, .x(UInt8(ascii: "a"))), "a")
        XCTAssertEqual(QFormat.atomText(.boolean, .b(true)), "1")
        XCTAssertEqual(QFormat.atomText(.byte, .x(0x2a)), "2a")
        XCTAssertEqual(QFormat.atomText(.int, .i(192)), "192")               // "." sv string "i"$0x0 vs .z.a
        XCTAssertEqual(QFormat.atomText(.date, .i(0)), "2000.01.01")
        XCTAssertEqual(QFormat.atomText(.month, .i(0)), "2000.01")
        XCTAssertEqual(QFormat.atomText(.real, .e(2.5)), "2.5")
        XCTAssertEqual(QFormat.atomText(.float, .f(1.0 / 3), QDisplayOptions(precision: 3)), "0.333")
        XCTAssertEqual(QFormat.atomText(.long, .j(Int64.min)), "")
        XCTAssertEqual(QFormat.atomText(.long, .j(Int64.max)), "0W")
        XCTAssertEqual(QFormat.atomText(.float, .f(-.infinity)), "-0w")
    }
}

final class DisplayVectorTests: XCTestCase {
    func testNumericVectors() {
        XCTAssertEqual(show(Q.longs(10, 43, Int64.min)), ["10 43 0N"])         // abs 10 -43 0N
        XCTAssertEqual(show(Q.longs(Int64.min, 0, Int64.min, -3, -Int64.max, -Int64.max)),
                       ["0N 0 0N -3 -0W -0W"])
        XCTAssertEqual(show(Q.ints(0, -1, 0, 0, -1)), ["0 -1 0 0 -1i"])         // neg 01001b
        XCTAssertEqual(show(Q.ints(10, 10, 10)), ["10 10 10i"])               // (`int;"i";6h)$10
        XCTAssertEqual(show(Q.ints(Int32.min, Int32.max, 1)), ["0N 0W 1i"])
        XCTAssertEqual(show(Q.shorts(1, 0, 3)), ["1 0 3h"])
        XCTAssertEqual(show(Q.shorts(Int16.max, Int16.min)), ["32767 0Nh"])
        XCTAssertEqual(show(Q.bools("00000110010101000100")), ["00000110010101000100b"])  // 20?0b
        XCTAssertEqual(show(Q.bytes(3, 4, 5)), ["0x030405"])                  // "x"$3 4 5
        XCTAssertEqual(show(Q.bytes(0xfd, 0xfe, 0xff, 0xff, 0xff)), ["0xfdfeffffff"])
        XCTAssertEqual(show(Q.reals(1, 2.34, -567.1, 20, 789)), ["1 2.34 -567.1 20 789e"])  // v,(type v)$789
    }

    func testFloatVectors() {
        XCTAssertEqual(show(Q.floats(2, 2)), ["2 2f"])
        XCTAssertEqual(show(Q.floats(65, 67)), ["65 67f"])                    // `float$"AC"
        XCTAssertEqual(show(Q.floats(1, 0, 1)), ["1 0 1f"])                   // sqrt 101b
        XCTAssertEqual(show(Q.floats(1, 1.5, 2, 2, 2.5, -.infinity, .nan)), ["1 1.5 2 2 2.5 -0w 0n"])  // avgs
        XCTAssertEqual(show(Q.floats(.nan, .nan)), ["0n 0n"])                 // 0 mavg 2 3
        XCTAssertEqual(show(Q.floats(.nan, 3)), ["0n 3"])                     // avg (1 2;0N 4)
        XCTAssertEqual(show(Q.floats(.infinity, 0, .nan, 1.0 / 3, 0.1)), ["0w 0 0n 0.3333333 0.1"])  // reciprocal
        XCTAssertEqual(show(Q.floats(215, 107.5, 215.0 / 3)), ["215 107.5 71.66667"])  // 2017.12m% 1 2 3
        XCTAssertEqual(show(Q.floats(3.3, 4.4, 5.5)), ["3.3 4.4 5.5"])
        var squares = [0.1]
        while let last = squares.last, last * last != last { squares.append(last * last) }
        XCTAssertEqual(show(.floats(squares)), ["0.1 0.01 0.0001 1e-08 1e-16 1e-32 1e-64 1e-128 1e-256 0"])  // ({x*x}\)0.1
        XCTAssertEqual(show(.floats([-4.2, 0, 0.1, .nan, .infinity].map(exp))), ["0.01499558 1 1.105171 0n 0w"])
        var ema = [1.0]
        for _ in 0..<10 { ema.append(ema.last! * 2 / 3) }
        XCTAssertEqual(show(.floats(ema), QDisplayOptions(width: 200)),
                       ["1 0.6666667 0.4444444 0.2962963 0.1975309 0.1316872 0.0877915 0.05852766 0.03901844 0.02601229 0.01734153"],
                       "ema[1%3;1,10#0] (wider than 80 in the page, so compare uncut)")
    }

    func testSymbolAndCharVectors() {
        XCTAssertEqual(show(Q.syms("Genoa", "Milan", "Vienna")), ["`Genoa`Milan`Vienna"])
        XCTAssertEqual(show(Q.syms("mouton", "", "chat", "")), ["`mouton``chat`"])     // d `sheep`snake`cat`ant
        XCTAssertEqual(show(Q.syms("", "neg")), ["``neg"])
        XCTAssertEqual(show(Q.str("cat")), ["\"cat\""])
        XCTAssertEqual(show(Q.str("")), ["\"\""])                                     // getenv `UNKNOWN
        XCTAssertEqual(show(.string("Zürich")), ["\"Z\\303\\274rich\""])              // {(x;count x)}"Zürich"
        XCTAssertEqual(show(.string("日本")), ["\"\\346\\227\\245\\346\\234\\254\""])
        XCTAssertEqual(show(.vector(QVector(.char, .x([0xfe, 32, 7, 0, 9, 13, 10, 92])))), ["\"\\376 \\007\\000\\t\\r\\n\\\\\""])
        XCTAssertEqual(show(Q.str("qu\"ux")), ["\"qu\\\"ux\""])
    }

    func testTemporalVectors() {
        XCTAssertEqual(show(Q.dates((2000, 12, 31), (1988, 1, 1))), ["2000.12.31 1988.01.01"])
        XCTAssertEqual(show(Q.vec(.month, .i([(2012 - 2000) * 12 + 2, (2012 - 2000) * 12 + 3]))), ["2012.03 2012.04m"])  // 2012.05 2012.06m-2
        XCTAssertEqual(show(Q.vec(.month, .i([0, 215, 430]))), ["2000.01 2017.12 2035.11m"])  // 2017.12m*0 1 2
        XCTAssertEqual(show(Q.vec(.timestamp, .j([-Int64.max + 1, Int64.max - 1]))),
                       ["1707.09.22D00:12:43.145224194 2292.04.10D23:47:16.854775806"])  // -0W 0Wp+1 -1
        XCTAssertEqual(show(Q.vec(.timespan, .j([-Int64.max + 1, Int64.max - 1]))),
                       ["-106751D23:47:16.854775806 106751D23:47:16.854775806"])         // 0p+ -0W 0Wp+1 -1
        XCTAssertEqual(show(Q.vec(.timespan, .j([0, 2, 12]))),
                       ["0D00:00:00.000000000 0D00:00:00.000000002 0D00:00:00.000000012"])  // 2 xbar …
        XCTAssertEqual(show(Q.vec(.minute, .i([660, 660, 660, 665, 665, 670, 670]))),
                       ["11:00 11:00 11:00 11:05 11:05 11:10 11:10"])                    // 5 xbar 11:00 + …
        let z1 = Double(Q.days(2013, 6, 4)) + (16 * 3600 + 13) / 86400.0
        let z2 = Double(Q.days(2013, 6, 4)) + (2 * 3600 + 13) / 86400.0
        XCTAssertEqual(show(Q.vec(.datetime, .f([z1, z2]))), ["2013.06.04T16:00:13.000 2013.06.04T02:00:13.000"])
        XCTAssertEqual(show(Q.vec(.date, .i([Q.days(2000, 1, 1), Int32.min]))), ["2000.01.01 0N"])
        XCTAssertEqual(show(Q.vec(.date, .i([Int32.min, Int32.min]))), ["0N 0Nd"])
        XCTAssertEqual(show(Q.vec(.month, .i([Int32.min, 0]))), ["0N 2000.01m"])
    }

    func testSingletonsEmptiesAttributes() {
        XCTAssertEqual(show(Q.longs(42)), [",42"])                              // raze 42
        XCTAssertEqual(show(Q.longs(0)), [",0"])                                // til 1b
        XCTAssertEqual(show(Q.syms("a")), [",`a"])                              // \v
        XCTAssertEqual(show(Q.str("q")), [",\"q\""])
        XCTAssertEqual(show(Q.dates((2001, 1, 1))), [",2001.01.01"])            // date
        XCTAssertEqual(show(Q.vec(.guid, .g([QGUID(string: "fd2db048-decb-0008-0176-01714e5eeced")!]))),
                       [",fd2db048-decb-0008-0176-01714e5eeced"])              // -1?0Ng
        XCTAssertEqual(show(Q.vec(.timestamp, .j([Q.nanos(2013, 3, 15, 18, 55, 40, 686_000_000)]))),
                       [",2013.03.15D18:55:40.686000000"])
        XCTAssertEqual(show(Q.floats(2)), [",2f"])
        XCTAssertEqual(show(Q.bools("1")), [",1b"])
        XCTAssertEqual(show(.longs([])), ["`long$()"])                           // til 0
        XCTAssertEqual(show(.symbols([])), ["`symbol$()"])                       // \v
        XCTAssertEqual(show(Q.vec(.date, .i([]))), ["`date$()"])
        XCTAssertEqual(show(Q.vec(.boolean, .b([]))), ["`boolean$()"])
        XCTAssertEqual(show(.emptyList), ["()"])                                 // key`:c:/q/notfound.q
        XCTAssertEqual(show(Q.vec(.long, .j([1, 1, 2, 2, 2, 3, 4]), .sorted)), ["`s#1 1 2 2 2 3 4"])  // asc
        XCTAssertEqual(show(Q.vec(.symbol, .s(["trade"]), .sorted)), ["`s#,`trade"])  // key`:db/2023.02.01
        XCTAssertEqual(show(Q.vec(.long, .j([2, 2, 2, 1, 1, 4, 4, 4, 4, 3, 3]), .parted)), ["`p#2 2 2 1 1 4 4 4 4 3 3"])
        XCTAssertEqual(show(Q.vec(.symbol, .s(["sym", "tr"]), .sorted)), ["`s#`sym`tr"])
        let guids = ["337714f8-3d76-f283-cdc1-33ca89be59e9", "0a369037-75d3-b24d-6721-5a1d44d4bed5"]
        XCTAssertEqual(show(Q.vec(.guid, .g(guids.map { QGUID(string: $0)! }))), [guids.joined(separator: " ")])
    }
}

final class DisplayListTests: XCTestCase {
    func testItemPerLine() {
        // 5 enlist\1
        var v = QValue.long(1), items: [QValue] = []
        for _ in 0...5 { items.append(v); v = .list([v]) }
        items[1] = Q.longs(1)
        XCTAssertEqual(show(.list(items)), ["1", ",1", ",,1", ",,,1", ",,,,1", ",,,,,1"])
        // 5(`f;)\1
        var w = QValue.long(1), fs: [QValue] = []
        for _ in 0...3 { fs.append(w); w = Q.list(Q.sym("f"), w) }
        XCTAssertEqual(show(.list(fs)), ["1", "(`f;1)", "(`f;(`f;1))", "(`f;(`f;(`f;1)))"])
        XCTAssertEqual(show(Q.list(Q.longs(2), Q.longs(2, 3), Q.longs(2, 3, 4))), [",2", "2 3", "2 3 4"])  // (,\)2 3 4
        XCTAssertEqual(show(Q.list(Q.longs(2, 3), .longs([]), Q.longs(4, 5, 6, 7, 8), Q.longs(9))),
                       ["2 3", "`long$()", "4 5 6 7 8", ",9"])                  // 2 4 4 9 _ til 10
        XCTAssertEqual(show(Q.list(Q.syms("ibm", "goog"), Q.longs(1, 2, 4), Q.str("the"))),
                       ["`ibm`goog", "1 2 4", "\"the\""])                      // 0N?("the";1 2 4;`ibm`goog)
        XCTAssertEqual(show(Q.list(.bool(true), .long(0), .long(1), .char(97), .char(98), Q.date(2009, 1, 1))),
                       ["1b", "0", "1", "\"a\"", "\"b\"", "2009.01.01"])       // asc (1;1b;"b";2009.01.01;"a";0)
        XCTAssertEqual(show(Q.list(Q.timestamp(42), Q.list(Q.atom(.month, .i(42)), Q.atom(.date, .i(42))))),
                       ["2000.01.01D00:00:00.000000042", "(2003.07m;2000.02.12)"])  // (12h;13 14h)$(42;42 42)
        XCTAssertEqual(show(Q.list(.identity, .long(3), .long(4), .float(5))), ["::", "3", "4", "5f"])
        XCTAssertEqual(show(Q.list(.float(1), .float(2.4), .float(5), Q.atom(.real, .e(-7.9)), Q.atom(.real, .e(10)))),
                       ["1f", "2.4", "5f", "-7.9e", "10e"])                    // 1 2.4 5, -7.9 10e
        XCTAssertEqual(show(Q.list(.long(0), Q.floats(1, 2.5), Q.bools("01"), Q.sym("a"), Q.str("abc"))),
                       ["0", "1 2.5", "01b", "`a", "\"abc\""])                 // (0;1 2.5;01b),(`a;"abc")
        let d = Q.list(Q.list(Q.longs(1, 2, 3), Q.longs(4, 5, 6, 7)),
                       Q.list(Q.longs(8, 9), .long(10), Q.longs(11, 12)),
                       Q.list(Q.longs(13, 14), Q.longs(15, 16, 17, 18), Q.longs(19, 20)))
        XCTAssertEqual(show(d), ["(1 2 3;4 5 6 7)", "(8 9;10;11 12)", "(13 14;15 16 17 18;19 20)"])
        XCTAssertEqual(show(Q.list(.long(12), Q.longs(23, 34))), ["12", "23 34"])  // (10;20 30)+(2;3 4)
        XCTAssertEqual(show(Q.list(Q.sym("THE"), Q.list(Q.syms("QUICK", "BROWN"), Q.list(Q.sym("FOX"), Q.syms("JUMPS", "OVER"))),
                                   Q.sym("A"), Q.syms("LAZY", "DOG"))),
                       ["`THE", "(`QUICK`BROWN;(`FOX;`JUMPS`OVER))", "`A", "`LAZY`DOG"])
        XCTAssertEqual(show(Q.list(Q.list(Q.str("2"), Q.str("3")), Q.list(Q.str("a"), Q.str("b"), Q.str("c")))),
                       ["(,\"2\";,\"3\")", "(,\"a\";,\"b\";,\"c\")"])          // string (2 3;"abc")
        XCTAssertEqual(show(Q.list(Q.bools("011"), Q.bools("111"), Q.list(Q.bools("110"), .bool(false)))),
                       ["011b", "111b", "(110b;0b)"])
        XCTAssertEqual(show(Q.list(Q.prim("+"), .long(102))), ["+", "102"])      // (f;102)
        XCTAssertEqual(show(Q.list(.identity, Q.list(Q.prim("+"), Q.sym("a"), .long(1)), Q.syms("a"), Q.str("a+1"))),
                       ["::", "(+;`a;1)", ",`a", "\"a+1\""])                    // get`. `b
        XCTAssertEqual(show(.list(Array(repeating: QValue.longs([]), count: 9) + [Q.longs(10)])),
                       Array(repeating: "`long$()", count: 9) + [",10"])        // (10 0N)#(),10
    }

    func testStringsBooleansAndBytesStayWhole() {
        XCTAssertEqual(show(Q.list(Q.str("abcd"), Q.str("bcda"), Q.str("cdab"), Q.str("dabc"))),
                       ["\"abcd\"", "\"bcda\"", "\"cdab\"", "\"dabc\""])      // (rotate[1]\)"abcd"
        XCTAssertEqual(show(Q.list(Q.str("c"), Q.str("a"), Q.str("t"))), [",\"c\"", ",\"a\"", ",\"t\""])  // string "cat"
        XCTAssertEqual(show(Q.list(Q.bools("010"), Q.bools("100"))), ["010b", "100b"])  // (3;"a")=(2 3 4;"abc")
        XCTAssertEqual(show(Q.list(Q.bytes(1), Q.bytes(1), Q.bytes(1))), [",0x01", ",0x01", ",0x01"])  // 0x02 vs …
        XCTAssertEqual(show(Q.list(Q.bytes(0, 1), Q.bytes(4, 5))), ["0x0001", "0x0405"])
    }

    func testGrids() {
        XCTAssertEqual(show(Q.list(Q.longs(2, 7), Q.longs(4, 14), Q.longs(8, 28), Q.longs(16, 56))),
                       ["2  7", "4  14", "8  28", "16 56"])                    // 3 dbl\2 7
        XCTAssertEqual(show(Q.list(Q.floats(1, 1), Q.floats(1, 2), Q.floats(2, 3), Q.floats(89, 144))),
                       ["1  1", "1  2", "2  3", "89 144"])                     // 10 (m mmu)\1 1f
        XCTAssertEqual(show(Q.list(Q.longs(-100, 2, 3, 4, -100, 6, 7, 8, 9, -100), Q.longs(0, 2, 5, 9, 0, 6, 13, 21, 30, 0))),
                       ["-100 2 3 4 -100 6 7  8  9  -100", "0    2 5 9 0    6 13 21 30 0"])  // (x;0 (0|+)\x)
        XCTAssertEqual(show(Q.list(Q.longs(2, 3, -4, -3), Q.longs(-3, -4, 3, 2))), ["2  3  -4 -3", "-3 -4 3  2"])
        XCTAssertEqual(show(Q.list(Q.list(.long(2), .long(10), .char(97)), Q.list(.long(3), .long(10), .char(99)))),
                       ["2 10 \"a\"", "3 10 \"c\""])                           // (cross/)(2 3;10;"abc")
        XCTAssertEqual(show(Q.list(Q.ints(0, 1), Q.list(Q.str("ab\nc"), Q.str("def")))),
                       ["0       1", "\"ab\\nc\" \"def\""])                     // ("I*";",";1)0:…
        let t1 = Q.days(2013, 3, 15), t2: Int32 = 68_140_686  // 18:55:40.686
        XCTAssertEqual(show(Q.list(Q.vec(.date, .i([t1, t1])), Q.vec(.time, .i([t2, t2])))),
                       ["2013.03.15   2013.03.15", "18:55:40.686 18:55:40.686"])  // ("DT";8 9)0:…
        XCTAssertEqual(show(Q.list(Q.syms("one", "two", "three"), Q.list(Q.str("1"), Q.str("2"), Q.str("3")))),
                       ["one  two  three", ",\"1\" ,\"2\" ,\"3\""])            // "S=;"0:…
        XCTAssertEqual(show(Q.list(Q.ints(1, 2, 3), Q.list(Q.str("first"), Q.str("second"), Q.str("third")))),
                       ["1       2        3", "\"first\" \"second\" \"third\""])  // "I=;"0:…
        XCTAssertEqual(show(Q.list(Q.bools("011"), Q.list(.bool(true), Q.bools("10"), .bool(false)))),
                       ["0  1   1", "1b 10b 0b"])                                // (2 3 4;(5; 6 7;8)) within 3 6
        let aaaa = Q.list(Q.str("aaaa"), Q.str("aaaa"), Q.str("aaaa"))
        XCTAssertEqual(show(Q.list(aaaa, aaaa)), ["\"aaaa\" \"aaaa\" \"aaaa\"", "\"aaaa\" \"aaaa\" \"aaaa\""])  // 2 3 4#"a"
        let r0 = Q.list(Q.longs(0, 1, 2, 3), Q.longs(4, 0, 1, 2), Q.longs(3, 4, 0, 1))
        let r1 = Q.list(Q.longs(2, 3, 4, 0), Q.longs(1, 2, 3, 4), Q.longs(0, 1, 2, 3))
        XCTAssertEqual(show(Q.list(r0, r1)), ["0 1 2 3 4 0 1 2 3 4 0 1", "2 3 4 0 1 2 3 4 0 1 2 3"])  // 2 3 4#til 5
        XCTAssertEqual(show(r0), ["0 1 2 3", "4 0 1 2", "3 4 0 1"])             // first five3d
        XCTAssertEqual(show(Q.list(Q.list(Q.longs(7, 8), Q.longs(9, 10, 11)), Q.list(.long(13), Q.longs(15, 16)))),
                       ["7 8 9 10 11", "13  15 16"])                          // (2; 3 4) + ((5 6; 7 8 9); (10; 11 12))
        XCTAssertEqual(show(Q.list(Q.list(Q.str("fox"), Q.list(Q.str("jumps"), Q.str("over"))), Q.list(.char(97), Q.str("dog")))),
                       ["\"fox\" (\"jumps\";\"over\")", "\"a\"   \"dog\""])  // trim(…)
        XCTAssertEqual(show(Q.list(Q.syms("Kuh", "Hund", "Katte", "Fisch"), Q.syms("vache", "chien", "chat", "poisson"),
                                   Q.syms("cow", "dog", "cat", "fish"))),
                       ["Kuh   Hund  Katte Fisch", "vache chien chat  poisson", "cow   dog   cat   fish"])  // show m:(a;b;c)
        XCTAssertEqual(show(Q.list(Q.longs(1, 2, 3), Q.syms("x", "y", "z"))), ["1 2 3", "x y z"])  // x inter y
        XCTAssertEqual(show(Q.list(Q.floats(3.141592653589793))), ["3.141593"])  // show pi (a 1×1 matrix)
        XCTAssertEqual(k(Q.list(Q.floats(3.141592653589793))), ",,3.141593")     // .Q.s1 pi
        let inv = [[-0.4512195, 0.6341463, -0.195122], [-0.03658537, 0.02439024, 0.1463415], [0.2560976, -0.1707317, -0.02439024]]
        XCTAssertEqual(show(.list(inv.map(QValue.floats))),
                       ["-0.4512195  0.6341463  -0.195122", "-0.03658537 0.02439024 0.1463415", "0.2560976   -0.1707317 -0.02439024"])
    }

    func testTablesAndDictionariesInsideLists() {
        // \l sp.q prints the list of what the script returned
        let p = Q.table(["p": Q.syms("p1", "p2"), "city": Q.syms("london", "paris")])
        let color = Q.keyed(Q.table(["color": Q.syms("blue", "green", "red")]), Q.table(["qty": Q.longs(900, 1000, 1200)]))
        XCTAssertEqual(show(Q.list(p, color)),
                       ["+`p`city!(`p1`p2;`london`paris)", "(+(,`color)!,`blue`green`red)!+(,`qty)!,900 1000 1200"])
        XCTAssertEqual(show(Q.list(Q.dict(Q.syms("foo"), Q.list(Q.str("bar"))), Q.dict(Q.syms("this"), Q.list(Q.str("that"))))),
                       ["(,`foo)!,\"bar\"", "(,`this)!,\"that\""])                  // .h.xt[`json;…]
        XCTAssertEqual(show(Q.dict(Q.syms("tt"), Q.list(Q.table(["date": Q.vec(.date, .i([])), "sym": .symbols([])])))),
                       ["tt| +`date`sym!(`date$();`symbol$())"])                     // .Q.vp
    }

    func testKForm() {
        XCTAssertEqual(k(Q.list(Q.longs(1, 2, 5, 6), Q.longs(1, 2, 7, 8))), "(1 2 5 6;1 2 7 8)")  // -1 .Q.s1 …cross…
        XCTAssertEqual(k(Q.list(Q.list(Q.longs(1, 2), Q.longs(5, 6)), Q.list(Q.longs(3, 4), Q.longs(7, 8)))),
                       "((1 2;5 6);(3 4;7 8))")
        XCTAssertEqual(k(Q.list(Q.ints(5, 6), Q.list(Q.str("hello,world"), Q.str("1")))),
                       "(5 6i;(\"hello,world\";,\"1\"))")                         // 0N!"I=*,"0:…
        XCTAssertEqual(k(Q.list(Q.syms("a", "b"), Q.list(Q.str("hello,world"), Q.str("1")))),
                       "(`a`b;(\"hello,world\";,\"1\"))")
        XCTAssertEqual(k(Q.list(Q.sym("zps"), Q.str("2+2"))), "(`zps;\"2+2\")")
        XCTAssertEqual(k(Q.list(Q.sym("m"), .emptyList, Q.list(Q.longs(1, 2), Q.longs(3, 4)))), "(`m;();(1 2;3 4))")  // .z.vs
        XCTAssertEqual(k(Q.list(Q.str("current secondary threads"), .int(0))), "(\"current secondary threads\";0i)")
        XCTAssertEqual(k(Q.list(.int(2130706433), Q.sym("simon"), .int(0), .int(4))), "(2130706433i;`simon;0i;4i)")
        XCTAssertEqual(k(Q.table(["a": Q.longs(1, 2, 3), "b": Q.longs(11, 22, 33)])), "+`a`b!(1 2 3;11 22 33)")  // 0N!value x
        XCTAssertEqual(k(Q.table(["a": Q.longs(1, 2)])), "+(,`a)!,1 2")
        XCTAssertEqual(k(Q.dict(Q.syms("a"), Q.sym("t"))), "(,`a)!`t")            // enlist[`a]!`t
        XCTAssertEqual(k(Q.dict(Q.syms("foo"), Q.list(Q.str("bar")))), "(,`foo)!,\"bar\"")  // .h.xt[`json;…]
        XCTAssertEqual(k(Q.dict(Q.syms("a", "b"), Q.longs(1, 2))), "`a`b!1 2")
        XCTAssertEqual(k(.dict(QDict(keys: .emptyList, values: .emptyList))), "()!()")
        XCTAssertEqual(k(Q.dict(.symbols([]), .emptyList)), "(`symbol$())!()")
        let color = Q.table(["color": Q.vec(.symbol, .s(["blue", "green", "red"]), .sorted)])
        XCTAssertEqual(k(Q.keyed(color, Q.table(["qty": Q.longs(900, 1000, 1200)]))),
                       "(+(,`color)!,`s#`blue`green`red)!+(,`qty)!,900 1000 1200")  // \l sp.q (less the table's own `s#)
        XCTAssertEqual(k(Q.table(["date": Q.vec(.date, .i([])), "sym": .symbols([])])), "+`date`sym!(`date$();`symbol$())")
        XCTAssertEqual(k(.dict(QDict(keys: Q.syms("a", "b"), values: Q.longs(1, 2), sorted: true))), "`s#`a`b!1 2")
        XCTAssertEqual(k(.identity), "::")
        XCTAssertEqual(k(Q.list(.emptyList, .emptyList)), "(();())")
        XCTAssertEqual(k(Q.list(Q.list(Q.longs(1, 2)))), ",,1 2")
    }
}

final class DisplayDictTests: XCTestCase {
    func testVectorValues() {
        let from = ["London", "Paris", "Genoa", "Milan", "Vienna", "Berlin"]
        let to = ["Paris", "Genoa", "Milan", "Vienna", "Berlin", "London"]
        XCTAssertEqual(show(Q.dict(.symbols(from), .symbols(to))),
                       ["London| Paris", "Paris | Genoa", "Genoa | Milan", "Milan | Vienna", "Vienna| Berlin", "Berlin| London"])
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b", "c"), Q.longs(105, 205, 305))), ["a| 105", "b| 205", "c| 305"])
        XCTAssertEqual(show(Q.dict(.longs([0, 10, 20]), Q.longs(0, 1, 2))), ["0 | 0", "10| 1", "20| 2"])  // e
        XCTAssertEqual(show(Q.dict(Q.longs(200), Q.syms("b"))), ["200| b"])                // 1 _ d
        XCTAssertEqual(show(Q.dict(Q.syms("c1", "c2", "c3"), Q.bools("110"))), ["c1| 1", "c2| 1", "c3| 0"])  // all ([]…)
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b"), Q.floats(34.0 / 3, 5))), ["a| 11.33333", "b| 5"])  // avg t
        XCTAssertEqual(show(Q.dict(Q.syms("eye", "sex"), Q.syms("", ""))), ["eye|", "sex|"])  // kt `Jack`London
        XCTAssertEqual(show(Q.dict(Q.syms("a"), Q.longs(1))), ["a| 1"])                    // sd:(enlist `a)!enlist 1
        XCTAssertEqual(show(Q.dict(Q.ints(8, 9, 35), Q.list(Q.str("FIX.4.2"), Q.str("339"), Q.str("D")))),
                       ["8 | \"FIX.4.2\"", "9 | \"339\"", "35| ,\"D\""])            // (!/)"I=\001"0:s
        XCTAssertEqual(show(Q.dict(Q.syms("name", "city"), Q.syms("Dick", "Paris"))), ["name| Dick", "city| Paris"])  // t 1
    }

    func testMixedValuesInKForm() {
        XCTAssertEqual(show(Q.dict(Q.syms("abc", "xyz", "efg"), Q.list(.long(123), .float(321), Q.sym("a")))),
                       ["abc| 123", "xyz| 321f", "efg| `a"])                     // .Q.def
        XCTAssertEqual(show(Q.dict(Q.syms("param1", "param2", "param3"), Q.list(.long(11), Q.date(2000, 1, 1), .float(.nan)))),
                       ["param1| 11", "param2| 2000.01.01", "param3| 0n"])
        XCTAssertEqual(show(Q.dict(Q.syms("code", "message"), Q.list(.float(3), Q.str("This request requires authorization")))),
                       ["code   | 3f", "message| \"This request requires authorization\""])
        XCTAssertEqual(show(Q.dict(Q.syms("name", "dob", "sex"), Q.list(Q.sym(""), Q.atom(.date, .i(Int32.min)), Q.sym("")))),
                       ["name| `", "dob | 0Nd", "sex | `"])                     // t 2
        XCTAssertEqual(show(Q.dict(Q.syms("names", "ages"), Q.list(Q.sym("bob"), .long(42)))), ["names| `bob", "ages | 42"])  // first t
        XCTAssertEqual(show(Q.dict(Q.syms("x", "y"), Q.list(Q.syms("a", "b"), Q.syms("a")))), ["x| `a`b", "y| ,`a"])  // .z.b
        XCTAssertEqual(show(Q.dict(Q.syms("m", "i", "s", "p"), Q.list(Q.longs(0), Q.longs(1, 4, 7, 10), Q.longs(2, 3, 5, 6), Q.longs(8, 9)))),
                       ["m| ,0", "i| 1 4 7 10", "s| 2 3 5 6", "p| 8 9"])        // group "mississippi"
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b"), Q.list(Q.bools("100"), Q.bools("010")))), ["a| 100b", "b| 010b"])  // d>=5
        XCTAssertEqual(show(Q.dict(Q.syms("p", "f", "z", "n", "m"), Q.list(.char(113), .char(116), .bool(false), .long(0), .long(0)))),
                       ["p| \"q\"", "f| \"t\"", "z| 0b", "n| 0", "m| 0"])        // -38!h
        XCTAssertEqual(show(Q.dict(Q.syms("compressedLength", "algorithm"), Q.list(.long(137349), .int(2)))),
                       ["compressedLength| 137349", "algorithm       | 2i"])
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b", "c"), Q.list(.long(45), Q.date(2012, 9, 18), .long(4)))),
                       ["a| 45", "b| 2012.09.18", "c| 4"])                       // 3+`a`b`c!(42;2012.09.15;1b)
        XCTAssertEqual(show(Q.dict(Q.syms("minutes", "seconds", "nanoseconds"),
                                   Q.list(Q.minute(12, 0), Q.second(12, 0, 0), Q.timespan(43_200_000_000_000)))),
                       ["minutes    | 12:00", "seconds    | 12:00:00", "nanoseconds| 0D12:00:00.000000000"])  // show noon
        XCTAssertEqual(show(Q.dict(Q.syms("param1", "param2", "param3"), Q.list(.emptyList, Q.list(Q.str("as"), Q.str("asd")), .emptyList))),
                       ["param1| ()", "param2| (\"as\";\"asd\")", "param3| ()"])  // .Q.opt .z.x
        let keys = ["maxCoresAllowed", "expiryDate", "updateDate", "", ""]
        XCTAssertEqual(show(Q.dict(.symbols(keys), Q.list(Q.str(""), Q.str("2021.05.27"), Q.str("2021.05.27"), Q.str("1"), Q.str("0")))),
                       ["maxCoresAllowed| \"\"", "expiryDate     | \"2021.05.27\"", "updateDate     | \"2021.05.27\"",
                        "               | ,\"1\"", "               | ,\"0\""])          // …!.z.l
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b", "c"), Q.list(Q.str("    quick"), Q.str("    brown"), Q.str("      fox")))),
                       ["a| \"    quick\"", "b| \"    brown\"", "c| \"      fox\""])  // -9$`a`b`c!…
    }

    func testGridValues() {
        let d = Q.dict(Q.syms("a", "b"), Q.list(Q.longs(20, -11, 13), Q.longs(14, 15, 4)))
        XCTAssertEqual(show(d), ["a| 20 -11 13", "b| 14 15  4"])                  // d+10
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b", "c"), Q.list(Q.longs(10, -21, 3), Q.longs(14, 25, 24), Q.longs(1000, 2000, 3000)))),
                       ["a| 10   -21  3", "b| 14   25   24", "c| 1000 2000 3000"])
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b"), Q.list(Q.floats(0, 1), Q.list(Q.str("hello"), Q.str("world"))))),
                       ["a| 0       1", "b| \"hello\" \"world\""])              // .j.k … dictionary
        XCTAssertEqual(show(Q.dict(Q.syms("", "a", "b"), Q.list(Q.longs(17, 5, 3), Q.longs(17, 2, 6), Q.longs(17, 2, 6)))),
                       [" | 17 5 3", "a| 17 2 6", "b| 17 2 6"])                 // show dic:``a`b!…
        XCTAssertEqual(show(Q.dict(Q.syms("name", "dob", "sex"),
                                   Q.list(Q.syms("jack", "jill", "john"), Q.dates((1982, 9, 15), (1984, 7, 5), (1990, 11, 16)), Q.syms("m", "f", "m")))),
                       ["name| jack       jill       john", "dob | 1982.09.15 1984.07.05 1990.11.16", "sex | m          f          m"])
        XCTAssertEqual(show(Q.dict(Q.syms("names", "ages"), Q.list(Q.syms("bob", "carol", "ted", "alice"), Q.longs(42, 39, 51, 44)))),
                       ["names| bob carol ted alice", "ages | 42  39    51  44"])
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b"), Q.list(Q.longs(1, 2, 3), Q.str("xyz")))), ["a| 1 2 3", "b| x y z"])  // 2 sublist …
        XCTAssertEqual(show(Q.dict(Q.syms("n", "p"), Q.list(Q.syms("x", "y", "x", "z", "z", "y"), Q.longs(0, 15, 12, 20, 25, 14)))),
                       ["n| x y  x  z  z  y", "p| 0 15 12 20 25 14"])             // exec n,p from t
        XCTAssertEqual(show(Q.dict(Q.syms("x", "y", "z"), Q.list(Q.longs(0, 12), Q.longs(15, 14), Q.longs(20, 25)))),
                       ["x| 0  12", "y| 15 14", "z| 20 25"])                     // exec p by n from t
        // 10 xlog d: nulls print blank inside the grid
        let x = QValue.list([Q.floats(log(10) / log(10), .nan, log(3) / log(10)), Q.floats(log(4) / log(10), log(5) / log(10), .nan)])
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b"), x)), ["a| 1               0.4771213", "b| 0.60206 0.69897"])
        let sines = QValue.list((0..<3).map { r in .floats((0..<4).map { c in sin(Double(r * 4 + c) / 10) }) })
        XCTAssertEqual(show(Q.dict(Q.syms("x", "y", "z"), sines)),
                       ["x| 0         0.09983342 0.1986693 0.2955202",
                        "y| 0.3894183 0.4794255  0.5646425 0.6442177",
                        "z| 0.7173561 0.7833269  0.841471  0.8912074"])          // sin `x`y`z!3 4#til[12]%10
        XCTAssertEqual(show(Q.dict(.symbols(["abs1", "acos1"]), Q.list(.emptyList, .emptyList))), ["abs1 |", "acos1|"])  // .Q.id (5#.Q.res)!(5#())
        XCTAssertEqual(show(Q.dict(Q.syms("t"), Q.list(.emptyList))), ["t|"])      // .Q.pn
        XCTAssertEqual(show(Q.dict(Q.syms("t"), Q.list(Q.longs(100, 100)))), ["t| 100 100"])
        XCTAssertEqual(show(Q.dict(Q.syms("a", "b"), Q.list(Q.list(Q.str("fox"), Q.list(Q.str("jumps "), Q.str("over   "))),
                                                            Q.list(.char(97), Q.str("dog "))))),
                       ["a| \"fox\" (\"jumps \";\"over   \")", "b| \"a\"   \"dog \""])  // ltrim`a`b!…
    }

    func testTableValuesAndKeys() {
        let s = Q.syms("s1", "s2", "s3", "s4"), q = Q.longs(1600, 700, 200, 600)
        XCTAssertEqual(show(Q.dict(s, Q.table(["q": q]))),
                       ["  | q", "--| ----", "s1| 1600", "s2| 700", "s3| 200", "s4| 600"])  // exec q:sum qty by s from sp
        XCTAssertEqual(show(Q.dict(Q.table(["s": s]), q)),
                       ["s |", "--| ----", "s1| 1600", "s2| 700", "s3| 200", "s4| 600"])    // exec sum qty by s:s from sp
        let c1 = Q.syms("a", "b", "c")
        let c2 = Q.list(Q.longs(10, 40, 40), Q.longs(20), Q.longs(30, 30))
        XCTAssertEqual(show(Q.dict(c1, Q.table(["c2": c2]))),
                       [" | c2", "-| --------", "a| 10 40 40", "b| ,20", "c| 30 30"])       // ?[t; (); `c1; enlist[`c2]!enlist`c2]
        let c3 = Q.list(Q.floats(1.1, 4.4, 3.14159), Q.floats(2.2), Q.floats(3.3, 3.3))
        XCTAssertEqual(show(Q.dict(c1, Q.table(["two": c2, "three": c3]))),
                       [" | two      three", "-| ------------------------", "a| 10 40 40 1.1 4.4 3.14159",
                        "b| ,20      ,2.2", "c| 30 30    3.3 3.3"])
        XCTAssertEqual(show(Q.dict(Q.table(["one": c1]), c2)),
                       ["one|", "---| --------", "a  | 10 40 40", "b  | ,20", "c  | 30 30"])  // ?[t; (); enlist[`one]!enlist `c1; `c2]
        XCTAssertEqual(show(.dict(QDict(keys: .emptyList, values: .emptyList))), ["()!()"])
    }
}

final class DisplayTableTests: XCTestCase {
    func testSimpleTables() {
        let yrp = Q.table(["from": Q.syms("London", "Paris", "Genoa", "Milan", "Vienna", "Berlin"),
                           "to": Q.syms("Paris", "Genoa", "Milan", "Vienna", "Berlin", "London"),
                           "wp": Q.bools("011110")])
        XCTAssertEqual(show(yrp), ["from   to     wp", "----------------", "London Paris  0", "Paris  Genoa  1",
                                   "Genoa  Milan  1", "Milan  Vienna 1", "Vienna Berlin 1", "Berlin London 0"])
        XCTAssertEqual(show(Q.table(["a": Q.syms("a", "b", "c"), "n": Q.longs(1, 2, 3)])), ["a n", "---", "a 1", "b 2", "c 3"])
        XCTAssertEqual(show(Q.table(["a": Q.syms("a", "b", "c")])), ["a", "-", "a", "b", "c"])   // show delete n from table
        XCTAssertEqual(show(Q.table(["a": Q.longs(110, 79, 103), "b": Q.longs(104, 105, 94)])),
                       ["a   b", "-------", "110 104", "79  105", "103 94"])                       // t+100
        XCTAssertEqual(show(Q.table(["a": Q.floats(10, 15.5, 34.0 / 3), "b": Q.floats(4, 4.5, 5)])),
                       ["a        b", "------------", "10       4", "15.5     4.5", "11.33333 5"])  // avgs t
        XCTAssertEqual(show(Q.table(["a": Q.floats(0.1, -0.21, 0.03), "b": Q.floats(0.04, 0.05, -0.06)])),
                       ["a     b", "-----------", "0.1   0.04", "-0.21 0.05", "0.03  -0.06"])     // t%100
        let exps = Q.table(["a": Q.floats(exp(10), exp(-21), exp(3)), "b": Q.floats(exp(4), exp(5), exp(-6))])
        XCTAssertEqual(show(exps), ["a           b", "-----------------------", "22026.47    54.59815",
                                    "7.58256e-10 148.4132", "20.08554    0.002478752"])       // exp t
        XCTAssertEqual(show(Q.table(["a": Q.longs(1, 2, 3), "b": Q.longs(2, 3, 7), "c": Q.longs(10, 20, 30), "d": Q.str("ABC")])),
                       ["a b c  d", "--------", "1 2 10 A", "2 3 20 B", "3 7 30 C"])
        XCTAssertEqual(show(Q.table(["time": Q.syms(), "sym": Q.syms(), "price": Q.floats(), "size": .longs([])])),
                       ["time sym price size", "-------------------"])                                // empty trade
        XCTAssertEqual(show(Q.table(["in1": .emptyList, "within1": .emptyList, "like1": .emptyList, "bin1": .emptyList, "binr1": .emptyList])),
                       ["in1 within1 like1 bin1 binr1", "----------------------------"])        // .Q.id flip …
        let q = Q.nanos(2022, 3, 14, 16, 12, 57, 427_499_000)
        let d = Q.days(2022, 3, 14), tm: Int32 = 58_377_427
        XCTAssertEqual(show(Q.table(["d": Q.vec(.date, .i([d, d])), "t": Q.vec(.time, .i([tm, tm]))])),
                       ["d          t", "-----------------------", "2022.03.14 16:12:57.427", "2022.03.14 16:12:57.427"])
        XCTAssertEqual(show(Q.timestamp(q)), ["2022.03.14D16:12:57.427499000"])
        let ts = (0..<2).map { Q.nanos(2016, 9, 6, 9, 30, 1 + 326 * Int64($0)) }
        XCTAssertEqual(show(Q.table(["timeSpan": Q.vec(.timespan, .j(ts.map { $0 % QCalendar.nanosPerDay })), "timeStamp": Q.vec(.timestamp, .j(ts))])),
                       ["timeSpan             timeStamp", "--------------------------------------------------",
                        "0D09:30:01.000000000 2016.09.06D09:30:01.000000000", "0D09:35:27.000000000 2016.09.06D09:35:27.000000000"])
    }

    func testNullsAreBlank() {
        let t = Q.table(["a": Q.floats(1, .nan, log(3) / log(10)), "b": Q.floats(log(4) / log(10), log(5) / log(10), .nan)])
        XCTAssertEqual(show(t), ["a         b", "-----------------", "1         0.60206", "          0.69897", "0.4771213"])  // 10 xlog t
        XCTAssertEqual(show(Q.table(["a": Q.longs(1, 2, 5, Int64.min, Int64.min), "b": Q.longs(3, 4, Int64.min, 6, 7)])),
                       ["a b", "---", "1 3", "2 4", "5", "  6", "  7"])
        XCTAssertEqual(show(Q.table(["px": Q.floats(95.98964, .nan), "vol": Q.longs(92, Int64.min)])),
                       ["px       vol", "------------", "95.98964 92", ""])                         // t asof ([]sym:`GOOG`MSFT; …)
        XCTAssertEqual(show(Q.table(["a": Q.longs(1, 2), "b": Q.syms("", "z"), "c": Q.longs(1, Int64.min)])),
                       ["a b c", "-----", "1   1", "2 z"])                                          // x ij y
    }

    func testListColumns() {
        let t = Q.table(["a": Q.longs(3, 4, 5), "b": Q.str("abc"), "c": Q.list(.long(3), Q.str("xy"), Q.sym("ab")),
                         "d": Q.list(Q.longs(3, 4), Q.longs(5, 3), Q.longs(4, 5)), "e": Q.list(Q.str("abc"), Q.str("de"), Q.str("fg"))])
        XCTAssertEqual(show(t), ["a b c    d   e", "------------------", "3 a 3    3 4 \"abc\"", "4 b \"xy\" 5 3 \"de\"",
                                 "5 c `ab  4 5 \"fg\""])                                           // .Q.ty each t…
        XCTAssertEqual(show(Q.table(["x": Q.list(Q.str("foo"), Q.str("bar,baz"), Q.str("qu\"ux"), Q.str("fred\",barney"))])),
                       ["x", "---------------", "\"foo\"", "\"bar,baz\"", "\"qu\\\"ux\"", "\"fred\\\",barney\""])
        XCTAssertEqual(show(Q.table(["Actual": Q.floats(1.47, 0.03, 300), "FiscalTag": Q.list(Q.str("FY2022Q2"), Q.str("FY2022Q2"), Q.list(Q.str("FY2022H1")))])),
                       ["Actual FiscalTag", "------------------", "1.47   \"FY2022Q2\"", "0.03   \"FY2022Q2\"", "300    ,\"FY2022H1\""])
        XCTAssertEqual(show(Q.table(["a": Q.list(Q.str("1"), Q.str("2"), Q.str("3")), "b": Q.list(Q.str("ibm"), Q.str("goog"), Q.str("aapl"))])),
                       ["a    b", "-----------", ",\"1\" \"ibm\"", ",\"2\" \"goog\"", ",\"3\" \"aapl\""])  // string ([]…)
        XCTAssertEqual(show(Q.table(["s": Q.syms("a", "b", "c"), "p": Q.list(Q.longs(2), Q.longs(5, 7, 11), Q.longs(13, 17)),
                                     "q": Q.longs(10, 20, 30), "r": Q.list(Q.str("A"), Q.str("CDE"), Q.str("FG"))])),
                       ["s p      q  r", "-----------------", "a ,2     10 ,\"A\"", "b 5 7 11 20 \"CDE\"", "c 13 17  30 \"FG\""])
        XCTAssertEqual(show(Q.table(["a": Q.list(Q.str("fox"), Q.list(Q.str("jumps"), Q.str("over"))), "b": Q.list(.char(97), Q.str("dog"))])),
                       ["a                b", "----------------------", "\"fox\"            \"a\"", "(\"jumps\";\"over\") \"dog\""])
        XCTAssertEqual(show(Q.table(["code": Q.syms("F2"), "vr": Q.list(Q.floats(5.4, 43.2))])),
                       ["code vr", "-------------", "F2   5.4 43.2"])                                     // show v:([] code:`F2; …)
        XCTAssertEqual(show(Q.table(["x": Q.list(Q.longs(1, 4), Q.longs(1, 4), Q.longs(2, 4)), "val": Q.longs(100, 200, 300)])),
                       ["x   val", "-------", "1 4 100", "1 4 200", "2 4 300"])                         // select (id,'4),val from tbl
        // A cell drops the letter that types its vector; booleans keep theirs.
        let moves = Q.keyed(Q.table(["sym": Q.syms("AAPL", "GOOG")]),
                            Q.table(["movement": Q.list(Q.ints(1, 0, -1), Q.ints(1))]))
        XCTAssertEqual(show(moves), ["sym | movement", "----| --------", "AAPL| 1 0 -1", "GOOG| ,1"])    // select movement:signum deltas …
        XCTAssertEqual(show(Q.table(["f": Q.list(Q.floats(1, 2), Q.reals(3)), "b": Q.list(Q.bools("101"), Q.bools("01"))])),
                       ["f   b", "--------", "1 2 101b", ",3  01b"])
    }

    func testKeyedTables() {
        let kt = Q.keyed(Q.table(["name": Q.syms("Tom", "Jo", "Tom"), "city": Q.syms("NYC", "LA", "Lagos")]),
                         Q.table(["eye": Q.syms("green", "blue", "brown"), "sex": Q.syms("m", "f", "m")]))
        XCTAssertEqual(show(kt), ["name city | eye   sex", "----------| ---------", "Tom  NYC  | green m",
                                  "Jo   LA   | blue  f", "Tom  Lagos| brown m"])
        let k3 = Q.table(["k": Q.syms("abc", "def", "ghi")])
        XCTAssertEqual(show(Q.keyed(k3, Q.table(["a": Q.longs(20, -42, 6), "b": Q.longs(8, 10, -12)]))),
                       ["k  | a   b", "---| -------", "abc| 20  8", "def| -42 10", "ghi| 6   -12"])      // k+k
        let xl = Q.table(["a": Q.floats(1, .nan, log(3) / log(10)), "b": Q.floats(log(4) / log(10), log(5) / log(10), .nan)])
        XCTAssertEqual(show(Q.keyed(k3, xl)), ["k  | a         b", "---| -----------------", "abc| 1         0.60206",
                                               "def|           0.69897", "ghi| 0.4771213"])          // 10 xlog k
        XCTAssertEqual(show(Q.keyed(Q.table(["a": Q.longs(1, 2)]), Q.table(["b": Q.syms("", "z"), "c": Q.longs(1, Int64.min)]))),
                       ["a| b c", "-| ---", "1|   1", "2| z"])                                      // show y:([a:1 2]b:``z;c:1 0N)
        XCTAssertEqual(show(Q.keyed(Q.table(["h": Q.longs(1, 2, 3)]), Q.table(["m": Q.longs(4, 5, 6)]))),
                       ["h| m", "-| -", "1| 4", "2| 5", "3| 6"])
        XCTAssertEqual(QFormat.consoleText(Q.keyed(Q.table(["h": Q.longs(1, 2, 3)]), Q.table(["m": Q.longs(4, 5, 6)]))),
                       "h| m\n-| -\n1| 4\n2| 5\n3| 6\n")                                        // .Q.s ([h:1 2 3] m: 4 5 6)
        let meta = Q.keyed(Q.table(["c": Q.syms("a", "b")]),
                           Q.table(["t": Q.str("js"), "f": Q.syms("", ""), "a": Q.syms("p", "")]))
        XCTAssertEqual(show(meta), ["c| t f a", "-| -----", "a| j   p", "b| s"])                  // meta asc ([]a:3 4 1;b:`a`d`s)
        let empty = Q.keyed(Q.table(["c": Q.syms("name", "age")]),
                            Q.table(["t": Q.str("  "), "f": Q.syms("", ""), "a": Q.syms("", "")]))
        XCTAssertEqual(show(empty), ["c   | t f a", "----| -----", "name|", "age |"])             // meta u:([] name:(); age:())
        let sex = Q.keyed(Q.table(["sex": Q.syms("f", "m")]),
                          Q.table(["name": Q.list(Q.syms("jill"), Q.syms("tom", "dick", "harry", "jack")),
                                   "eye": Q.list(Q.syms("gray"), Q.syms("blue", "green", "blue", "blue"))]))
        XCTAssertEqual(show(sex), ["sex| name                 eye", "---| ------------------------------------------",
                                   "f  | ,`jill               ,`gray", "m  | `tom`dick`harry`jack `blue`green`blue`blue"])
        let one = Q.keyed(Q.table(["one": Q.list(Q.str("a"), Q.str("b"))]),
                          Q.table(["c1": Q.syms("a", "b"), "c2": Q.longs(40, 20), "c3": Q.floats(3.14159, 2.2), "c4": Q.syms("dog", "sheep")]))
        XCTAssertEqual(show(one), ["one | c1 c2 c3      c4", "----| -------------------", ",\"a\"| a  40 3.14159 dog",
                                   ",\"b\"| b  20 2.2     sheep"])
        let types = Q.keyed(Q.table(["result": Q.syms("boolean", "guid")]),
                            Q.table(["short": Q.shorts(-1, -2), "char": Q.str("BG")]))
        XCTAssertEqual(show(types), ["result | short char", "-------| ----------", "boolean| -1    B", "guid   | -2    G"])
        XCTAssertEqual(show(Q.keyed(Q.table(["sym": Q.syms("AAPL", "GOOG")]), Q.table(["movement": Q.list(Q.longs(1, 0, -1), Q.longs(1, 1, 1))]))),
                       ["sym | movement", "----| --------", "AAPL| 1 0 -1", "GOOG| 1 1 1"])
    }
}

final class DisplayFunctionTests: XCTestCase {
    private let plus = Q.prim("+"), minus = Q.prim("-"), join = Q.prim(",")

    func testFunctions() {
        XCTAssertEqual(show(Q.lambda("{x*x}")), ["{x*x}"])                                   // parse "{x*x}"
        XCTAssertEqual(show(Q.lambda("{.z.s}")), ["{.z.s}"])                                 // {.z.s}[]
        XCTAssertEqual(show(.function(.derived(.over, plus))), ["+/"])                       // eval (/;+)
        XCTAssertEqual(k(.function(.derived(.over, plus))), "+/")                            // string (+/)
        XCTAssertEqual(show(.function(.derived(.prior, minus))), ["-':"])                    // deltas
        XCTAssertEqual(show(.function(.derived(.eachRight, join))), [",/:"])                 // value f
        XCTAssertEqual(show(Q.prim("@:", 101)), ["@:"])                                      // type
        XCTAssertEqual(show(Q.prim("%:", 101)), ["%:"])                                      // .q`ltime
        XCTAssertEqual(show(Q.prim("like", 101)), ["like"])                                  // like
        XCTAssertEqual(show(Q.list(Q.prim("!:", 101), .long(10))), ["!:", "10"])             // parse "k)!10"
        XCTAssertEqual(show(Q.list(Q.list(.function(.iterator(.eachRight)), plus), Q.longs(1, 2, 3), Q.longs(5, 7))),
                       ["(/:;+)", "1 2 3", "5 7"])                                          // parse "1 2 3 +/: 5 7"
        XCTAssertEqual(show(Q.list(plus, Q.longs(1, 2, 3), Q.list(Q.prim("-:", 101), Q.longs(5, 7)))),
                       ["+", "1 2 3", "(-:;5 7)"])                                          // parse "1 2 3 +neg 5 7"
        XCTAssertEqual(show(Q.list(plus, .long(2))), ["+", "2"])                             // value +[2]
        XCTAssertEqual(show(.function(.projection(plus, [.long(2)]))), ["+[2]"])
        XCTAssertEqual(show(.function(.projection(plus, [nil, .long(1)]))), ["+[;1]"])
        XCTAssertEqual(show(.function(.projection(Q.lambda("{x+y}"), [.long(1)]))), ["{x+y}[1]"])
        XCTAssertEqual(show(.function(.projection(Q.lambda("{x+y+z}"), [.long(1), nil, .char(97)]))), ["{x+y+z}[1;;\"a\"]"])
        XCTAssertEqual(show(.function(.derived(.each, Q.lambda("{x}")))), ["{x}'"])
        let zeroOr = QValue.function(.projection(Q.prim("|"), [.long(0), nil]))
        let comp = QValue.function(.composition([zeroOr, plus]))
        XCTAssertEqual(show(comp), ["0|+"])                                                  // (0|+)
        XCTAssertEqual(show(.function(.derived(.scan, comp))), ["(0|+)\\"])
        XCTAssertEqual(show(.function(.projection(comp, [.long(1), nil]))), ["(0|+)[1;]"])
        XCTAssertEqual(show(.function(.composition([Q.prim("neg", 101), Q.prim("sum", 101)]))), ["neg sum"])
        XCTAssertEqual(show(.identity), [])
        XCTAssertEqual(show(Q.lambda("{[a;b]\n  a+b\n }")), ["{[a;b]", "  a+b", " }"])
        let native = QNativeFunction(name: "myfn", rank: 1) { $0[0] }
        XCTAssertEqual(show(.function(.native(native))), ["myfn"])
    }
}

final class DisplayTruncationTests: XCTestCase {
    func testWidthAndHeight() {
        // \c 10 10; til each 20+til 10
        let rows = QValue.list((20..<30).map { n in .longs((0..<Int64(n)).map { $0 }) })
        XCTAssertEqual(show(rows, QDisplayOptions(width: 10, height: 10)), Array(repeating: "0 1 2 3..", count: 7) + [".."])
        // .Q.gz{…}[.Q.gz(9;10000#"helloworld")]
        let hw = QValue.string(String(repeating: "helloworld", count: 1000))
        XCTAssertEqual(show(hw), ["\"helloworldhelloworldhelloworldhelloworldhelloworldhelloworldhelloworldhellow.."])
        let res = Q.syms("abs", "acos", "asin", "atan", "avg", "bin", "binr", "cor", "cos", "cov", "delete", "dev", "div",
                         "do", "enlist", "exec", "exit", "exp", "fby", "first", "flip", "floor", "get", "getenv")
        XCTAssertEqual(show(res), ["`abs`acos`asin`atan`avg`bin`binr`cor`cos`cov`delete`dev`div`do`enlist`exec`ex.."])  // .Q.res,key`.q
        XCTAssertEqual(show(.bools(Array(repeating: true, count: 100))).first?.count, 79)
        // 1_.h.jx[5;`a]: 22 lines then ..
        var page = ["", "a    b   c  ", "------------"]
        page += (5..<24).map { "\($0 * 100) 904 34 " }
        page += ["2400 1 2", "2500 3 4", "2600 5 6"]
        let shown = show(.list(page.map(QValue.string)))
        XCTAssertEqual(shown.count, 23)
        XCTAssertEqual(shown.last, "..")
        XCTAssertEqual(Array(shown.prefix(22)), page.prefix(22).map { "\"\($0)\"" })
        // read0 `:fudadj.csv under \c … 84: each line keeps 81 bytes and gains ..
        let csv = "-1,-1,3,3,2,3,3,3,1,-1,3,0,2,1,2,1,0,-1,3,0,3,1,1,1,3,0,-1,3,-1,2,0,2,1,3,0,0,0,1,2,3,3,1"
        XCTAssertEqual(show(Q.list(Q.str(csv), Q.str(csv)), QDisplayOptions(width: 84)),
                       Array(repeating: "\"-1,-1,3,3,2,3,3,3,1,-1,3,0,2,1,2,1,0,-1,3,0,3,1,1,1,3,0,-1,3,-1,2,0,2,1,3,0,0,0,..", count: 2))
    }

    func testTallTablesAndWideRows() {
        // Header and dashes count: 100 rows at \c 25 80 leave room for 20.
        let t = Q.table(["a": .longs(Array(0..<100))])
        let lines = show(t)
        XCTAssertEqual(lines.count, 23)
        XCTAssertEqual(Array(lines.prefix(4)), ["a", "--", "0", "1"])
        XCTAssertEqual(lines[21], "19")
        XCTAssertEqual(lines[22], "..")
        // Exactly height-2 lines fit without cutting.
        XCTAssertEqual(show(Q.table(["a": .longs(Array(0..<21))])).count, 23)
        XCTAssertEqual(show(.list((0..<23).map { QValue.long(Int64($0)) })).last, "22")
        XCTAssertEqual(show(.list((0..<24).map { QValue.long(Int64($0)) })).suffix(2), ["21", ".."])
        // A table wider than the console: every line is cut at the same column.
        let wide = Q.table(["a": Q.syms("x", "y"), "b": .list([.string(String(repeating: "q", count: 100)), .char(114)])])
        let w = show(wide)
        XCTAssertEqual(w.map(\.count), [79, 79, 79, 79])
        XCTAssertTrue(w.allSatisfy { $0.hasSuffix("..") })
        XCTAssertEqual(w[3], "y \"r\"" + String(repeating: " ", count: 72) + "..")
    }

    func testClipForZeroBang() {
        // .Q.fs[{0N!("SSSSSSID";",")0:x}]`:potamus.csv
        let cols: [QValue] = [Q.syms("Take", "A"), Q.syms("a", "man"), Q.syms("hippo", "a"), Q.syms("to", "plan"),
                              Q.syms("lunch", "a"), Q.syms("today", "hippopotamus"), Q.ints(-1, 42),
                              Q.dates((1941, 12, 7), (1952, 3, 1))]
        XCTAssertEqual(QFormat.clip(k(.list(cols))),
                       "(`Take`A;`a`man;`hippo`a;`to`plan;`lunch`a;`today`hippopotamus;-1 42i;1941.12..")
        XCTAssertEqual(QFormat.clip("short"), "short")
    }

    func testLargeValuesFormatOnlyWhatIsShown() {
        let n = 10_000_000
        let big = QValue.longs(Array(repeating: 123456789, count: n))
        let started = ContinuousClock.now
        XCTAssertEqual(show(big).first?.count, 79)
        XCTAssertEqual(show(Q.table(["a": big, "b": big])).count, 23)
        XCTAssertEqual(show(Q.dict(big, big)).count, 23)
        XCTAssertEqual(show(.list([big, big])).map(\.count), [79, 79])
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
    }

    func testKFormIsLinear() {
        let n = 1_000_000
        let started = ContinuousClock.now
        let s = k(.floats((0..<n).map { Double($0) + 0.5 }))
        XCTAssertEqual(s.utf8.count, (0..<n).reduce(0) { $0 + "\($1).5".count } + n - 1)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(20))
    }
}

final class DisplayNullTests: XCTestCase {
    /// Null, infinity and negative infinity of every type, as atoms (datatypes.md).
    func testNullsAndInfinitiesOfEveryType() {
        let i32: [(QType, String)] = [(.int, "i"), (.month, "m"), (.date, "d"), (.minute, "u"), (.second, "v"), (.time, "t")]
        for (t, c) in i32 {
            XCTAssertEqual(show(Q.atom(t, .i(Int32.min))), ["0N" + c])
            XCTAssertEqual(show(Q.atom(t, .i(Int32.max))), ["0W" + c])
            XCTAssertEqual(show(Q.atom(t, .i(-Int32.max))), ["-0W" + c])
        }
        for (t, c) in [(QType.long, ""), (.timestamp, "p"), (.timespan, "n")] {
            XCTAssertEqual(show(Q.atom(t, .j(Int64.min))), ["0N" + c])
            XCTAssertEqual(show(Q.atom(t, .j(Int64.max))), ["0W" + c])
            XCTAssertEqual(show(Q.atom(t, .j(-Int64.max))), ["-0W" + c])
        }
        XCTAssertEqual(show(Q.atom(.datetime, .f(-.infinity))), ["-0wz"])
        XCTAssertEqual(show(.char(32)), ["\" \""])
    }

    /// In vectors nulls are `0N` (`0n` for floats) and the type letter goes once at the end,
    /// or only when every item is null or infinite for types whose text is otherwise distinct.
    func testNullsInVectors() {
        XCTAssertEqual(show(Q.longs(Int64.min, 2, 3, 5, 7)), ["0N 2 3 5 7"])                 // prev 2 3 5 7 11
        XCTAssertEqual(show(Q.longs(Int64.max, 5, 5, 1, 1)), ["0W 5 5 1 1"])                 // mins 0N 5 0N 1 3
        XCTAssertEqual(show(Q.longs(Int64.min, Int64.min)), ["0N 0N"])
        XCTAssertEqual(show(Q.ints(Int32.min, 2, 3)), ["0N 2 3i"])
        XCTAssertEqual(show(Q.shorts(Int16.min, Int16.min)), ["0N 0Nh"])
        XCTAssertEqual(show(Q.reals(1, .nan, .infinity)), ["1 0N 0we"])
        XCTAssertEqual(show(Q.vec(.timestamp, .j([Int64.min, 0]))), ["0N 2000.01.01D00:00:00.000000000"])
        XCTAssertEqual(show(Q.vec(.timestamp, .j([Int64.min, Int64.max]))), ["0N 0Wp"])
        XCTAssertEqual(show(Q.vec(.time, .i([Int32.min, 0]))), ["0N 00:00:00.000"])
        XCTAssertEqual(show(Q.vec(.minute, .i([Int32.min]))), [",0Nu"])
        XCTAssertEqual(show(Q.vec(.datetime, .f([.nan, 0]))), ["0N 2000.01.01T00:00:00.000"])
        XCTAssertEqual(show(Q.vec(.guid, .g([.null]))), [",00000000-0000-0000-0000-000000000000"])
    }

    func testNullCells() {
        let t = Q.table(["d": Q.vec(.date, .i([Int32.min, 0])), "s": Q.syms("", "a"), "c": Q.str(" b"),
                         "g": Q.vec(.guid, .g([.null, .null])), "i": Q.ints(Int32.max, Int32.min)])
        XCTAssertEqual(show(t), ["d          s c g                                    i", String(repeating: "-", count: 54),
                                 "               00000000-0000-0000-0000-000000000000 0W",
                                 "2000.01.01 a b 00000000-0000-0000-0000-000000000000"])
        XCTAssertEqual(show(Q.table(["a": Q.longs(1, 2), "b": Q.longs(3)])), ["a b", "---", "1 3", "2"])  // ragged: no trap
    }
}
