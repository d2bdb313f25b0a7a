import Foundation
import QCore

// The decoder: rows read their fields from the table's columns by index; a typed column
// hands out its element as a (type, scalar) pair, never as a boxed QValue. Fields of
// nested types read the cell as a q value through `ValueDecoder`.

/// One cell as the decoder sees it.
enum QCell {
    /// An atom's type and scalar, read straight out of a typed column.
    case scalar(QType, QScalar)
    /// A q value that is not an atom (a string, a list, a dictionary…) or `(::)`.
    case value(QValue)

    init(_ v: QValue) {
        if case .atom(let t, let s) = v { self = .scalar(t, s) } else { self = .value(v) }
    }

    var qValue: QValue {
        switch self {
        case .scalar(let t, let s): return .atom(t, s)
        case .value(let v): return v
        }
    }

    /// True for a typed null, `(::)`, and the empty string (how a nil `String?` is stored
    /// in a column of strings).
    var isNull: Bool {
        switch self {
        case .scalar(let t, let s): return s.isNull(as: t)
        case .value(let v):
            if case .vector(let vec) = v { return vec.type == .char && vec.count == 0 }
            return v.isIdentity
        }
    }

    /// What the cell is, for errors.
    var described: String {
        switch self {
        case .scalar(let t, let s): return s.isNull(as: t) ? "a q \(t.name) null" : "a q \(t.name)"
        case .value(let v):
            switch v {
            case .vector(let vec): return vec.type == .char ? "a q string" : "a q \(vec.type.name) list"
            case .list: return "a q general list"
            case .dict: return "a q dictionary"
            case .table: return "a q table"
            case .function: return v.isIdentity ? "q's generic null (::)" : "a q function"
            case .atom: return "a q atom"
            }
        }
    }
}

/// A column read by row: typed vectors in place, anything else element by element.
enum ColumnReader {
    case typed(QType, QStorage)
    case items(QValue)

    init(_ column: QValue) {
        if case .vector(let v) = column { self = .typed(v.type, v.storage) } else { self = .items(column) }
    }

    @inline(__always)
    subscript(row: Int) -> QCell {
        switch self {
        case .typed(let t, let s): return .scalar(t, s[row])
        case .items(let v): return QCell(v.element(row))
        }
    }
}

/// The table being decoded, shared by every row's decoder.
final class TableView {
    let names: [String]
    let index: [String: Int]
    let columns: [ColumnReader]
    let count: Int

    init(names: [String], columns: [QValue], count: Int) {
        self.names = names
        self.columns = columns.map(ColumnReader.init)
        self.count = count
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        self.index = index
    }

    /// The table a q value stands for: a table, a keyed table (key columns first) or a
    /// dictionary from symbols (one row).
    ///
    /// - Throws: `QRuntimeError.conversion` for anything else.
    convenience init(_ value: QValue) throws {
        switch value {
        case .table(let t):
            self.init(names: t.names, columns: t.columns, count: t.count)
        case .dict(let d):
            if case .table(let k) = d.keys, case .table(let v) = d.values {
                self.init(names: k.names + v.names, columns: k.columns + v.columns, count: k.count)
            } else if let names = symbolKeys(d) {
                // One row: each value becomes a one-item column.
                self.init(names: names, columns: (0..<names.count).map { .list([d.values.element($0)]) }, count: 1)
            } else {
                throw QRuntimeError.conversion("cannot decode rows from a dictionary whose keys are not symbols")
            }
        default:
            throw QRuntimeError.conversion("cannot decode rows from a q value of type \(value.typeNumber)h: expected a table, a keyed table or a dictionary")
        }
    }
}

/// The names of a dictionary keyed by symbols (an empty dictionary has none), or nil.
func symbolKeys(_ d: QDict) -> [String]? {
    if case .vector(let k) = d.keys, case .s(let names) = k.storage { return names }
    return d.keys.count == 0 && !isTable(d.keys) ? [] : nil
}

private func isTable(_ v: QValue) -> Bool {
    if case .table = v { return true }
    return false
}

/// True for what an unkeyed container can walk: vectors, general lists, tables (by row).
private func isList(_ v: QValue) -> Bool {
    switch v {
    case .vector, .list, .table: return true
    default: return false
    }
}

// MARK: - Reading one cell

/// Reads Swift values from cells, accepting the q types a q programmer would use.
enum Read {
    static func mismatch(_ c: QCell, _ type: Any.Type) -> CellError {
        CellError("cannot read \(c.described) as \(type)")
    }

    static func null(_ t: QType, _ type: Any.Type) -> CellError {
        CellError("a q \(t.name) null cannot become a non-optional \(type); declare the field \(type)? to receive nulls")
    }

    static func bool(_ c: QCell) throws -> Bool {
        guard case .scalar(.boolean, .b(let b)) = c else { throw mismatch(c, Bool.self) }
        return b
    }

    /// Booleans, bytes, shorts, ints and longs, range-checked; temporal types are refused
    /// even though they are stored as integers.
    static func integer<I: FixedWidthInteger>(_ c: QCell) throws -> I {
        guard case .scalar(let t, let s) = c, !t.isTemporal else { throw mismatch(c, I.self) }
        let v: Int64
        switch s {
        case .b(let x): v = x ? 1 : 0
        case .x(let x): v = Int64(x)
        case .h(let x): guard x != .min else { throw null(t, I.self) }; v = Int64(x)
        case .i(let x): guard x != .min else { throw null(t, I.self) }; v = Int64(x)
        case .j(let x): guard x != .min else { throw null(t, I.self) }; v = x
        default: throw mismatch(c, I.self)
        }
        guard let r = I(exactly: v) else { throw CellError("\(v) does not fit in \(I.self)") }
        return r
    }

    /// Floats, reals and integers; q's nulls read as NaN, a value `Double` has.
    static func double(_ c: QCell) throws -> Double {
        guard case .scalar(let t, let s) = c, !t.isTemporal else { throw mismatch(c, Double.self) }
        switch s {
        case .f(let x): return x
        case .e(let x): return Double(x)
        case .b(let x): return x ? 1 : 0
        case .x(let x): return Double(x)
        case .h(let x): return x == .min ? .nan : Double(x)
        case .i(let x): return x == .min ? .nan : Double(x)
        case .j(let x): return x == .min ? .nan : Double(x)
        default: throw mismatch(c, Double.self)
        }
    }

    static func float(_ c: QCell) throws -> Float {
        if case .scalar(.real, .e(let x)) = c { return x }
        do { return Float(try double(c)) } catch { throw mismatch(c, Float.self) }
    }

    /// Symbols, strings and chars.
    static func string(_ c: QCell) throws -> String {
        switch c {
        case .scalar(.symbol, .s(let s)): return s
        case .scalar(.char, .x(let ch)): return String(decoding: [ch], as: UTF8.self)
        case .value(.vector(let v)) where v.type == .char:
            guard case .x(let bytes) = v.storage else { throw mismatch(c, String.self) }
            return String(decoding: bytes, as: UTF8.self)
        default: throw mismatch(c, String.self)
        }
    }

    /// Timestamps, dates and datetimes.
    static func date(_ c: QCell) throws -> Date {
        switch c {
        case .scalar(.timestamp, .j(let ns)):
            guard ns != .min else { throw null(.timestamp, Date.self) }
            return QTime.date(timestamp: ns)
        case .scalar(.date, .i(let days)):
            guard days != .min else { throw null(.date, Date.self) }
            return QTime.date(days: Double(days))
        case .scalar(.datetime, .f(let days)):
            guard !days.isNaN else { throw null(.datetime, Date.self) }
            return QTime.date(days: days)
        default: throw mismatch(c, Date.self)
        }
    }

    /// Guids, or their text as a symbol or string.
    static func uuid(_ c: QCell) throws -> UUID {
        if case .scalar(.guid, .g(let g)) = c { return UUID(g) }
        guard let text = try? string(c), let u = UUID(uuidString: text) else { throw mismatch(c, UUID.self) }
        return u
    }

    /// Any `Decodable`: the types above directly, others through a nested decoder.
    static func value<T: Decodable>(_ type: T.Type, _ c: QCell, path: @autoclosure () -> [CodingKey]) throws -> T {
        if T.self == String.self { return try string(c) as! T }
        if T.self == Double.self { return try double(c) as! T }
        if T.self == Date.self { return try date(c) as! T }
        if T.self == UUID.self { return try uuid(c) as! T }
        if T.self == Bool.self { return try bool(c) as! T }
        if T.self == Float.self { return try float(c) as! T }
        if let intType = T.self as? any FixedWidthInteger.Type { return try integer(intType, c) as! T }
        return try T(from: ValueDecoder(cell: c, codingPath: path()))
    }

    private static func integer<I: FixedWidthInteger>(_ type: I.Type, _ c: QCell) throws -> I { try integer(c) }
}

// MARK: - Decoders

/// Where a keyed container finds its fields: a row of the table, or a nested dictionary.
protocol CellSource {
    var names: [String] { get }
    func cell(_ name: String) -> QCell?
    /// The error for a field with no cell.
    func missing(_ name: String) -> CellError
}

struct RowSource: CellSource {
    let view: TableView
    let row: Int
    var names: [String] { view.names }

    @inline(__always)
    func cell(_ name: String) -> QCell? {
        guard let c = view.index[name] else { return nil }
        return view.columns[c][row]
    }

    func missing(_ name: String) -> CellError {
        CellError("the table has no column `\(name)` (it has \(view.names.joined(separator: ", "))); declare the field Optional if it may be absent")
    }
}

struct DictSource: CellSource {
    let names: [String]
    let values: ColumnReader

    func cell(_ name: String) -> QCell? { names.firstIndex(of: name).map { values[$0] } }
    func missing(_ name: String) -> CellError { CellError("the dictionary has no key `\(name)`") }
}

/// The decoder handed to `Row.init(from:)`: one row of the table.
struct RowDecoder: Decoder {
    let view: TableView
    let row: Int
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(FieldDecoder<Key, RowSource>(source: RowSource(view: view, row: row), codingPath: []))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        throw CellError("a row decodes as a keyed container (a struct or class with fields), not as a list")
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        throw CellError("a row decodes as a keyed container (a struct or class with fields), not as a single value")
    }
}

/// The decoder for a nested value: a dictionary, a list or an atom.
struct ValueDecoder: Decoder {
    let cell: QCell
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .value(.dict(let d)) = cell, let names = symbolKeys(d) else {
            throw CellError("cannot read \(cell.described) as a dictionary from symbols", path: codingPath)
        }
        return KeyedDecodingContainer(FieldDecoder<Key, DictSource>(source: DictSource(names: names, values: ColumnReader(d.values)), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        switch cell {
        case .value(let v) where isList(v):
            return ItemDecoder(items: ColumnReader(v), total: v.count, codingPath: codingPath)
        default:
            throw CellError("cannot read \(cell.described) as a list", path: codingPath)
        }
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        SingleDecoder(cell: cell, codingPath: codingPath)
    }
}

// MARK: - Containers

/// The keyed container of a row or of a nested dictionary.
struct FieldDecoder<Key: CodingKey, Source: CellSource>: KeyedDecodingContainerProtocol {
    let source: Source
    var codingPath: [CodingKey]

    var allKeys: [Key] { source.names.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { source.cell(key.stringValue) != nil }

    private func read<R>(_ key: Key, _ body: (QCell) throws -> R) throws -> R {
        try locating(codingPath + [key]) {
            guard let cell = source.cell(key.stringValue) else { throw source.missing(key.stringValue) }
            return try body(cell)
        }
    }

    func decodeNil(forKey key: Key) throws -> Bool { try read(key) { $0.isNull } }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try read(key, Read.bool) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try read(key, Read.string) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try read(key, Read.double) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try read(key, Read.float) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try read(key, Read.integer) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try read(key, Read.integer) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try read(key, Read.integer) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try read(key, Read.integer) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try read(key, Read.integer) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try read(key, Read.integer) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try read(key, Read.integer) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try read(key, Read.integer) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try read(key, Read.integer) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try read(key, Read.integer) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try read(key) { try Read.value(T.self, $0, path: codingPath + [key]) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { try decoder(key).unkeyedContainer() }
    func superDecoder() throws -> Decoder { try decoder(PlainKey.super) }
    func superDecoder(forKey key: Key) throws -> Decoder { try decoder(key) }

    private func decoder(_ key: CodingKey) throws -> ValueDecoder {
        try locating(codingPath + [key]) {
            guard let cell = source.cell(key.stringValue) else { throw source.missing(key.stringValue) }
            return ValueDecoder(cell: cell, codingPath: codingPath + [key])
        }
    }
}

/// The unkeyed container of a nested list, vector or table (rows as dictionaries).
struct ItemDecoder: UnkeyedDecodingContainer {
    let items: ColumnReader
    let total: Int
    var codingPath: [CodingKey]
    private(set) var currentIndex = 0

    init(items: ColumnReader, total: Int, codingPath: [CodingKey]) {
        self.items = items
        self.total = total
        self.codingPath = codingPath
    }

    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    private mutating func next<R>(_ body: (QCell) throws -> R) throws -> R {
        let i = currentIndex
        let r = try locating(codingPath + [PlainKey(intValue: i)]) {
            guard i < total else { throw CellError("the list has only \(total) items") }
            return try body(items[i])
        }
        currentIndex += 1
        return r
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(Read.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try next(Read.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(Read.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(Read.float) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(Read.integer) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(Read.integer) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(Read.integer) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(Read.integer) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(Read.integer) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(Read.integer) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(Read.integer) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(Read.integer) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(Read.integer) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(Read.integer) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = codingPath + [PlainKey(intValue: currentIndex)]
        return try next { try Read.value(T.self, $0, path: path) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try nextDecoder().unkeyedContainer() }
    mutating func superDecoder() throws -> Decoder { try nextDecoder() }

    private mutating func nextDecoder() throws -> ValueDecoder {
        let path = codingPath + [PlainKey(intValue: currentIndex)]
        return try next { ValueDecoder(cell: $0, codingPath: path) }
    }
}

/// The single-value container of a nested atom (or string).
struct SingleDecoder: SingleValueDecodingContainer {
    let cell: QCell
    var codingPath: [CodingKey]

    private func read<R>(_ body: (QCell) throws -> R) throws -> R {
        try locating(codingPath) { try body(cell) }
    }

    func decodeNil() -> Bool { cell.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try read(Read.bool) }
    func decode(_ type: String.Type) throws -> String { try read(Read.string) }
    func decode(_ type: Double.Type) throws -> Double { try read(Read.double) }
    func decode(_ type: Float.Type) throws -> Float { try read(Read.float) }
    func decode(_ type: Int.Type) throws -> Int { try read(Read.integer) }
    func decode(_ type: Int8.Type) throws -> Int8 { try read(Read.integer) }
    func decode(_ type: Int16.Type) throws -> Int16 { try read(Read.integer) }
    func decode(_ type: Int32.Type) throws -> Int32 { try read(Read.integer) }
    func decode(_ type: Int64.Type) throws -> Int64 { try read(Read.integer) }
    func decode(_ type: UInt.Type) throws -> UInt { try read(Read.integer) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try read(Read.integer) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try read(Read.integer) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try read(Read.integer) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try read(Read.integer) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try read { try Read.value(T.self, $0, path: codingPath) } }
}
