// Output side: the exact serialized size of a value, and a raw cursor that writes into a
// buffer sized by it. Serialization is two passes (size, then bytes) so the output is
// allocated once and fixed-width vectors go out as single memcpy calls.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QCore

/// Type bytes of the non-basic kinds of value.
enum WireType {
    static let list: UInt8 = 0
    static let table: UInt8 = 98
    static let dict: UInt8 = 99
    static let sortedDict: UInt8 = 127
    static let lambda: UInt8 = 100
    static let unary: UInt8 = 101
    static let binary: UInt8 = 102
    static let iterator: UInt8 = 103
    static let projection: UInt8 = 104
    static let composition: UInt8 = 105
    static let derivedBase: UInt8 = 106
    static let error: UInt8 = 0x80
}

extension QStorageKind {
    /// Bytes per element on the wire; symbols are variable (0 here).
    var wireWidth: Int {
        switch self {
        case .b, .x: return 1
        case .h: return 2
        case .i, .e: return 4
        case .j, .f: return 8
        case .g: return 16
        case .s, .mixed: return 0
        }
    }
}

extension QScalar {
    /// The storage kind this scalar's case belongs to.
    var kind: QStorageKind {
        switch self {
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

extension QStorage {
    /// The storage kind of this case.
    var kind: QStorageKind {
        switch self {
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

// MARK: - Size pass

/// Computes serialized sizes and rejects what cannot be written, so the write pass can
/// trust its buffer.
struct SizeCounter {
    let maxDepth: Int

    /// Payload bytes of `v`, type byte included.
    func size(_ v: QValue, _ depth: Int) throws -> Int {
        guard depth <= maxDepth else { throw QWireError(.tooDeep, "value nested deeper than \(maxDepth)") }
        switch v {
        case .atom(let t, let s):
            guard t != .mixed, t.storageKind == s.kind else {
                throw QWireError(.malformed, "atom of type \(t.name) holds \(s.kind) storage")
            }
            if case .s(let str) = s { return 2 + str.utf8.count }
            return 1 + s.kind.wireWidth
        case .vector(let vec):
            guard vec.type != .mixed, vec.type.storageKind == vec.storage.kind else {
                throw QWireError(.malformed, "vector of type \(vec.type.name) holds \(vec.storage.kind) storage")
            }
            return 6 + (try storageBytes(vec.storage))
        case .list(let items):
            try checkCount(items.count)
            var n = 6
            for item in items { n += try size(item, depth + 1) }
            return n
        case .dict(let d):
            return 1 + (try size(d.keys, depth + 1)) + (try size(d.values, depth + 1))
        case .table(let t):
            return try tableSize(t, depth)
        case .function(let f):
            return try functionSize(f, depth)
        }
    }

    /// Bytes of a vector's elements.
    func storageBytes(_ s: QStorage) throws -> Int {
        try checkCount(s.count)
        if case .s(let syms) = s { return symbolBytes(syms) }
        return s.count * s.kind.wireWidth
    }

    /// Bytes of NUL-terminated symbols.
    func symbolBytes(_ syms: [String]) -> Int {
        let fast = SmallStrings.usable
        var n = syms.count
        syms.withUnsafeBufferPointer { b in
            for i in 0..<b.count { n += SmallStrings.utf8Count(b, i, fast: fast) }
        }
        return n
    }

    func tableSize(_ t: QTable, _ depth: Int) throws -> Int {
        guard t.names.count == t.columns.count else {
            throw QWireError(.malformed, "table has \(t.names.count) names for \(t.columns.count) columns")
        }
        try checkCount(t.names.count)
        // 98, attribute, 99, symbol vector of names, general list of columns.
        var n = 3 + 6 + symbolBytes(t.names) + 6
        for c in t.columns { n += try size(c, depth + 2) }
        return n
    }

    func functionSize(_ f: QFunction, _ depth: Int) throws -> Int {
        switch f {
        case .lambda(let l):
            return 1 + wireContext(l.namespace).utf8.count + 1 + 6 + l.source.utf8.count
        case .primitive(let p):
            _ = try PrimitiveCodes.code(for: p)
            return 2
        case .iterator:
            return 2
        case .projection(let g, let args):
            try checkCount(args.count + 1)
            var n = 5 + (try size(g, depth + 1))
            for a in args { n += try a.map { try size($0, depth + 1) } ?? 2 }
            return n
        case .composition(let parts):
            try checkCount(parts.count)
            var n = 5
            for p in parts { n += try size(p, depth + 1) }
            return n
        case .derived(_, let g):
            return 1 + (try size(g, depth + 1))
        case .native(let nf):
            throw QWireError(.unsupported, "native function \(nf.name) cannot be serialized")
        }
    }

    /// Counts travel as 4-byte signed integers.
    func checkCount(_ n: Int) throws {
        guard n <= Int(Int32.max) else { throw QWireError(.tooLarge, "\(n) items exceed the 2^31-1 count limit") }
    }
}

/// The context symbol kdb+ writes for a lambda's namespace: `.d` travels as `d`.
func wireContext(_ namespace: String) -> Substring {
    namespace.hasPrefix(".") ? namespace.dropFirst() : Substring(namespace)
}

// MARK: - Write pass

/// An output cursor over a buffer the size pass has proved large enough. Writes are
/// little-endian and unaligned.
struct WireWriter {
    var p: UnsafeMutableRawPointer
    // Only for the debug check that the size pass and the write pass agree.
    let end: UnsafeMutableRawPointer

    init(_ start: UnsafeMutableRawPointer, count: Int) {
        p = start
        end = start + count
    }

    @inline(__always) mutating func u8(_ b: UInt8) {
        assert(p < end)
        p.storeBytes(of: b, as: UInt8.self)
        p += 1
    }

    @inline(__always) mutating func put<T: FixedWidthInteger>(_ v: T) {
        assert(p + MemoryLayout<T>.size <= end)
        p.storeBytes(of: v.littleEndian, as: T.self)
        p += MemoryLayout<T>.size
    }

    @inline(__always) mutating func count(_ n: Int) {
        put(Int32(truncatingIfNeeded: n))
    }

    /// Copies raw bytes (a whole vector's storage at once).
    @inline(__always) mutating func raw(_ src: UnsafeRawBufferPointer) {
        guard let base = src.baseAddress, src.count > 0 else { return }
        assert(p + src.count <= end)
        memcpy(p, base, src.count)
        p += src.count
    }

    /// The UTF-8 bytes of `s`, no terminator.
    @inline(__always) mutating func text<S: StringProtocol>(_ s: S) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { raw(UnsafeRawBufferPointer($0)) }
        if done == nil { for b in s.utf8 { u8(b) } }
    }

    /// UTF-8 bytes of `s` then a NUL.
    @inline(__always) mutating func symbol<S: StringProtocol>(_ s: S) {
        text(s)
        u8(0)
    }

    /// A guid's 16 bytes in their written order (big-endian halves).
    @inline(__always) mutating func guid(_ g: QGUID) {
        p.storeBytes(of: g.high.bigEndian, as: UInt64.self)
        (p + 8).storeBytes(of: g.low.bigEndian, as: UInt64.self)
        p += 16
    }
}
