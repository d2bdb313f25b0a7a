import Foundation
import XCTest
@testable import QRuntime

/// Swift rows to q tables and back: `QTableEncoder`, `QTableDecoder` and the
/// `set(_:rows:)` / `upsert(_:rows:)` / `rows(_:as:)` API.
final class TableCodingTests: XCTestCase {
    enum Side: String, Codable, Equatable, CaseIterable { case buy, sell }

    struct Leg: Codable, Equatable {
        var venue: String
        var qty: Int
    }

    /// One field of every supported type, and optionals of most.
    struct Everything: Codable, Equatable {
        var id: Int
        var big: Int64
        var i32: Int32
        var i16: Int16
        var byte: UInt8
        var flag: Bool
        var price: Double
        var ratio: Float
        var sym: String
        var time: Date
        var uid: UUID
        var side: Side
        var maybeInt: Int?
        var maybeI32: Int32?
        var maybePrice: Double?
        var maybeSym: String?
        var maybeTime: Date?
        var maybeUID: UUID?
        var maybeSide: Side?
        var tags: [String]
        var leg: Leg
    }

    struct Trade: Codable, Equatable {
        var id: Int
        var sym: String
        var price: Double
        var size: Int
    }

    static let uid = UUID(uuidString: "8C680A01-5A49-5AAB-5A65-D4BFDDB6A661")!

    static func sample() -> [Everything] {
        [
            Everything(id: 1, big: 1 << 40, i32: -7, i16: 300, byte: 255, flag: true, price: 101.25, ratio: 0.5,
                       sym: "IBM", time: Date(timeIntervalSinceReferenceDate: 700_000_000.125), uid: uid, side: .sell,
                       maybeInt: 42, maybeI32: 7, maybePrice: 9.5, maybeSym: "x", maybeTime: Date(timeIntervalSinceReferenceDate: -86_400),
                       maybeUID: uid, maybeSide: nil, tags: ["a", "b"], leg: Leg(venue: "XNYS", qty: 5)),
            Everything(id: 2, big: -3, i32: Int32.max, i16: -1, byte: 0, flag: false, price: -0.125, ratio: 1e-3,
                       sym: "", time: Date(timeIntervalSinceReferenceDate: 0), uid: UUID(QGUID.null), side: .buy,
                       maybeInt: nil, maybeI32: nil, maybePrice: nil, maybeSym: nil, maybeTime: nil,
                       maybeUID: nil, maybeSide: .buy, tags: [], leg: Leg(venue: "BATS", qty: 0)),
        ]
    }

    func unthreaded() throws -> QRuntime { try QRuntime(configuration: QConfiguration(threading: false)) }

    /// `exec t from meta name`: the column type letters as q reports them.
    func typeLetters(_ q: QRuntime, _ table: String) throws -> String {
        try String(qValue: q("exec t from meta \(table)"))
    }

    func assertConversionError(_ body: @autoclosure () throws -> Any, contains parts: [String],
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case .conversion(let message)? = error as? QRuntimeError else {
                return XCTFail("expected QRuntimeError.conversion, got \(error)", file: file, line: line)
            }
            for part in parts {
                XCTAssertTrue(message.contains(part), "\"\(message)\" lacks \"\(part)\"", file: file, line: line)
            }
        }
    }

    // MARK: round trips and what q sees

    func testRoundTripEveryFieldType() throws {
        let q = try unthreaded()
        let rows = Self.sample()
        try q.set("t", rows: rows)
        XCTAssertEqual(try q.rows("t", as: Everything.self), rows)
        XCTAssertEqual(try Int(qValue: q("count t")), 2)
    }

    func testColumnsHaveTheNaturalQTypes() throws {
        let q = try unthreaded()
        try q.set("t", rows: Self.sample())
        XCTAssertEqual(try [String](qValue: q("cols t")),
                       ["id", "big", "i32", "i16", "byte", "flag", "price", "ratio", "sym", "time", "uid", "side",
                        "maybeInt", "maybeI32", "maybePrice", "maybeSym", "maybeTime", "maybeUID", "maybeSide", "tags", "leg"])
        XCTAssertEqual(try typeLetters(q, "t"), "jjihxbfespgsjifspgsS ")
        XCTAssertEqual(try [Int64](qValue: q("type each value flip t")),
                       [7, 7, 6, 5, 4, 1, 9, 8, 11, 12, 2, 11, 7, 6, 9, 11, 12, 2, 11, 0, 0])
        // Nils are q's typed nulls, usable in q without conversion.
        XCTAssertEqual(try [Bool](qValue: q("null t`maybeInt")), [false, true])
        XCTAssertEqual(try [Bool](qValue: q("null t`maybePrice")), [false, true])
        XCTAssertEqual(try [Bool](qValue: q("null t`maybeTime")), [false, true])
        XCTAssertEqual(try [Bool](qValue: q("null t`maybeUID")), [false, true])
        // A nil before the first value of an enum column still gets the symbol null.
        XCTAssertEqual(try [String](qValue: q("t`maybeSide")), ["", "buy"])
        XCTAssertEqual(try Int(qValue: q("sum t`id")), 3)
        XCTAssertEqual(try String(qValue: q("string first t`time")), "2023.03.08D20:26:40.125000000")
        XCTAssertEqual(try String(qValue: q("string first t`uid")), "8c680a01-5a49-5aab-5a65-d4bfddb6a661")
        // Nested values are q values: a symbol list and a dictionary.
        XCTAssertEqual(try [String](qValue: q("first t`tags")), ["a", "b"])
        XCTAssertEqual(try Int(qValue: q("(first t`leg)`qty")), 5)
    }

    func testNestedValuesRoundTrip() throws {
        struct Basket: Codable, Equatable {
            var id: Int
            var fills: [Int?]
            var weights: [String: Double]
            var raw: Data
            var legs: [Leg]
            var hedge: Leg?
            var days: [Date]
        }
        let q = try unthreaded()
        let day = Date(timeIntervalSinceReferenceDate: 86_400)
        let baskets = [
            Basket(id: 1, fills: [1, nil, 3], weights: ["a": 0.25, "b": 0.75], raw: Data([1, 2, 255]),
                   legs: [Leg(venue: "x", qty: 1), Leg(venue: "y", qty: 2)], hedge: Leg(venue: "z", qty: -1), days: [day]),
            Basket(id: 2, fills: [], weights: [:], raw: Data(), legs: [], hedge: nil, days: []),
        ]
        try q.set("b", rows: baskets)
        XCTAssertEqual(try q.rows("b", as: Basket.self), baskets)
        // Inside the cells, q sees typed vectors and tables where Swift had arrays.
        XCTAssertEqual(try [Int64](qValue: q("type each first each b`fills`raw`legs`days")), [7, 4, 98, 12])
        XCTAssertEqual(try [Bool](qValue: q("null first b`fills")), [false, true, false])
        XCTAssertEqual(try [Int64](qValue: q("exec qty from first b`legs")), [1, 2])
        // A nil nested struct is the generic null (::), type 101.
        XCTAssertEqual(try [Int64](qValue: q("type each b`hedge")), [99, 101])
    }

    func testStringColumnsOption() throws {
        struct Note: Codable, Equatable { var id: Int; var text: String; var extra: String? }
        let q = try unthreaded()
        let notes = [Note(id: 1, text: "hello world", extra: "x"), Note(id: 2, text: "", extra: nil)]
        try q.set("n", rows: notes, using: QTableEncoder(stringColumns: .strings))
        XCTAssertEqual(try typeLetters(q, "n"), "jCC")
        XCTAssertEqual(try String(qValue: q("first n`text")), "hello world")
        XCTAssertEqual(try q.rows("n", as: Note.self), notes)
        // The same rows as symbols.
        try q.set("s", rows: notes)
        XCTAssertEqual(try typeLetters(q, "s"), "jss")
    }

    func testSelectResultsDecode() throws {
        struct Total: Codable, Equatable { var sym: String; var size: Int }
        struct Pick: Codable, Equatable { var price: Double; var id: Int32 }
        let q = try unthreaded()
        let trades = (0..<10).map { Trade(id: $0, sym: $0 % 2 == 0 ? "a" : "b", price: Double($0) / 2, size: 100 * $0) }
        try q.set("trades", rows: trades)
        XCTAssertEqual(try q.rows("select from trades where price>3", as: Trade.self), trades.filter { $0.price > 3 })
        XCTAssertEqual(try q.rows("select price, id from trades where sym=`b", as: Pick.self),
                       trades.filter { $0.sym == "b" }.map { Pick(price: $0.price, id: Int32($0.id)) })
        // `select … by` gives a keyed table: the key column decodes like any other.
        XCTAssertEqual(try q.rows("select sum size by sym from trades", as: Total.self),
                       [Total(sym: "a", size: 2000), Total(sym: "b", size: 2500)])
    }

    func testKeyedTableAndDictionaryDecode() throws {
        struct Quote: Codable, Equatable { var sym: String; var px: Double; var n: Int }
        let q = try unthreaded()
        try q("kt:([sym:`a`b] px:1.5 2.5; n:1 2i)")
        XCTAssertEqual(try q.rows("kt", as: Quote.self), [Quote(sym: "a", px: 1.5, n: 1), Quote(sym: "b", px: 2.5, n: 2)])
        XCTAssertEqual(try q.rows("`sym`px`n!(`c;3.5;3)", as: Quote.self), [Quote(sym: "c", px: 3.5, n: 3)])
        // Indexing a keyed table gives the value columns' dictionary: one row.
        struct Value: Codable, Equatable { var px: Double; var n: Int32 }
        XCTAssertEqual(try q.rows("kt`b", as: Value.self), [Value(px: 2.5, n: 2)])
    }

    func testDecodesQNativeTypes() throws {
        struct Row: Codable, Equatable {
            var name: String
            var label: String
            var n: Int
            var day: Date
            var stamp: Date
            var dt: Date
            var id: UUID
            var flag: Bool
            var ratio: Double
            var missing: String?
        }
        let q = try unthreaded()
        try q("""
        t:([] name:`ab`cd; label:("xy";"z"); n:1 2h; day:2024.01.02 2000.01.01; stamp:2024.01.02D12:00:00 2000.01.01D00:00:00.5;
        dt:2024.01.02T06:00:00.000 2000.01.01T00:00:00.000; id:"G"$("8c680a01-5a49-5aab-5a65-d4bfddb6a661";"00000000-0000-0000-0000-000000000000");
        flag:10b; ratio:1 2i)
        """)
        let rows = try q.rows("t", as: Row.self)
        let day = Date(timeIntervalSince1970: 1_704_153_600)   // 2024-01-02T00:00:00Z
        XCTAssertEqual(rows.map(\.name), ["ab", "cd"])
        XCTAssertEqual(rows.map(\.label), ["xy", "z"])
        XCTAssertEqual(rows.map(\.n), [1, 2])
        XCTAssertEqual(rows[0].day, day)
        XCTAssertEqual(rows[0].stamp, day.addingTimeInterval(12 * 3600))
        XCTAssertEqual(rows[1].stamp, Date(timeIntervalSince1970: 946_684_800.5))
        XCTAssertEqual(rows[0].dt.timeIntervalSince(day), 6 * 3600, accuracy: 1e-3)
        XCTAssertEqual(rows[0].id, Self.uid)
        XCTAssertEqual(rows[1].id, UUID(QGUID.null))
        XCTAssertEqual(rows.map(\.flag), [true, false])
        XCTAssertEqual(rows.map(\.ratio), [1, 2])
        XCTAssertEqual(rows.map(\.missing), [nil, nil])
    }

    func testEmptyRowsKeepColumnTypes() throws {
        let q = try unthreaded()
        try q.set("full", rows: Self.sample())
        try q.set("empty", rows: [Everything]())
        XCTAssertEqual(try Int(qValue: q("count empty")), 0)
        XCTAssertEqual(try [String](qValue: q("cols empty")), try [String](qValue: q("cols full")))
        // Zero-row general columns (tags, leg) have no first item to show a type.
        XCTAssertEqual(try typeLetters(q, "empty"), "jjihxbfespgsjifspgs  ")
        XCTAssertEqual(try q.rows("empty", as: Everything.self), [])
        // An empty table with typed columns takes an upsert of rows of the same type.
        try q.upsert("empty", rows: Self.sample())
        XCTAssertEqual(try q.rows("empty", as: Everything.self), Self.sample())
        try q.upsert("empty", rows: [Everything]())
        XCTAssertEqual(try Int(qValue: q("count empty")), 2)
        // A field whose type rejects the sample's zero value: left nil, a general column.
        enum Venue: String, Codable { case xnys, bats }
        struct Order: Codable { var id: Int; var venue: Venue? }
        try q.set("orders", rows: [Order]())
        XCTAssertEqual(try typeLetters(q, "orders"), "j ")
        struct Strict: Codable { var id: Int; var venue: Venue }
        assertConversionError(try QTableEncoder().encode([Strict]()), contains: ["empty", "sample row"])
    }

    // MARK: errors

    func testDecodingErrorsNameRowAndField() throws {
        struct N: Codable { var n: Int }
        struct B: Codable { var n: UInt8 }
        struct S: Codable { var s: String }
        struct D: Codable { var d: Date }
        let q = try unthreaded()
        assertConversionError(try q.rows("([] n:1.5 2.5)", as: N.self), contains: ["row 0", "`n`", "float", "Int"])
        assertConversionError(try q.rows("([] n:1 0N)", as: N.self), contains: ["row 1", "`n`", "null", "Int?"])
        assertConversionError(try q.rows("([] n:1 300)", as: B.self), contains: ["row 1", "300", "UInt8"])
        assertConversionError(try q.rows("([] m:1 2)", as: N.self), contains: ["row 0", "no column `n`"])
        assertConversionError(try q.rows("([] s:1 2)", as: S.self), contains: ["row 0", "`s`", "long", "String"])
        assertConversionError(try q.rows("([] d:2024.01.01 0Nd)", as: D.self), contains: ["row 1", "`d`", "null"])
        assertConversionError(try q.rows("([] n:2024.01.01 2024.01.02)", as: N.self), contains: ["row 0", "date", "Int"])
        assertConversionError(try q.rows("1 2 3", as: N.self), contains: ["7h", "expected a table"])
        assertConversionError(try q.rows("([] n:1 2)", as: Int.self), contains: ["row 0", "keyed container"])
        // Nested fields report the path inside the cell.
        struct Outer: Codable { var leg: Leg }
        assertConversionError(try q.rows("([] leg:enlist `venue`qty!(`x;1.5))", as: Outer.self), contains: ["row 0", "`leg.qty`", "float"])
    }

    /// Rows whose fields change with their content: what a hand-written `encode(to:)` can do.
    struct Shifty: Encodable {
        enum Key: String, CodingKey { case a, b }
        var shape: Int

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            switch shape {
            case 0: try c.encode(1, forKey: .a); try c.encode(2, forKey: .b)
            case 1: try c.encode("x", forKey: .a); try c.encode(2, forKey: .b)
            case 2: try c.encode(1, forKey: .a)
            default: try c.encode(1, forKey: .a); try c.encode(2, forKey: .b); try c.encode(3, forKey: .init(stringValue: "c")!)
            }
        }
    }

    func testEncodingErrorsForMismatchedRows() throws {
        let encoder = QTableEncoder()
        XCTAssertEqual(try encoder.encode([Shifty(shape: 0), Shifty(shape: 0)]).count, 2)
        assertConversionError(try encoder.encode([Shifty(shape: 0), Shifty(shape: 1)]),
                              contains: ["row 1", "`a`", "longs", "symbol"])
        assertConversionError(try encoder.encode([Shifty(shape: 0), Shifty(shape: 2)]), contains: ["row 1", "lacks field `b`"])
        assertConversionError(try encoder.encode([Shifty(shape: 2), Shifty(shape: 0)]), contains: ["row 1", "`b`", "not in row 0"])
        assertConversionError(try encoder.encode([1, 2, 3]), contains: ["row 0", "keyed container", "Int"])
        assertConversionError(try encoder.encode([Shifty]()), contains: ["empty", "not Decodable"])
    }

    func testEncodingErrorsForValuesQCannotHold() throws {
        struct N: Codable { var n: Int }
        struct U: Codable { var n: UInt64 }
        struct D: Codable { var d: Date }
        struct Deep: Codable { var legs: [Leg] }
        let encoder = QTableEncoder()
        assertConversionError(try encoder.encode([N(n: 1), N(n: .min)]), contains: ["row 1", "`n`", "0Nj", "Optional"])
        assertConversionError(try encoder.encode([U(n: .max)]), contains: ["row 0", "`n`", "range"])
        assertConversionError(try encoder.encode([D(d: .distantFuture)]), contains: ["row 0", "`d`", "timestamp"])
        assertConversionError(try encoder.encode([Deep(legs: [Leg(venue: "a", qty: 1), Leg(venue: "b", qty: .min)])]),
                              contains: ["row 0", "`legs[1].qty`", "0Nj"])
    }

    func testUpsertOfWrongTypesIsAQError() throws {
        struct Wrong: Codable { var id: String; var sym: String; var price: Double; var size: Int }
        let q = try unthreaded()
        try q.set("trades", rows: [Trade(id: 1, sym: "a", price: 1, size: 1)])
        XCTAssertThrowsError(try q.upsert("trades", rows: [Wrong(id: "x", sym: "a", price: 1, size: 1)])) {
            XCTAssertTrue($0 is QError, "\($0)")
        }
        XCTAssertEqual(try Int(qValue: q("count trades")), 1)
    }

    // MARK: threads and tasks

    /// 64 threads upsert Encodable rows into one table on the interpreter thread: every row arrives.
    func testUpsertFrom64Threads() throws {
        let q = try QRuntime(configuration: QConfiguration(threading: true))
        defer { q.shutdownThread() }
        try q.set("trades", rows: [Trade]())
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 64) { k in
            for batch in 0..<10 {
                let rows = (0..<5).map { Trade(id: k * 1000 + batch * 10 + $0, sym: "s\(k % 4)", price: Double(k), size: batch) }
                do { try q.upsert("trades", rows: rows) } catch { failures.withLock { $0.append("\(error)") } }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, [])
        XCTAssertEqual(try Int(qValue: q("count trades")), 64 * 10 * 5)
        XCTAssertEqual(try Int(qValue: q("count distinct trades`id")), 64 * 10 * 5)
        XCTAssertEqual(try typeLetters(q, "trades"), "jsfj")
        let back = try q.rows("trades", as: Trade.self)
        XCTAssertEqual(back.count, 3200)
        // Each thread's batches arrive in the order it sent them.
        for k in [0, 17, 63] {
            let mine = back.filter { $0.id / 1000 == k }.map(\.id)
            XCTAssertEqual(mine, mine.sorted())
        }
    }

    func testAsyncUpsertAndRows() async throws {
        let q = try QRuntime(configuration: QConfiguration(threading: true))
        defer { q.shutdownThread() }
        try q.set("trades", rows: [Trade]())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for k in 0..<64 {
                group.addTask { try await q.upsert("trades", rows: [Trade(id: k, sym: "a", price: 1, size: k)]) }
            }
            try await group.waitForAll()
        }
        let rows = try await q.rows("select from trades where size<10", as: Trade.self)
        XCTAssertEqual(Set(rows.map(\.id)), Set(0..<10))
        let all = try await q.rows("trades", as: Trade.self)
        XCTAssertEqual(all.count, 64)
    }
}
