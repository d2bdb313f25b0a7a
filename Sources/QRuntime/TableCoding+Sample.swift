import Foundation
import QCore

// An empty array of rows has no row to encode, and a type cannot list its fields; but a
// `Decodable` row type can be asked to build itself from a decoder that answers every
// field with zero or "". Encoding that sample row gives the column names and types.
// Optional fields get a value too, so their columns are typed; if that fails (a nested
// type rejects its zero value), a second try leaves them nil.

/// Builds sample values from nothing, for the columns of an empty table.
enum Sample {
    /// A row of `type`: zero or empty in every field, a `CaseIterable` enum's first case;
    /// optional fields hold a sample value if the type accepts one, else nil.
    ///
    /// - Throws: whatever `type.init(from:)` throws when it rejects the sample (a
    ///   raw-value enum that is not `CaseIterable`, a validating initializer).
    static func row<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try value(type, nils: false) } catch { return try value(type, nils: true) }
    }

    static func value<T: Decodable>(_ type: T.Type, nils: Bool) throws -> T {
        if T.self == Date.self { return Date(timeIntervalSinceReferenceDate: 0) as! T }
        if T.self == UUID.self { return UUID(QGUID.null) as! T }
        if let cases = T.self as? any CaseIterable.Type, let first = firstCase(cases) as? T { return first }
        return try T(from: SampleDecoder(nils: nils))
    }

    private static func firstCase<C: CaseIterable>(_ type: C.Type) -> C? { type.allCases.first }

    static let noItems = CellError("a sample list has no items")
}

struct SampleDecoder: Decoder {
    /// Whether optional fields are nil.
    let nils: Bool
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(SampleFields<Key>(nils: nils))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer { SampleItems() }
    func singleValueContainer() throws -> SingleValueDecodingContainer { SampleSingle(nils: nils) }
}

/// Every field is present: zero or empty, optional ones nil if `nils`.
struct SampleFields<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let nils: Bool
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { nils }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { false }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { "" }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { 0 }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { 0 }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { 0 }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try Sample.value(type, nils: nils) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(SampleFields<NestedKey>(nils: nils))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { SampleItems() }
    func superDecoder() throws -> Decoder { SampleDecoder(nils: nils) }
    func superDecoder(forKey key: Key) throws -> Decoder { SampleDecoder(nils: nils) }
}

/// An empty list.
struct SampleItems: UnkeyedDecodingContainer {
    var codingPath: [CodingKey] { [] }
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }
    mutating func decodeNil() throws -> Bool { throw Sample.noItems }
    mutating func decode(_ type: Bool.Type) throws -> Bool { throw Sample.noItems }
    mutating func decode(_ type: String.Type) throws -> String { throw Sample.noItems }
    mutating func decode(_ type: Double.Type) throws -> Double { throw Sample.noItems }
    mutating func decode(_ type: Float.Type) throws -> Float { throw Sample.noItems }
    mutating func decode(_ type: Int.Type) throws -> Int { throw Sample.noItems }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { throw Sample.noItems }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { throw Sample.noItems }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { throw Sample.noItems }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { throw Sample.noItems }
    mutating func decode(_ type: UInt.Type) throws -> UInt { throw Sample.noItems }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { throw Sample.noItems }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { throw Sample.noItems }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { throw Sample.noItems }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { throw Sample.noItems }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { throw Sample.noItems }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw Sample.noItems
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { throw Sample.noItems }
    mutating func superDecoder() throws -> Decoder { throw Sample.noItems }
}

/// A single value: zero or empty, never nil (so a wrapped value shows its type).
struct SampleSingle: SingleValueDecodingContainer {
    let nils: Bool
    var codingPath: [CodingKey] { [] }
    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { "" }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Sample.value(type, nils: nils) }
}
