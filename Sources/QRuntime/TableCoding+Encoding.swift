import Foundation
import QCore

// The encoder: each row's fields go straight into typed column builders; only fields of
// nested types (structs, arrays, dictionaries) are built up as q values on the side.

/// One field's value, as the column builder receives it.
enum EncodedCell {
    case scalar(QType, QScalar)
    /// A `String` under `stringColumns: .strings`.
    case text(String)
    /// A q value that is not an atom: the cell of a general column.
    case value(QValue)
    /// A nil; the kind is nil when only non-nil values can tell the column type.
    case null(ColumnKind?)

    /// The cell for a q value a nested encoder produced.
    init(_ v: QValue) {
        switch v {
        case .atom(let t, let s): self = .scalar(t, s)
        case .vector(let vec) where vec.type == .char:
            // A single-value type that encoded a String under `.strings` (a raw-value enum).
            guard case .x(let bytes) = vec.storage else { self = .value(v); return }
            self = .text(String(decoding: bytes, as: UTF8.self))
        default: self = v.isIdentity ? .null(nil) : .value(v)
        }
    }

    /// The cell as a q value, for a nested container.
    var qValue: QValue {
        switch self {
        case .scalar(let t, let s): return .atom(t, s)
        case .text(let s): return .string(s)
        case .value(let v): return v
        case .null(let kind): return (kind ?? .general).null
        }
    }

    // Integers equal to q's null are rejected: they would read back as nil, or fail to
    // read into the non-optional field they came from.

    static func long<I: BinaryInteger>(_ v: I) throws -> EncodedCell {
        guard let x = Int64(exactly: v) else { throw CellError("\(v) is beyond a q long's range") }
        guard x != .min else { throw nullValue(I.self, "long", "0Nj") }
        return .scalar(.long, .j(x))
    }

    static func int<I: BinaryInteger>(_ v: I) throws -> EncodedCell {
        guard let x = Int32(exactly: v), x != .min else { throw nullValue(I.self, "int", "0Ni") }
        return .scalar(.int, .i(x))
    }

    static func short<I: BinaryInteger>(_ v: I) throws -> EncodedCell {
        guard let x = Int16(exactly: v), x != .min else { throw nullValue(I.self, "short", "0Nh") }
        return .scalar(.short, .h(x))
    }

    static func string(_ s: String, _ strings: QTableEncoder.StringColumns) -> EncodedCell {
        strings == .symbols ? .scalar(.symbol, .s(s)) : .text(s)
    }

    static func date(_ d: Date) throws -> EncodedCell {
        guard let ns = QTime.timestamp(d) else { throw CellError("\(d) is beyond the years a q timestamp covers (1708…2292)") }
        return .scalar(.timestamp, .j(ns))
    }

    private static func nullValue<I>(_ type: I.Type, _ name: String, _ null: String) -> CellError {
        CellError("\(I.self).min is q's \(name) null \(null); use an Optional for a missing value")
    }

    /// The cell for any `Encodable` value: the types of the table above directly, others
    /// through a nested encoder.
    static func of<T: Encodable>(_ value: T, _ strings: QTableEncoder.StringColumns, path: @autoclosure () -> [CodingKey]) throws -> EncodedCell {
        switch value {
        case let v as Int: return try .long(v)
        case let v as Double: return .scalar(.float, .f(v))
        case let v as String: return .string(v, strings)
        case let v as Date: return try .date(v)
        case let v as UUID: return .scalar(.guid, .g(QGUID(v)))
        case let v as Bool: return .scalar(.boolean, .b(v))
        case let v as Int64: return try .long(v)
        case let v as Int32: return try .int(v)
        case let v as Int16: return try .short(v)
        case let v as Int8: return try .short(v)
        case let v as UInt8: return .scalar(.byte, .x(v))
        case let v as UInt16: return try .int(v)
        case let v as UInt32: return try .long(v)
        case let v as UInt64: return try .long(v)
        case let v as UInt: return try .long(v)
        case let v as Float: return .scalar(.real, .e(v))
        default:
            let slot = Slot()
            try value.encode(to: ValueEncoder(slot: slot, codingPath: path(), strings: strings))
            let cell = EncodedCell(slot.value)
            // A nil Optional encoded as a plain value (in a list, or by a hand-written
            // `encode(to:)`) still has a static type that names its column.
            if case .null(nil) = cell, let optional = T.self as? any OptionalType.Type {
                return .null(ColumnKind.of(optional.wrappedType, strings))
            }
            return cell
        }
    }
}

/// Lets the encoder see through `Optional<Wrapped>` to `Wrapped`.
protocol OptionalType {
    static var wrappedType: Any.Type { get }
}

extension Optional: OptionalType {
    static var wrappedType: Any.Type { Wrapped.self }
}

// MARK: - Columns

/// One column being filled, row by row, into a contiguous array of its type.
final class ColumnBuilder {
    /// Fixed by the first cell that tells it; nil while only untyped nils have arrived.
    private(set) var kind: ColumnKind?
    private(set) var rows = 0
    /// Untyped nils seen before the kind was known.
    private var pendingNulls = 0
    // Only the array that matches `kind` is used.
    private var b: [Bool] = [], g: [QGUID] = [], x: [UInt8] = [], h: [Int16] = [], i: [Int32] = []
    private var j: [Int64] = [], e: [Float] = [], f: [Double] = [], s: [String] = [], items: [QValue] = []

    /// Appends a cell; false (and nothing appended) when its kind differs from the column's.
    func append(_ cell: EncodedCell) -> Bool {
        switch cell {
        case .scalar(let t, let sc):
            guard adopt(.typed(t)) else { return false }
            appendScalar(sc)
        case .text(let str):
            guard adopt(.strings) else { return false }
            s.append(str)
        case .value(let v):
            guard adopt(.general) else { return false }
            items.append(v)
        case .null(let k):
            if let k {
                guard adopt(k) else { return false }
                appendNull()
            } else if kind == nil {
                pendingNulls += 1
            } else {
                appendNull()
            }
        }
        rows += 1
        return true
    }

    private func adopt(_ k: ColumnKind) -> Bool {
        guard let kind else {
            kind = k
            for _ in 0..<pendingNulls { appendNull() }
            pendingNulls = 0
            return true
        }
        return kind == k
    }

    private func appendNull() {
        switch kind {
        case .typed(let t): appendScalar(t.nullScalar)
        case .strings: s.append("")
        case .general, nil: items.append(.identity)
        }
    }

    private func appendScalar(_ sc: QScalar) {
        switch sc {
        case .b(let v): b.append(v)
        case .g(let v): g.append(v)
        case .x(let v): x.append(v)
        case .h(let v): h.append(v)
        case .i(let v): i.append(v)
        case .j(let v): j.append(v)
        case .e(let v): e.append(v)
        case .f(let v): f.append(v)
        case .s(let v): s.append(v)
        }
    }

    /// The finished column; with `keepingRows` false, an empty column of the same type.
    func column(keepingRows: Bool) -> QValue {
        guard keepingRows else {
            if case .typed(let t) = kind { return .vector(QVector(t, .empty(t.storageKind))) }
            return .emptyList
        }
        switch kind {
        case nil: return .list(Array(repeating: .identity, count: pendingNulls))
        case .strings: return .list(s.map(QValue.string))
        case .general: return .list(items)
        case .typed(let t):
            let storage: QStorage
            switch t.storageKind {
            case .b: storage = .b(b)
            case .g: storage = .g(g)
            case .x: storage = .x(x)
            case .h: storage = .h(h)
            case .i: storage = .i(i)
            case .j: storage = .j(j)
            case .e: storage = .e(e)
            case .f: storage = .f(f)
            case .s, .mixed: storage = .s(s)
            }
            return .vector(QVector(t, storage))
        }
    }

    /// The column's type in words, for errors.
    var kindName: String { ColumnBuilder.describe(kind) }

    static func describe(_ kind: ColumnKind?) -> String {
        switch kind {
        case .typed(let t): return "\(t.name)s"
        case .strings: return "strings"
        case .general: return "general values (structs, lists, dictionaries)"
        case nil: return "nulls"
        }
    }

    static func describe(_ cell: EncodedCell) -> String {
        switch cell {
        case .scalar(let t, _): return "a \(t.name)"
        case .text: return "a string"
        case .value(let v): return "a q value of type \(v.typeNumber)h"
        case .null(let k): return "a nil of \(describe(k))"
        }
    }
}

/// Where a row's fields go: the table's columns (`TableBuilder`) or a nested dictionary
/// (`KeyedStore`).
protocol CellSink: AnyObject {
    var strings: QTableEncoder.StringColumns { get }
    /// Stores a field. - Throws: `CellError` when the sink cannot take it.
    func put(_ cell: EncodedCell, forKey key: String) throws
    /// A place for a field whose value is built later by a nested container or encoder.
    func slot(forKey key: String) -> Slot
}

/// The table being encoded: column builders by name, filled one row at a time.
final class TableBuilder: CellSink {
    let strings: QTableEncoder.StringColumns
    private var names: [String] = []
    private var index: [String: Int] = [:]
    private var columns: [ColumnBuilder] = []
    /// The row being encoded.
    private var row = 0
    /// Fields of the current row built by nested containers, stored when the row ends.
    private var deferred: [(String, Slot)] = []
    /// Set when the row asked for an unkeyed or single-value container: not a record.
    var notKeyed: String?

    init(stringColumns: QTableEncoder.StringColumns) { strings = stringColumns }

    /// Encodes `value` as row `r`. - Throws: `QRuntimeError.conversion` naming the row.
    func encode<Row: Encodable>(_ value: Row, row r: Int) throws {
        try inRow(r, "row \(r)") {
            try value.encode(to: RowEncoder(builder: self))
            try endRow(Row.self)
        }
    }

    func put(_ cell: EncodedCell, forKey key: String) throws {
        if row == 0 && index[key] == nil {
            index[key] = columns.count
            names.append(key)
            columns.append(ColumnBuilder())
        }
        guard let c = index[key] else {
            throw CellError("this field is not in row 0; every row must encode the same fields")
        }
        let column = columns[c]
        guard column.rows == row else { throw CellError("the row encodes this field twice") }
        guard column.append(cell) else {
            throw CellError("the column holds \(column.kindName) but this row gives \(ColumnBuilder.describe(cell))")
        }
    }

    func slot(forKey key: String) -> Slot {
        let slot = Slot()
        deferred.append((key, slot))
        return slot
    }

    private func endRow<Row>(_ type: Row.Type) throws {
        if let kind = notKeyed {
            throw CellError("a row must encode as a keyed container (a struct or class with fields), but \(Row.self) encodes as a \(kind)")
        }
        let late = deferred
        deferred = []
        for (key, slot) in late {
            try locating([PlainKey(stringValue: key)]) { try put(EncodedCell(slot.value), forKey: key) }
        }
        if row == 0 && columns.isEmpty { throw CellError("\(Row.self) encodes no fields; a table needs at least one column") }
        if let c = columns.firstIndex(where: { $0.rows != row + 1 }) {
            throw CellError("the row lacks field `\(names[c])`, which row 0 has; every row must encode the same fields")
        }
        row += 1
    }

    /// The table; with `keepingRows` false, its empty form (names and types only).
    func table(keepingRows: Bool) -> QTable {
        QTable(names: names, columns: columns.map { $0.column(keepingRows: keepingRows) })
    }
}

// MARK: - Nested values

/// A value under construction by a nested encoder. Codable lets a container be filled
/// after it is handed out, so containers write through this reference.
final class Slot {
    enum Content {
        case empty
        case value(QValue)
        case keyed(KeyedStore)
        case unkeyed(UnkeyedStore)
    }

    var content: Content = .empty

    /// The finished value: a dictionary from symbols, a list (collapsed to a vector or
    /// table as q would), an atom, or `(::)` when nothing was encoded.
    var value: QValue {
        switch content {
        case .empty: return .identity
        case .value(let v): return v
        case .keyed(let store):
            return .dict(QDict(keys: .symbols(store.keys), values: store.keys.isEmpty ? .emptyList : QValue.collapse(store.items.map(\.value))))
        case .unkeyed(let store): return QValue.collapse(store.items.map(\.value))
        }
    }
}

/// A member of a nested dictionary or list: known now, or built later in a slot.
enum SlotItem {
    case value(QValue)
    case slot(Slot)

    var value: QValue {
        switch self {
        case .value(let v): return v
        case .slot(let s): return s.value
        }
    }
}

/// A nested keyed container's fields, in encoding order; a key encoded twice keeps its
/// place and takes the later value, as Codable specifies.
final class KeyedStore: CellSink {
    let strings: QTableEncoder.StringColumns
    private(set) var keys: [String] = []
    private(set) var items: [SlotItem] = []
    private var index: [String: Int] = [:]

    init(strings: QTableEncoder.StringColumns) { self.strings = strings }

    func put(_ cell: EncodedCell, forKey key: String) throws { set(.value(cell.qValue), key) }

    func slot(forKey key: String) -> Slot {
        let slot = Slot()
        set(.slot(slot), key)
        return slot
    }

    private func set(_ item: SlotItem, _ key: String) {
        if let i = index[key] {
            items[i] = item
        } else {
            index[key] = keys.count
            keys.append(key)
            items.append(item)
        }
    }
}

/// A nested unkeyed container's items.
final class UnkeyedStore {
    var items: [SlotItem] = []
}

/// The encoder handed to a row's `encode(to:)`.
struct RowEncoder: Encoder {
    let builder: TableBuilder
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(FieldEncoder<Key, TableBuilder>(sink: builder, codingPath: []))
    }

    // Not a record: the row ends in an error; the container only has to absorb the calls.
    func unkeyedContainer() -> UnkeyedEncodingContainer {
        builder.notKeyed = "list"
        return ValueEncoder(slot: Slot(), codingPath: [], strings: builder.strings).unkeyedContainer()
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        builder.notKeyed = "single value"
        return ValueEncoder(slot: Slot(), codingPath: [], strings: builder.strings).singleValueContainer()
    }
}

/// The encoder for a nested value: writes a q value into a slot.
struct ValueEncoder: Encoder {
    let slot: Slot
    var codingPath: [CodingKey]
    let strings: QTableEncoder.StringColumns
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let store: KeyedStore
        if case .keyed(let existing) = slot.content {
            store = existing
        } else {
            store = KeyedStore(strings: strings)
            slot.content = .keyed(store)
        }
        return KeyedEncodingContainer(FieldEncoder<Key, KeyedStore>(sink: store, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        let store: UnkeyedStore
        if case .unkeyed(let existing) = slot.content {
            store = existing
        } else {
            store = UnkeyedStore()
            slot.content = .unkeyed(store)
        }
        return ItemEncoder(store: store, codingPath: codingPath, strings: strings)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleEncoder(slot: slot, codingPath: codingPath, strings: strings)
    }
}

// MARK: - Containers

/// The keyed container of a row (sink: the table) or of a nested value (sink: a dictionary).
/// A nil `Optional` is stored as its type's null rather than left out, so every row
/// has every field.
struct FieldEncoder<Key: CodingKey, Sink: CellSink>: KeyedEncodingContainerProtocol {
    let sink: Sink
    var codingPath: [CodingKey]

    private func put(_ key: Key, _ make: () throws -> EncodedCell) throws {
        try locating(codingPath + [key]) { try sink.put(try make(), forKey: key.stringValue) }
    }

    private func putNull<T>(_ key: Key, _ type: T.Type) throws {
        try put(key) { .null(ColumnKind.of(T.self, sink.strings)) }
    }

    mutating func encodeNil(forKey key: Key) throws { try put(key) { .null(nil) } }
    mutating func encode(_ v: Bool, forKey key: Key) throws { try put(key) { .scalar(.boolean, .b(v)) } }
    mutating func encode(_ v: String, forKey key: Key) throws { try put(key) { .string(v, sink.strings) } }
    mutating func encode(_ v: Double, forKey key: Key) throws { try put(key) { .scalar(.float, .f(v)) } }
    mutating func encode(_ v: Float, forKey key: Key) throws { try put(key) { .scalar(.real, .e(v)) } }
    mutating func encode(_ v: Int, forKey key: Key) throws { try put(key) { try .long(v) } }
    mutating func encode(_ v: Int8, forKey key: Key) throws { try put(key) { try .short(v) } }
    mutating func encode(_ v: Int16, forKey key: Key) throws { try put(key) { try .short(v) } }
    mutating func encode(_ v: Int32, forKey key: Key) throws { try put(key) { try .int(v) } }
    mutating func encode(_ v: Int64, forKey key: Key) throws { try put(key) { try .long(v) } }
    mutating func encode(_ v: UInt, forKey key: Key) throws { try put(key) { try .long(v) } }
    mutating func encode(_ v: UInt8, forKey key: Key) throws { try put(key) { .scalar(.byte, .x(v)) } }
    mutating func encode(_ v: UInt16, forKey key: Key) throws { try put(key) { try .int(v) } }
    mutating func encode(_ v: UInt32, forKey key: Key) throws { try put(key) { try .long(v) } }
    mutating func encode(_ v: UInt64, forKey key: Key) throws { try put(key) { try .long(v) } }

    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
        try put(key) { try .of(v, sink.strings, path: codingPath + [key]) }
    }

    mutating func encodeIfPresent(_ v: Bool?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, Bool.self) } }
    mutating func encodeIfPresent(_ v: String?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, String.self) } }
    mutating func encodeIfPresent(_ v: Double?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, Double.self) } }
    mutating func encodeIfPresent(_ v: Float?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, Float.self) } }
    mutating func encodeIfPresent(_ v: Int?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, Int.self) } }
    mutating func encodeIfPresent(_ v: Int8?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, Int8.self) } }
    mutating func encodeIfPresent(_ v: Int16?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, Int16.self) } }
    mutating func encodeIfPresent(_ v: Int32?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, Int32.self) } }
    mutating func encodeIfPresent(_ v: Int64?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, Int64.self) } }
    mutating func encodeIfPresent(_ v: UInt?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, UInt.self) } }
    mutating func encodeIfPresent(_ v: UInt8?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, UInt8.self) } }
    mutating func encodeIfPresent(_ v: UInt16?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, UInt16.self) } }
    mutating func encodeIfPresent(_ v: UInt32?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, UInt32.self) } }
    mutating func encodeIfPresent(_ v: UInt64?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try putNull(key, UInt64.self) } }
    mutating func encodeIfPresent<T: Encodable>(_ v: T?, forKey key: Key) throws {
        if let v { try encode(v, forKey: key) } else { try putNull(key, T.self) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        nested(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { nested(key).unkeyedContainer() }
    mutating func superEncoder() -> Encoder { nested(PlainKey.super) }
    mutating func superEncoder(forKey key: Key) -> Encoder { nested(key) }

    private func nested(_ key: CodingKey) -> ValueEncoder {
        ValueEncoder(slot: sink.slot(forKey: key.stringValue), codingPath: codingPath + [key], strings: sink.strings)
    }
}

/// The unkeyed container of a nested value: a q list, collapsed to a vector when its
/// items are atoms of one type.
struct ItemEncoder: UnkeyedEncodingContainer {
    let store: UnkeyedStore
    var codingPath: [CodingKey]
    let strings: QTableEncoder.StringColumns
    var count: Int { store.items.count }

    private func add(_ make: () throws -> EncodedCell) throws {
        let value = try locating(codingPath + [PlainKey(intValue: count)]) { try make().qValue }
        store.items.append(.value(value))
    }

    mutating func encodeNil() throws { store.items.append(.value(.identity)) }
    mutating func encode(_ v: Bool) throws { try add { .scalar(.boolean, .b(v)) } }
    mutating func encode(_ v: String) throws { try add { .string(v, strings) } }
    mutating func encode(_ v: Double) throws { try add { .scalar(.float, .f(v)) } }
    mutating func encode(_ v: Float) throws { try add { .scalar(.real, .e(v)) } }
    mutating func encode(_ v: Int) throws { try add { try .long(v) } }
    mutating func encode(_ v: Int8) throws { try add { try .short(v) } }
    mutating func encode(_ v: Int16) throws { try add { try .short(v) } }
    mutating func encode(_ v: Int32) throws { try add { try .int(v) } }
    mutating func encode(_ v: Int64) throws { try add { try .long(v) } }
    mutating func encode(_ v: UInt) throws { try add { try .long(v) } }
    mutating func encode(_ v: UInt8) throws { try add { .scalar(.byte, .x(v)) } }
    mutating func encode(_ v: UInt16) throws { try add { try .int(v) } }
    mutating func encode(_ v: UInt32) throws { try add { try .long(v) } }
    mutating func encode(_ v: UInt64) throws { try add { try .long(v) } }
    mutating func encode<T: Encodable>(_ v: T) throws {
        try add { try .of(v, strings, path: codingPath + [PlainKey(intValue: count)]) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        nested().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { nested().unkeyedContainer() }
    mutating func superEncoder() -> Encoder { nested() }

    private func nested() -> ValueEncoder {
        let slot = Slot()
        let path = codingPath + [PlainKey(intValue: count)]
        store.items.append(.slot(slot))
        return ValueEncoder(slot: slot, codingPath: path, strings: strings)
    }
}

/// The single-value container of a nested value: an atom (or a string under `.strings`).
struct SingleEncoder: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [CodingKey]
    let strings: QTableEncoder.StringColumns

    private func set(_ make: () throws -> EncodedCell) throws {
        slot.content = .value(try locating(codingPath) { try make().qValue })
    }

    mutating func encodeNil() throws { slot.content = .value(.identity) }
    mutating func encode(_ v: Bool) throws { try set { .scalar(.boolean, .b(v)) } }
    mutating func encode(_ v: String) throws { try set { .string(v, strings) } }
    mutating func encode(_ v: Double) throws { try set { .scalar(.float, .f(v)) } }
    mutating func encode(_ v: Float) throws { try set { .scalar(.real, .e(v)) } }
    mutating func encode(_ v: Int) throws { try set { try .long(v) } }
    mutating func encode(_ v: Int8) throws { try set { try .short(v) } }
    mutating func encode(_ v: Int16) throws { try set { try .short(v) } }
    mutating func encode(_ v: Int32) throws { try set { try .int(v) } }
    mutating func encode(_ v: Int64) throws { try set { try .long(v) } }
    mutating func encode(_ v: UInt) throws { try set { try .long(v) } }
    mutating func encode(_ v: UInt8) throws { try set { .scalar(.byte, .x(v)) } }
    mutating func encode(_ v: UInt16) throws { try set { try .int(v) } }
    mutating func encode(_ v: UInt32) throws { try set { try .long(v) } }
    mutating func encode(_ v: UInt64) throws { try set { try .long(v) } }
    mutating func encode<T: Encodable>(_ v: T) throws { try set { try .of(v, strings, path: codingPath) } }
}
