import XCTest
@testable import QCore

// Expected values come from the q transcripts in shared/conformance and the pages they were
// taken from (ref/tok.md, basics/datatypes.md, basics/syscmds.md …); the rest follow the
// rules documented on QLiteral.

// MARK: - Helpers

/// Same type, shape and scalars; NaNs equal each other, and the sign of zero counts.
private func same(_ a: QValue?, _ b: QValue?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (.atom(let t, let s)?, .atom(let u, let r)?): return t == u && sameScalar(s, r)
    case (.vector(let v)?, .vector(let w)?):
        guard v.type == w.type, v.count == w.count else { return false }
        return (0..<v.count).allSatisfy { sameScalar(v.storage[$0], w.storage[$0]) }
    default: return false
    }
}

private func sameScalar(_ a: QScalar, _ b: QScalar) -> Bool {
    switch (a, b) {
    case (.e(let x), .e(let y)): return x.isNaN ? y.isNaN : x == y && x.sign == y.sign
    case (.f(let x), .f(let y)): return x.isNaN ? y.isNaN : x == y && x.sign == y.sign
    default: return a == b
    }
}

private func show(_ v: QValue?) -> String {
    guard let v else { return "nil" }
    switch v {
    case .atom(let t, let s): return "\(t)(\(s))"
    case .vector(let vec): return "\(vec.type)[" + (0..<vec.count).map { "\(vec.storage[$0])" }.joined(separator: ",") + "]"
    default: return "\(v.typeNumber)h value"
    }
}

private func expectToken(_ text: String, _ expected: QValue?, file: StaticString = #filePath, line: UInt = #line) {
    let got = QLiteral.parseToken(Substring(text))
    XCTAssertTrue(same(got, expected), "\(text): got \(show(got)), expected \(show(expected))", file: file, line: line)
}

private func expectVector(_ text: String, _ expected: QValue, file: StaticString = #filePath, line: UInt = #line) {
    let tokens = text.split(separator: " ")
    do {
        let got = try QLiteral.parseVector(tokens)
        XCTAssertTrue(same(got, expected), "\(text): got \(show(got)), expected \(show(expected))", file: file, line: line)
    } catch {
        XCTFail("\(text): threw \(error)", file: file, line: line)
    }
}

private func expectVectorThrows(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try QLiteral.parseVector(text.split(separator: " ")), text, file: file, line: line)
}

private func expectTok(_ type: QType, _ text: String, _ expected: QValue, dayFirst: Bool = false,
                       file: StaticString = #filePath, line: UInt = #line) {
    let got = QLiteral.tok(type, Array(text.utf8), dayFirst: dayFirst)
    XCTAssertTrue(same(got, expected), "\"\(type.letter)\"$\"\(text)\": got \(show(got)), expected \(show(expected))",
                  file: file, line: line)
}

private func atom(_ t: QType, _ s: QScalar) -> QValue { .atom(t, s) }
private func short(_ v: Int16) -> QValue { atom(.short, .h(v)) }
private func int(_ v: Int32) -> QValue { atom(.int, .i(v)) }
private func long(_ v: Int64) -> QValue { atom(.long, .j(v)) }
private func real(_ v: Float) -> QValue { atom(.real, .e(v)) }
private func float(_ v: Double) -> QValue { atom(.float, .f(v)) }
private func byte(_ v: UInt8) -> QValue { atom(.byte, .x(v)) }
private func bool(_ v: Bool) -> QValue { atom(.boolean, .b(v)) }
private func null(_ t: QType) -> QValue { t.null }
private func inf(_ t: QType) -> QValue { atom(t, t.infinityScalar!) }
private func negInf(_ t: QType) -> QValue { atom(t, t.negativeInfinityScalar!) }

private func days(_ y: Int, _ m: Int, _ d: Int) -> Int32 { Int32(QCalendar.days(year: y, month: m, day: d)) }
private func date(_ y: Int, _ m: Int, _ d: Int) -> QValue { atom(.date, .i(days(y, m, d))) }
private func month(_ y: Int, _ m: Int) -> QValue { atom(.month, .i(Int32((y - 2000) * 12 + m - 1))) }
private func nanos(_ h: Int64, _ m: Int64, _ s: Int64, _ ns: Int64 = 0) -> Int64 {
    ((h * 60 + m) * 60 + s) * 1_000_000_000 + ns
}
private func timestamp(_ y: Int, _ mo: Int, _ d: Int, _ h: Int64 = 0, _ mi: Int64 = 0, _ s: Int64 = 0, _ ns: Int64 = 0) -> QValue {
    // One day nearer zero first, so instants just inside 1707 do not overflow on the way.
    let day = Int64(days(y, mo, d))
    let n = QCalendar.nanosPerDay
    return atom(.timestamp, .j(day < 0 ? (day + 1) * n + (nanos(h, mi, s, ns) - n) : day * n + nanos(h, mi, s, ns)))
}
private func datetime(_ y: Int, _ mo: Int, _ d: Int, _ h: Int64 = 0, _ mi: Int64 = 0, _ s: Int64 = 0, _ ms: Int64 = 0) -> QValue {
    atom(.datetime, .f(Double(days(y, mo, d)) + Double(((h * 60 + mi) * 60 + s) * 1000 + ms) / 86_400_000))
}
private func timespan(_ ns: Int64) -> QValue { atom(.timespan, .j(ns)) }
private func minute(_ h: Int32, _ m: Int32) -> QValue { atom(.minute, .i(h * 60 + m)) }
private func second(_ h: Int32, _ m: Int32, _ s: Int32) -> QValue { atom(.second, .i((h * 60 + m) * 60 + s)) }
private func time(_ h: Int32, _ m: Int32, _ s: Int32, _ ms: Int32 = 0) -> QValue {
    atom(.time, .i(((h * 60 + m) * 60 + s) * 1000 + ms))
}
private func guid(_ s: String) -> QValue { atom(.guid, .g(QGUID(string: s)!)) }
private func vector(_ t: QType, _ atoms: [QValue]) -> QValue {
    .vector(QVector(t, QStorage.gather(kind: t.storageKind, atoms)))
}

// MARK: - Single tokens

final class LiteralTokenTests: XCTestCase {
    func testIntegers() {
        expectToken("42", long(42))
        expectToken("-7", long(-7))
        expectToken("42i", int(42))
        expectToken("42h", short(42))
        expectToken("42j", long(42))
        expectToken("-123h", short(-123))
        expectToken("1234567890i", int(1_234_567_890))
        expectToken("2130706433i", int(2_130_706_433))
        expectToken("9223372036854775807", long(Int64.max))
        // Too large for a long: a float.
        expectToken("9223372036854775808", float(9_223_372_036_854_775_808))
        expectToken("123456789012345678901234567890", float(1.2345678901234568e29))
        // Out of range with a letter: the typed null, as tok gives.
        expectToken("40000h", null(.short))
        expectToken("3000000000i", null(.int))
        expectToken("32767h", short(32767))
    }

    func testFloats() {
        expectToken("4.2", float(4.2))
        expectToken("4.2e", real(4.2))
        expectToken("1e10", float(1e10))
        expectToken("1e-10", float(1e-10))
        expectToken("1.5f", float(1.5))
        expectToken(".5", float(0.5))
        expectToken("1.", float(1))
        expectToken("-.5", float(-0.5))
        expectToken("-0f", float(-0.0))
        expectToken("1e", real(1))
        expectToken("1e5e", real(1e5))
        expectToken("1.234e7e", real(1.234e7))
        expectToken("1.234e-7", float(1.234e-7))
        expectToken("1000f", float(1000))
        expectToken("123456789f", float(123_456_789))
        expectToken("96.099999999999994", float(96.099999999999994))
        expectToken("0.044999999999999998", float(0.045))
        expectToken("1e300", float(1e300))
        expectToken("1e-320", float(Double("1e-320")!))
        expectToken("12345678901234567890.5", float(12345678901234567890.5))
        expectToken("3.14159265358979323846", float(Double.pi))
    }

    func testBooleansAndBytes() {
        expectToken("1b", bool(true))
        expectToken("0b", bool(false))
        expectToken("101b", .bools([true, false, true]))
        expectToken("0x2a", byte(0x2a))
        expectToken("0xFF", byte(0xff))
        expectToken("0x0", byte(0))
        expectToken("0x0a0b", .vector(QVector(.byte, .x([0x0a, 0x0b]))))
        expectToken("0x", .vector(QVector(.byte, .x([]))))
        expectToken("0x123", .vector(QVector(.byte, .x([0x01, 0x23]))))
        expectToken("0x68656c6c6f", .vector(QVector(.byte, .x(Array("hello".utf8)))))
    }

    func testNullsAndInfinities() {
        expectToken("0N", null(.long))
        expectToken("0W", long(Int64.max))
        expectToken("-0W", long(-Int64.max))
        expectToken("0n", float(.nan))
        expectToken("0w", float(.infinity))
        expectToken("-0w", float(-.infinity))
        expectToken("0Nh", null(.short))
        expectToken("0Wh", short(32767))
        expectToken("-0Wh", short(-32767))
        expectToken("0Ni", null(.int))
        expectToken("0Wi", int(Int32.max))
        expectToken("0Nj", null(.long))
        expectToken("0Wj", long(Int64.max))
        expectToken("0Ne", real(.nan))
        expectToken("0We", real(.infinity))
        expectToken("0we", real(.infinity))
        expectToken("-0We", real(-.infinity))
        expectToken("0Nf", float(.nan))
        expectToken("0Ng", atom(.guid, .g(.null)))
        expectToken("0ng", atom(.guid, .g(.null)))
        expectToken("0Nd", null(.date))
        expectToken("0Wd", inf(.date))
        expectToken("-0Wd", negInf(.date))
        expectToken("0Np", null(.timestamp))
        expectToken("0Wp", inf(.timestamp))
        expectToken("-0Wp", negInf(.timestamp))
        expectToken("0Nm", null(.month))
        expectToken("0Nz", null(.datetime))
        expectToken("0wz", inf(.datetime))
        expectToken("0Wz", inf(.datetime))
        expectToken("0Nn", null(.timespan))
        expectToken("0Wn", inf(.timespan))
        expectToken("0Nu", null(.minute))
        expectToken("0Nv", null(.second))
        expectToken("0Nt", null(.time))
        expectToken("0Wt", inf(.time))
    }

    func testDatesAndMonths() {
        expectToken("2000.01.01", date(2000, 1, 1))
        expectToken("1999.12.31", date(1999, 12, 31))
        expectToken("1666.09.02", date(1666, 9, 2))
        expectToken("0001.01.01", date(1, 1, 1))
        expectToken("9999.12.31", date(9999, 12, 31))
        expectToken("2024.02.29", date(2024, 2, 29))
        expectToken("2000.01m", month(2000, 1))
        expectToken("2012.06m", month(2012, 6))
        expectToken("1999.12m", month(1999, 12))
        expectToken("2000.01.01d", date(2000, 1, 1))
        // A valid shape naming no real day: the typed null.
        expectToken("2001.02.29", null(.date))
        expectToken("2000.13.01", null(.date))
        expectToken("0000.01.01", null(.date))
        expectToken("2000.13m", null(.month))
    }

    func testTimestampsAndDatetimes() {
        expectToken("2000.01.01D12:00:00.000000000", timestamp(2000, 1, 1, 12))
        expectToken("2010.12.16D17:12:12.849442000", timestamp(2010, 12, 16, 17, 12, 12, 849_442_000))
        expectToken("2024.10.07D20:00:00.000603286", timestamp(2024, 10, 7, 20, 0, 0, 603_286))
        expectToken("2015.10.28D03:55:58", timestamp(2015, 10, 28, 3, 55, 58))
        expectToken("2023.04.17D12:34", timestamp(2023, 4, 17, 12, 34))
        expectToken("2023.11.11D0", timestamp(2023, 11, 11))
        expectToken("2000.01.01D12", timestamp(2000, 1, 1, 12))
        expectToken("2000.01.01D", timestamp(2000, 1, 1))
        expectToken("2000.01.01D12:00:00.1", timestamp(2000, 1, 1, 12, 0, 0, 100_000_000))
        expectToken("1707.09.22D00:12:43.145224194", timestamp(1707, 9, 22, 0, 12, 43, 145_224_194))
        expectToken("1600.01.01D00:00", null(.timestamp))
        // basics/datatypes.md: `-0W 0Wp+1 -1` shows the first and last timestamps q holds,
        // and `0p+ -0W 0Wp+1 -1` the same instants as timespans.
        expectToken("1707.09.22D00:12:43.145224194", atom(.timestamp, .j(Int64.min + 2)))
        expectToken("2292.04.10D23:47:16.854775806", atom(.timestamp, .j(Int64.max - 1)))
        expectToken("-106751D23:47:16.854775806", timespan(Int64.min + 2))
        expectToken("106751D23:47:16.854775806", timespan(Int64.max - 1))
        expectToken("106751D23:47:16.854775808", null(.timespan))
        expectToken("2292.04.10D23:47:16.854775808", null(.timestamp))
        // Just inside the 1707 end, after the day's start has left the range.
        expectToken("1707.09.22D00:12:43.145224193", atom(.timestamp, .j(Int64.min + 1)))
        expectToken("2000.01.01T12:00:00.000", datetime(2000, 1, 1, 12))
        expectToken("2009.10.03T13:08:00.222", datetime(2009, 10, 3, 13, 8, 0, 222))
        expectToken("2000.01.02T00:16:40.000", datetime(2000, 1, 2, 0, 16, 40))
        expectToken("2010.05.13T12:30:59.999", datetime(2010, 5, 13, 12, 30, 59, 999))
        expectToken("2023.04.17T12:34:56", datetime(2023, 4, 17, 12, 34, 56))
        expectToken("2000.01.01T", datetime(2000, 1, 1))
        expectToken("1999.12.31T12:00", datetime(1999, 12, 31, 12))
        expectToken("2000.01.01p", timestamp(2000, 1, 1))
        expectToken("2023.04.17D12:34:56p", timestamp(2023, 4, 17, 12, 34, 56))
        expectToken("12:34:56.123456789p", timestamp(2000, 1, 1, 12, 34, 56, 123_456_789))
        expectToken("0p", timestamp(2000, 1, 1))
        expectToken("2000.01.01z", datetime(2000, 1, 1))
    }

    func testTimesOfDayAndSpans() {
        expectToken("12:00", minute(12, 0))
        expectToken("25:00", minute(25, 0))
        expectToken("12:00:00", second(12, 0, 0))
        expectToken("12:00:00.000", time(12, 0, 0))
        expectToken("23:59:59.999", time(23, 59, 59, 999))
        expectToken("03:55:58.11", time(3, 55, 58, 110))
        expectToken("03:44:55.666", time(3, 44, 55, 666))
        expectToken("12:00:00.000000000", timespan(nanos(12, 0, 0)))
        expectToken("20:00:00.000603286", timespan(nanos(20, 0, 0, 603_286)))
        expectToken("00:00:00.000000001", timespan(1))
        expectToken("12:34:56.123456", timespan(nanos(12, 34, 56, 123_456_000)))
        expectToken("0D12:00:00.000000000", timespan(nanos(12, 0, 0)))
        expectToken("0D12:34:56.123456789", timespan(nanos(12, 34, 56, 123_456_789)))
        expectToken("1D", timespan(QCalendar.nanosPerDay))
        expectToken("-1D", timespan(-QCalendar.nanosPerDay))
        expectToken("0D", timespan(0))
        expectToken("0D00", timespan(0))
        expectToken("1D12:34:56", timespan(QCalendar.nanosPerDay + nanos(12, 34, 56)))
        expectToken("100D00:00:00", timespan(100 * QCalendar.nanosPerDay))
        expectToken("-0D00:00:01", timespan(-1_000_000_000))
        expectToken("-12:00", minute(-12, 0))
        expectToken("12:60", null(.minute))
        expectToken("12:00:60", null(.second))
        expectToken("20:00t", time(20, 0, 0))
        expectToken("12:34u", minute(12, 34))
        expectToken("12:34:56v", second(12, 34, 56))
        expectToken("12:34:56t", time(12, 34, 56))
        expectToken("12:34:56.123t", time(12, 34, 56, 123))
        expectToken("12:34:56.123456789n", timespan(nanos(12, 34, 56, 123_456_789)))
        expectToken("12:34n", timespan(nanos(12, 34, 0)))
    }

    func testNotLiterals() {
        for text in ["", "-", ".", "-.", "abc", "1.2.3", "1..2", "0x0g", "-0x01", "2b", "-1b", "b", "1.5i", "1a",
                     "12abc", "12:345", "12:3", "12:", ":12", "2000.1.1", "2000.01.1", "0Nb", "0Nx", "0Nc", "0Ns",
                     "0Wg", "-0Ng", "0Nhh", "0N1", "e", "h", "1e+5", "1E5", "1ee", "-2000.01.01", "-2000.01m",
                     "2000.01.01Dx", "2000.01.01T12:0", "2000.01.01D1200", "D", "12:34.5", "0xx", "1x", "1s", "1c", "1g",
                     "12:00:00.", "2000.01.01D12:00:00.x", "1-2", "1e-"] {
            expectToken(text, nil)
        }
    }

    /// Every literal-looking token typed in the transcripts parses.
    func testConformanceTokens() {
        let tokens = [
            "0001.01.01", "000b", "0010011001b", "00:00", "00:00:00", "00:00:00.000000001", "00:00:00.000000002",
            "00:00:00.000000013", "00:00:01", "00:00:03", "00:00:05.000000000", "00:00:10.000000000", "00:00:12",
            "00:08", "00:10", "00:10:00", "00:10:00.000", "00:10:00.000000000", "01001b", "0101b", "01b",
            "03:44:55.666", "03:55:58.11", "09:15:37", "0N", "0Nd", "0Ne", "0Ng", "0Nh", "0Ni", "0Nj", "0Nm",
            "0Nt", "0Nu", "0Nv", "0Nz", "0W", "0We", "0Wh", "0Wi", "0Wj", "0Wn", "0Wp", "0b", "0f", "0h", "0i",
            "0n", "0ng", "0p", "0w", "0we", "0x0", "0x000102030405", "0x01", "0x0102010201", "0x2324", "0xab",
            "0xff", "1000101000b", "1000f", "1000i", "100f", "100h", "1010b", "101b", "10:01:08", "10e", "11001b",
            "123456789f", "12:00:00.000000000", "13:12:52", "1666.09.02", "1e", "1e12", "1e13", "1e4",
            "2000.01.02T00:16:40.000", "2009.10.03T13:08:00.222", "2010.05.13T12:30:59.999",
            "2010.12.16D17:12:12.849442000", "2012.06m", "2012.09m", "2015.10.28D03:55:58", "2016.12m",
            "2017.11m", "2020.01.01D09:00:00", "2024.10.07D20:00:00.000603286", "20:00:00.000603286", "20:00t",
            "2130706433i", "23173h", "23:59:59.999", "2413e", "2413f", "2413h", "2413i", "0.0001", "100.",
            "96.100000000000009", "781704703567.90", "2.", ".045",
        ]
        for t in tokens {
            XCTAssertNotNil(QLiteral.parseToken(Substring(t)), t)
        }
    }
}

// MARK: - Vectors

final class LiteralVectorTests: XCTestCase {
    func testSuffixTypesTheWholeVector() {
        expectVector("1 2 3h", vector(.short, [short(1), short(2), short(3)]))
        expectVector("1 2 3e", vector(.real, [real(1), real(2), real(3)]))
        expectVector("1 2.5e", vector(.real, [real(1), real(2.5)]))
        expectVector("1.5 2e", vector(.real, [real(1.5), real(2)]))
        expectVector("1 2 3f", .floats([1, 2, 3]))
        expectVector("1 0Nh", vector(.short, [short(1), null(.short)]))
        expectVector("0N 1h", vector(.short, [null(.short), short(1)]))
        expectVector("0W -0W 1h", vector(.short, [short(32767), short(-32767), short(1)]))
        // basics/comparison.md and ref/fill.md: `type 0n 2 3i` is 6h; `13:30 20:00t` are times.
        expectVector("0n 2 3i", vector(.int, [null(.int), int(2), int(3)]))
        expectVector("13:30 20:00t", vector(.time, [time(13, 30, 0), time(20, 0, 0)]))
        // basics/datatypes.md: `-0W 0Wp` are the timestamp infinities.
        expectVector("-0W 0Wp", vector(.timestamp, [negInf(.timestamp), inf(.timestamp)]))
        // basics/math.md: `2012.05 2012.06m`.
        expectVector("2012.05 2012.06m", vector(.month, [month(2012, 5), month(2012, 6)]))
        expectVector("2017.05 2017.09 2015.03 2017.11m",
                     vector(.month, [month(2017, 5), month(2017, 9), month(2015, 3), month(2017, 11)]))
        expectVector("0N 0D00 0D12:34:56.123456789n",
                     vector(.timespan, [null(.timespan), timespan(0), timespan(nanos(12, 34, 56, 123_456_789))]))
        expectVector("0Nh 1h", vector(.short, [null(.short), short(1)]))
    }

    func testInferredTypes() {
        expectVector("1 2 3", .longs([1, 2, 3]))
        expectVector("1 2.5", .floats([1, 2.5]))
        expectVector("1 2.", .floats([1, 2]))
        expectVector("0N 1", .longs([Int64.min, 1]))
        expectVector("1 0n 2", .floats([1, .nan, 2]))
        expectVector("0n 0w -0w", .floats([.nan, .infinity, -.infinity]))
        expectVector("0N 0n", .floats([.nan, .nan]))
        expectVector("0W -0W", .longs([Int64.max, -Int64.max]))
        expectVector("-0w 0 1 2 3 0w", .floats([-.infinity, 0, 1, 2, 3, .infinity]))
        expectVector("2000.01.01 0Nd", vector(.date, [date(2000, 1, 1), null(.date)]))
        expectVector("2000.01.01 0N", vector(.date, [date(2000, 1, 1), null(.date)]))
        expectVector("0N 2000.01.01 0W", vector(.date, [null(.date), date(2000, 1, 1), inf(.date)]))
        expectVector("2010.05.28 2010.05.29 2010.05.30",
                     vector(.date, [date(2010, 5, 28), date(2010, 5, 29), date(2010, 5, 30)]))
        expectVector("12:00 12:01", vector(.minute, [minute(12, 0), minute(12, 1)]))
        expectVector("00:00:00 00:00:01 00:00:03", vector(.second, [second(0, 0, 0), second(0, 0, 1), second(0, 0, 3)]))
        expectVector("2023.04.17T12:34:56.123 0Nz", vector(.datetime, [datetime(2023, 4, 17, 12, 34, 56, 123), null(.datetime)]))
        expectVector("0Ng 0N", vector(.guid, [atom(.guid, .g(.null)), atom(.guid, .g(.null))]))
        expectVector("1 -2 3", .longs([1, -2, 3]))
        expectVector("-1.5 2", .floats([-1.5, 2]))
        expectVector("9223372036854775808 1", .floats([9_223_372_036_854_775_808, 1]))
    }

    func testSingleTokenIsItsValue() throws {
        XCTAssertTrue(same(try QLiteral.parseVector(["42"]), long(42)))
        XCTAssertTrue(same(try QLiteral.parseVector(["101b"]), .bools([true, false, true])))
        XCTAssertTrue(same(try QLiteral.parseVector(["0x0102"]), .vector(QVector(.byte, .x([1, 2])))))
    }

    func testIncompatibleMixesThrow() {
        expectVectorThrows("1 2000.01.01")
        expectVectorThrows("1.5 2h")
        expectVectorThrows("1h 2i")
        expectVectorThrows("1b 0b")
        expectVectorThrows("0x01 0x02")
        expectVectorThrows("1 abc")
        expectVectorThrows("12:00 12:00:00")
        expectVectorThrows("1 0Wg")
        expectVectorThrows("2000.01.01 1.5")
        XCTAssertThrowsError(try QLiteral.parseVector([]))
    }
}

// MARK: - Token boundaries

final class LiteralTokenEndTests: XCTestCase {
    private func end(_ s: String, _ start: Int = 0) -> Int { QLiteral.tokenEnd(Array(s.utf8), from: start) }

    func testTokenEnd() {
        XCTAssertEqual(end("42+1"), 2)
        XCTAssertEqual(end("-7 8"), 2)
        XCTAssertEqual(end("1e-10*2"), 5)
        XCTAssertEqual(end("1.5e-3e"), 7)
        XCTAssertEqual(end("2e-1"), 4)
        XCTAssertEqual(end("0Ne-1"), 3)
        XCTAssertEqual(end("0x1e-1"), 4)
        XCTAssertEqual(end("12:30 x"), 5)
        XCTAssertEqual(end("0: x"), 1)
        XCTAssertEqual(end("2000.01.01D12:00:00.000+1"), 23)
        XCTAssertEqual(end("- 1"), 0)
        XCTAssertEqual(end("-.5"), 3)
        XCTAssertEqual(end("-a"), 0)
        XCTAssertEqual(end("1 2"), 1)
        XCTAssertEqual(end("0N!x"), 2)
        XCTAssertEqual(end("2_x"), 1)
        XCTAssertEqual(end("101b]"), 4)
        XCTAssertEqual(end("x 42", 2), 4)
        XCTAssertEqual(end("42", 2), 2)
        XCTAssertEqual(end("0D12:00:00.000000000;"), 20)
    }

    /// Cutting with tokenEnd and parsing agree on the transcripts' literal runs.
    func testCutThenParse() throws {
        let source = "-0W 0Wp 1 2 3h 2012.05 2012.06m 1e-3 0n 2 3i"
        let bytes = Array(source.utf8)
        var tokens: [Substring] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x20 { i += 1; continue }
            let e = QLiteral.tokenEnd(bytes, from: i)
            XCTAssertGreaterThan(e, i)
            tokens.append(Substring(String(decoding: bytes[i..<e], as: UTF8.self)))
            i = e
        }
        XCTAssertEqual(tokens, ["-0W", "0Wp", "1", "2", "3h", "2012.05", "2012.06m", "1e-3", "0n", "2", "3i"])
        XCTAssertTrue(same(try QLiteral.parseVector(Array(tokens[0..<2])), vector(.timestamp, [negInf(.timestamp), inf(.timestamp)])))
        XCTAssertTrue(same(try QLiteral.parseVector(Array(tokens[2..<5])), vector(.short, [short(1), short(2), short(3)])))
        XCTAssertTrue(same(try QLiteral.parseVector(Array(tokens[8..<11])), vector(.int, [null(.int), int(2), int(3)])))
    }
}

// MARK: - Tok

final class TokTests: XCTestCase {
    /// ref/tok.md, basics/datatypes.md, basics/syscmds.md, ref/dotq.md.
    func testTranscripts() {
        expectTok(.real, "3.14", real(3.14))
        expectTok(.date, "2000-12-12", date(2000, 12, 12))
        expectTok(.minute, "12:13:14", minute(12, 13))
        expectTok(.time, "123456789", time(12, 34, 56, 789))
        expectTok(.timestamp, "2015-10-28D03:55:58.6542", timestamp(2015, 10, 28, 3, 55, 58, 654_200_000))
        expectTok(.short, "32768", null(.short))
        expectTok(.int, "2147483648", null(.int))
        expectTok(.date, "2147483648", null(.date))
        expectTok(.boolean, "42", bool(false))
        expectTok(.byte, "42", byte(0x42))
        expectTok(.short, "42", short(42))
        expectTok(.boolean, "   Y  ", bool(true))
        expectTok(.symbol, "hello", atom(.symbol, .s("hello")))
        expectTok(.symbol, "   IBM   ", atom(.symbol, .s("IBM")))
        expectTok(.int, "192.168.1.34", int(-1_062_731_486))
        expectTok(.int, "104.130.139.23", int(1_753_385_751))
        expectTok(.int, "127.0.0.1", int(2_130_706_433))
        expectTok(.guid, "192.0.2.1", guid("00000000-0000-0000-0000-ffffc0000201"))
        expectTok(.guid, "2001:0DB8:85A3:0000:0000:8A2E:0370:7334", guid("20010db8-85a3-0000-0000-8a2e03707334"))
        expectTok(.guid, "2001:0DB8:85A3::8A2E:0370:7334", guid("20010db8-85a3-0000-0000-8a2e03707334"))
        expectTok(.guid, "::8A2E:0370:7334", guid("00000000-0000-0000-0000-8a2e03707334"))
        expectTok(.guid, "::FFFF:192.0.2.1", guid("00000000-0000-0000-0000-ffffc0000201"))
        expectTok(.guid, "::FFFF:c000:201", guid("00000000-0000-0000-0000-ffffc0000201"))
        expectTok(.guid, "8c680a01-5a49-5aab-5a65-d4bfddb6a661", guid("8c680a01-5a49-5aab-5a65-d4bfddb6a661"))
        expectTok(.timespan, "123456123987654", timespan(nanos(12, 34, 56, 123_987_654)))
        expectTok(.time, "123456123987654", time(12, 34, 56, 123))
        expectTok(.timestamp, "10129708800", timestamp(2290, 12, 31))
        expectTok(.timestamp, "00000000000", timestamp(1970, 1, 1))
        expectTok(.timestamp, "10129708800.123456789", timestamp(2290, 12, 31, 0, 0, 0, 123_456_789))
        expectTok(.timestamp, "00000000000.123456789", timestamp(1970, 1, 1, 0, 0, 0, 123_456_789))
        expectTok(.timestamp, "20191122-11:11:11.123", timestamp(2019, 11, 22, 11, 11, 11, 123_000_000))
        expectTok(.datetime, "20191122-11:11:11.123", datetime(2019, 11, 22, 11, 11, 11, 123))
        expectTok(.date, "3001.01.01", date(3001, 1, 1))
        expectTok(.date, "06/01/2010", date(2010, 6, 1))
        expectTok(.date, "06/01/2010", date(2010, 1, 6), dayFirst: true)
    }

    /// "B"$'" ",.Q.an is true exactly for "txyTXY1".
    func testTruthyCharacters() {
        let an = " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789"
        let bits = an.utf8.map { c -> Character in
            if case .atom(_, .b(let v)) = QLiteral.tok(.boolean, [c]) { return v ? "1" : "0" }
            return "?"
        }
        XCTAssertEqual(String(bits), "0000000000000000000010001100000000000000000000100011000100000000")
        expectTok(.boolean, "", bool(false))
        expectTok(.boolean, "true", bool(true))
        expectTok(.boolean, "false", bool(false))
    }

    /// Q for Mortals §7.3.3.
    func testNumbers() {
        expectTok(.long, "42", long(42))
        expectTok(.float, "42", float(42))
        expectTok(.float, "42.0", float(42))
        expectTok(.int, "42.0", null(.int))
        expectTok(.int, " ", null(.int))
        expectTok(.long, " 12 ", long(12))
        expectTok(.long, "-5", long(-5))
        expectTok(.long, "+5", long(5))
        expectTok(.long, "0N", null(.long))
        expectTok(.long, "0W", long(Int64.max))
        expectTok(.long, "-0W", long(-Int64.max))
        expectTok(.long, "1.5", null(.long))
        expectTok(.long, "1e3", null(.long))
        expectTok(.long, "12abc", null(.long))
        expectTok(.long, "1 2", null(.long))
        expectTok(.long, "", null(.long))
        expectTok(.long, "9223372036854775807", long(Int64.max))
        expectTok(.long, "9223372036854775808", null(.long))
        expectTok(.long, "-9223372036854775807", long(-Int64.max))
        expectTok(.long, "99999999999999999999999", null(.long))
        expectTok(.short, "-32767", short(-32767))
        expectTok(.short, "-32769", null(.short))
        expectTok(.int, "1.2.3", null(.int))
        expectTok(.int, "256.0.0.1", null(.int))
        expectTok(.float, ".5", float(0.5))
        expectTok(.float, "1e3", float(1000))
        expectTok(.float, "1E3", float(1000))
        expectTok(.float, "1e+3", float(1000))
        expectTok(.float, "-2.5", float(-2.5))
        expectTok(.float, "0n", float(.nan))
        expectTok(.float, "0w", float(.infinity))
        expectTok(.float, "-0w", float(-.infinity))
        expectTok(.float, "abc", float(.nan))
        expectTok(.float, "inf", float(.nan))
        expectTok(.float, "nan", float(.nan))
        expectTok(.float, "0x10", float(.nan))
        expectTok(.float, "", float(.nan))
        expectTok(.real, "abc", real(.nan))
        expectTok(.real, "1.5", real(1.5))
        expectTok(.byte, "ff", byte(0xff))
        expectTok(.byte, "F", byte(0x0f))
        expectTok(.byte, "xyz", byte(0))
        expectTok(.byte, "", byte(0))
        expectTok(.char, "abc", atom(.char, .x(0x61)))
        expectTok(.char, "", atom(.char, .x(0x20)))
        expectTok(.symbol, "", atom(.symbol, .s("")))
        expectTok(.symbol, "a b", atom(.symbol, .s("a b")))
    }

    func testDates() {
        expectTok(.date, "12.31.2014", date(2014, 12, 31))
        expectTok(.date, "12-31-2014", date(2014, 12, 31))
        expectTok(.date, "12/31/2014", date(2014, 12, 31))
        expectTok(.date, "12/1/2014", date(2014, 12, 1))
        expectTok(.date, "2014/12/31", date(2014, 12, 31))
        expectTok(.date, "2023.04.17", date(2023, 4, 17))
        expectTok(.date, "20230417", date(2023, 4, 17))
        expectTok(.date, "230417", date(2023, 4, 17))
        expectTok(.date, "991231", date(1999, 12, 31))
        expectTok(.date, "17Apr2023", date(2023, 4, 17))
        expectTok(.date, "01JAN00", date(2000, 1, 1))
        expectTok(.date, "2023/Apr/17", date(2023, 4, 17))
        expectTok(.date, "Apr/17/2023", date(2023, 4, 17))
        expectTok(.date, "17/Apr/2023", date(2023, 4, 17), dayFirst: true)
        expectTok(.date, "12/31/99", date(1999, 12, 31))
        expectTok(.date, " 2000.01.01 ", date(2000, 1, 1))
        expectTok(.date, "17/04/2023", null(.date))
        expectTok(.date, "2023.02.29", null(.date))
        expectTok(.date, "2023.04.31", null(.date))
        expectTok(.date, "2023.13.01", null(.date))
        expectTok(.date, "2023.04-17", null(.date))
        expectTok(.date, "abc", null(.date))
        expectTok(.date, "", null(.date))
        expectTok(.date, "0Nd", null(.date))
        expectTok(.date, "0W", inf(.date))
        expectTok(.month, "2023.04", month(2023, 4))
        expectTok(.month, "202304", month(2023, 4))
        expectTok(.month, "2023-04", month(2023, 4))
        expectTok(.month, "2023.13", null(.month))
        // ref/file-text.md: M is `[yy]yy[?]mm`, D also `[yy]yy[?]mm[?]dd`.
        expectTok(.month, "2304", month(2023, 4))
        expectTok(.month, "23.04", month(2023, 4))
        expectTok(.month, "2023/4", month(2023, 4))
        expectTok(.date, "14.01.02", date(2014, 1, 2))
        expectTok(.date, "14-01-02", date(2014, 1, 2))
        expectTok(.date, "01/02/14", date(2014, 1, 2))
        expectTok(.date, "01/02/14", date(2014, 2, 1), dayFirst: true)
        expectTok(.month, "2023.04.17", null(.month))
    }

    func testTimes() {
        expectTok(.timestamp, "2023.04.17D12:34:56.123456789", timestamp(2023, 4, 17, 12, 34, 56, 123_456_789))
        expectTok(.timestamp, "2023.04.17", timestamp(2023, 4, 17))
        expectTok(.timestamp, "2023.04.17T12:00", timestamp(2023, 4, 17, 12))
        expectTok(.timestamp, "2023.04.17 12:00", timestamp(2023, 4, 17, 12))
        expectTok(.timestamp, "2023-04-17T12:00:00", timestamp(2023, 4, 17, 12))
        expectTok(.timestamp, "12:34:56.123456789", timestamp(2000, 1, 1, 12, 34, 56, 123_456_789))
        expectTok(.timestamp, "2013.02", timestamp(2000, 1, 1, 20, 13, 0, 20_000_000))
        expectTok(.timestamp, "17Oct2023D10:00", timestamp(2023, 10, 17, 10))
        expectTok(.timestamp, "2023.04.17D25:00", timestamp(2023, 4, 18, 1))
        expectTok(.timestamp, "2023.04.17D12:60", null(.timestamp))
        expectTok(.timestamp, "garbage", null(.timestamp))
        expectTok(.datetime, "2023.04.17T12:00:00.000", datetime(2023, 4, 17, 12))
        expectTok(.datetime, "2023.04.17", datetime(2023, 4, 17))
        expectTok(.datetime, "2023.04.17D12:00", datetime(2023, 4, 17, 12))
        expectTok(.timespan, "0D12:34:56.123456789", timespan(nanos(12, 34, 56, 123_456_789)))
        expectTok(.timespan, "12:34:56.123456789", timespan(nanos(12, 34, 56, 123_456_789)))
        expectTok(.timespan, "12:34", timespan(nanos(12, 34, 0)))
        expectTok(.timespan, "1D", timespan(QCalendar.nanosPerDay))
        expectTok(.timespan, "-1D12", timespan(-QCalendar.nanosPerDay - nanos(12, 0, 0)))
        expectTok(.minute, "12:34", minute(12, 34))
        expectTok(.minute, "1234", minute(12, 34))
        expectTok(.minute, "12", minute(12, 0))
        expectTok(.minute, "25:00", minute(25, 0))
        expectTok(.second, "12:34:56", second(12, 34, 56))
        expectTok(.second, "12:34", second(12, 34, 0))
        expectTok(.second, "123456", second(12, 34, 56))
        expectTok(.time, "12:34:56.123", time(12, 34, 56, 123))
        expectTok(.time, "12:34:56", time(12, 34, 56))
        expectTok(.time, "12:34", time(12, 34, 0))
        expectTok(.time, "-12:00", time(-12, 0, 0))
        expectTok(.time, "abc", null(.time))
        expectTok(.time, "12:61", null(.time))
        expectTok(.time, "12345", null(.time))
        // ref/file-text.md: N is `hh[:]mm[:]ss[[.]ddddddddd]`, each colon optional.
        expectTok(.timespan, "12:3456", timespan(nanos(12, 34, 56)))
        expectTok(.timespan, "123456.123456789", timespan(nanos(12, 34, 56, 123_456_789)))
        expectTok(.time, "12:3456.789", time(12, 34, 56, 789))
        expectTok(.minute, "100:00", minute(100, 0))
        expectTok(.time, "12:34:56:78", null(.time))
    }

    func testGuidsAndStrings() {
        expectTok(.guid, "8C680A015A495AAB5A65D4BFDDB6A661", guid("8c680a01-5a49-5aab-5a65-d4bfddb6a661"))
        expectTok(.guid, "8c680a01-5a49-5aab-5a65-d4bfddb6a66", atom(.guid, .g(.null)))
        expectTok(.guid, "1:2:3:4:5:6:7:8", guid("00010002-0003-0004-0005-000600070008"))
        expectTok(.guid, "1::2::3", atom(.guid, .g(.null)))
        expectTok(.guid, "1:2:3:4:5:6:7:8:9", atom(.guid, .g(.null)))
        expectTok(.guid, "::", guid("00000000-0000-0000-0000-000000000000"))
        expectTok(.guid, "hello", atom(.guid, .g(.null)))
        let text: [UInt8] = Array(" a b ".utf8)
        XCTAssertTrue(same(QLiteral.tok(.mixed, text), .vector(QVector(.char, .x(text)))))
    }

    /// `"BXH"$("42";"42";"42")` from ref/tok.md.
    func testSeveralTypes() {
        let got = zip([QType.boolean, .byte, .short], ["42", "42", "42"]).map { QLiteral.tok($0, Array($1.utf8)) }
        XCTAssertTrue(same(got[0], bool(false)))
        XCTAssertTrue(same(got[1], byte(0x42)))
        XCTAssertTrue(same(got[2], short(42)))
    }
}

// MARK: - Garbage

final class LiteralFuzzTests: XCTestCase {
    /// SplitMix64: deterministic, so a failure reproduces.
    private struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Random strings from literal-ish characters and random bytes never crash any entry
    /// point, and tok always returns an atom of the asked type.
    func testRandomGarbage() {
        var rng = Rng(state: 0x5EED)
        let alphabet = Array("0123456789.:-+ eEDTNnWwxbhijfpmdzuvtgsc/abcdefABCDEF".utf8)
        for round in 0..<20_000 {
            let length = rng.below(28)
            let bytes: [UInt8] = (0..<length).map { _ in
                round % 5 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[rng.below(alphabet.count)]
            }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = QLiteral.parseToken(Substring(text))
            let tokens = text.split(separator: " ")
            if !tokens.isEmpty { _ = try? QLiteral.parseVector(tokens) }
            let utf8 = Array(text.utf8)
            for start in 0...utf8.count {
                let e = QLiteral.tokenEnd(utf8, from: start)
                XCTAssertTrue(e >= start && e <= utf8.count)
            }
            for type in QType.allCases {
                let v = QLiteral.tok(type, bytes, dayFirst: round % 2 == 0)
                if type == .mixed { continue }
                guard case .atom(let t, let s) = v, t == type else {
                    XCTFail("tok \(type) of \(bytes) gave \(show(v))")
                    continue
                }
                XCTAssertEqual(storageKind(of: s), type.storageKind, "tok \(type) of \(bytes)")
            }
        }
    }

    /// Literal text that tokenEnd cuts is either a literal or nil, and a literal's cut is
    /// the whole token.
    func testMutatedLiterals() {
        var rng = Rng(state: 42)
        let seeds = ["2000.01.01D12:00:00.000000000", "12:34:56.789", "0x0a0b", "1e-10", "-0Wp", "101b", "1D12:00",
                     "2000.01m", "0n", "4.2e", "9223372036854775807", "2000.01.01T12:00:00.000"]
        let noise = Array("0123456789.:-eDTNWxbhjpmdnuvt".utf8)
        for _ in 0..<20_000 {
            var bytes = Array(seeds[rng.below(seeds.count)].utf8)
            for _ in 0..<(1 + rng.below(3)) {
                switch rng.below(3) {
                case 0 where !bytes.isEmpty: bytes[rng.below(bytes.count)] = noise[rng.below(noise.count)]
                case 1: bytes.insert(noise[rng.below(noise.count)], at: rng.below(bytes.count + 1))
                default: if !bytes.isEmpty { bytes.remove(at: rng.below(bytes.count)) }
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let v = QLiteral.parseToken(Substring(text)) {
                switch v {
                case .atom(let t, let s): XCTAssertEqual(storageKind(of: s), t.storageKind, text)
                case .vector: break
                default: XCTFail("\(text) gave \(show(v))")
                }
            }
        }
    }

    private func storageKind(of s: QScalar) -> QStorageKind {
        switch s {
        case .b: return .b
        case .g: return .g
        case .x: return .x
        case .h: return .h
        case .i: return .i
        case .j: return .j
        case .e: return .e
        case .f: return .f
        case .s: return .s
        }
    }
}
