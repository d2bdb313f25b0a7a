// Builders that keep display tests close to the q they mirror.
@testable import QCore

enum Q {
    static func long(_ v: Int64) -> QValue { .long(v) }
    static func longs(_ v: Int64...) -> QValue { .longs(v) }
    static func floats(_ v: Double...) -> QValue { .floats(v) }
    static func syms() -> QValue { .symbols([]) }
    static func ints(_ v: Int32...) -> QValue { .ints(v) }
    static func shorts(_ v: Int16...) -> QValue { .vector(QVector(.short, .h(v))) }
    static func reals(_ v: Float...) -> QValue { .vector(QVector(.real, .e(v))) }
    static func bools(_ s: String) -> QValue { .bools(s.map { $0 == "1" }) }
    static func bytes(_ v: UInt8...) -> QValue { .vector(QVector(.byte, .x(v))) }
    static func syms(_ v: String...) -> QValue { .symbols(v) }
    static func str(_ s: String) -> QValue { .string(s) }
    static func sym(_ s: String) -> QValue { .symbol(s) }
    static func list(_ v: QValue...) -> QValue { .list(v) }
    static func atom(_ t: QType, _ s: QScalar) -> QValue { .atom(t, s) }

    /// Days since 2000.01.01.
    static func days(_ y: Int, _ m: Int, _ d: Int) -> Int32 { Int32(QCalendar.days(year: y, month: m, day: d)) }
    static func date(_ y: Int, _ m: Int, _ d: Int) -> QValue { .atom(.date, .i(days(y, m, d))) }
    static func dates(_ v: (Int, Int, Int)...) -> QValue {
        .vector(QVector(.date, .i(v.map { days($0.0, $0.1, $0.2) })))
    }
    /// Nanoseconds since 2000.01.01 for a date and time of day.
    static func nanos(_ y: Int, _ mo: Int, _ d: Int, _ h: Int64, _ mi: Int64, _ s: Int64, _ ns: Int64 = 0) -> Int64 {
        Int64(days(y, mo, d)) * QCalendar.nanosPerDay + ((h * 60 + mi) * 60 + s) * 1_000_000_000 + ns
    }
    static func timestamp(_ ns: Int64) -> QValue { .atom(.timestamp, .j(ns)) }
    static func timespan(_ ns: Int64) -> QValue { .atom(.timespan, .j(ns)) }
    static func minute(_ h: Int32, _ m: Int32) -> QValue { .atom(.minute, .i(h * 60 + m)) }
    static func second(_ h: Int32, _ m: Int32, _ s: Int32) -> QValue { .atom(.second, .i((h * 60 + m) * 60 + s)) }
    static func time(_ h: Int32, _ m: Int32, _ s: Int32, _ ms: Int32) -> QValue {
        .atom(.time, .i(((h * 60 + m) * 60 + s) * 1000 + ms))
    }
    static func month(_ y: Int32, _ m: Int32) -> QValue { .atom(.month, .i((y - 2000) * 12 + m - 1)) }
    static func vec(_ t: QType, _ s: QStorage, _ a: QAttribute = .none) -> QValue { .vector(QVector(t, s, attribute: a)) }

    static func dict(_ k: QValue, _ v: QValue) -> QValue { .dict(QDict(keys: k, values: v)) }
    static func table(_ cols: [(String, QValue)]) -> QValue {
        .table(QTable(names: cols.map(\.0), columns: cols.map(\.1)))
    }
    static func table(_ cols: KeyValuePairs<String, QValue>) -> QValue {
        .table(QTable(names: cols.map(\.0), columns: cols.map(\.1)))
    }
    static func keyed(_ k: QValue, _ v: QValue) -> QValue { .dict(QDict(keys: k, values: v)) }

    static func prim(_ name: String, _ type: Int16 = 102) -> QValue {
        .function(.primitive(QPrimitive(id: 99, name: name, typeNumber: type)))
    }
    static func lambda(_ src: String) -> QValue {
        .function(.lambda(QLambda(source: src, parameters: ["x"], body: nil)))
    }
}
