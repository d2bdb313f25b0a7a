// QValue -> kdb+ payload bytes (little-endian). Two passes: the exact size first (which
// also rejects whatever cannot be written), then the bytes into one allocation of that
// size, fixed-width vectors as single memcpy calls.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QCore

extension QWire {
    /// Serializes a value to kdb+'s payload format (what `-8!` writes after its 8-byte
    /// header), little-endian.
    ///
    /// - Parameters:
    ///   - v: The value. Tables travel as type 98 over a dictionary of column names to a
    ///     general list of columns; keyed tables as dictionaries of two tables; lambdas as
    ///     their context and source text; primitives as one-byte codes.
    ///   - maxDepth: Deepest nesting written; deeper values throw rather than overflow the stack.
    /// - Returns: The payload bytes, exactly `serializedSize(v)` of them.
    /// - Throws: `QWireError` for native Swift functions, primitives kdb+ has no code for,
    ///   vectors over 2^31-1 items, storage that does not match its type, or nesting over
    ///   `maxDepth`.
    /// - Complexity: O(n) in the serialized size; fixed-width vectors are copied in bulk.
    public static func serialize(_ v: QValue, maxDepth: Int = QWireOptions().maxDepth) throws -> [UInt8] {
        let n = try SizeCounter(maxDepth: maxDepth).size(v, 0)
        return try [UInt8](unsafeUninitializedCapacity: n) { buf, initialized in
            var w = WireWriter(buf.baseAddress!, count: n)
            try write(v, &w)
            assert(w.p == w.end, "size pass and write pass disagree")
            initialized = n
        }
    }

    /// The number of bytes `serialize(v)` produces (`-22!` is this plus the 8-byte header).
    ///
    /// - Throws: What `serialize` would throw.
    /// - Complexity: O(n) in the number of values and symbols; no bytes are written.
    public static func serializedSize(_ v: QValue, maxDepth: Int = QWireOptions().maxDepth) throws -> Int {
        try SizeCounter(maxDepth: maxDepth).size(v, 0)
    }

    /// Writes a value the size pass has accepted.
    static func write(_ v: QValue, _ w: inout WireWriter) throws {
        switch v {
        case .atom(let t, let s):
            w.u8(UInt8(bitPattern: -t.rawValue))
            writeScalar(s, &w)
        case .vector(let vec):
            w.u8(UInt8(vec.type.rawValue))
            w.u8(vec.attribute.rawValue)
            w.count(vec.count)
            writeStorage(vec.storage, &w)
        case .list(let items):
            w.u8(WireType.list)
            w.u8(0)
            w.count(items.count)
            for item in items { try write(item, &w) }
        case .dict(let d):
            w.u8(d.sorted ? WireType.sortedDict : WireType.dict)
            // kdb+ marks the key table of a sorted keyed table `s#` (its attribute byte).
            if d.sorted, case .table(let kt) = d.keys {
                try writeTable(kt, attribute: QAttribute.sorted.rawValue, &w)
            } else {
                try write(d.keys, &w)
            }
            try write(d.values, &w)
        case .table(let t):
            try writeTable(t, attribute: 0, &w)
        case .function(let f):
            try writeFunction(f, &w)
        }
    }

    @inline(__always)
    static func writeScalar(_ s: QScalar, _ w: inout WireWriter) {
        switch s {
        case .b(let b): w.u8(b ? 1 : 0)
        case .g(let g): w.guid(g)
        case .x(let x): w.u8(x)
        case .h(let h): w.put(h)
        case .i(let i): w.put(i)
        case .j(let j): w.put(j)
        case .e(let e): w.put(e.bitPattern)
        case .f(let f): w.put(f.bitPattern)
        case .s(let str): w.symbol(str)
        }
    }

    /// Vector elements: one memcpy for fixed-width storage (the host is little-endian, as is
    /// the output), one pass of NUL-terminated UTF-8 for symbols.
    static func writeStorage(_ s: QStorage, _ w: inout WireWriter) {
        switch s {
        case .b(let a): a.withUnsafeBytes { w.raw($0) }  // Bool is one byte, 0 or 1
        case .x(let a): a.withUnsafeBytes { w.raw($0) }
        case .h(let a): a.withUnsafeBytes { w.raw($0) }
        case .i(let a): a.withUnsafeBytes { w.raw($0) }
        case .j(let a): a.withUnsafeBytes { w.raw($0) }
        case .e(let a): a.withUnsafeBytes { w.raw($0) }
        case .f(let a): a.withUnsafeBytes { w.raw($0) }
        case .g(let a): for g in a { w.guid(g) }
        case .s(let a): w.symbols(a)
        }
    }

    static func writeTable(_ t: QTable, attribute: UInt8, _ w: inout WireWriter) throws {
        w.u8(WireType.table)
        w.u8(attribute)
        w.u8(WireType.dict)
        w.u8(UInt8(QType.symbol.rawValue))
        w.u8(0)
        w.count(t.names.count)
        w.symbols(t.names)
        w.u8(WireType.list)
        w.u8(0)
        w.count(t.columns.count)
        for c in t.columns { try write(c, &w) }
    }
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
            if fast, b.count > 0 {
                // Sym columns are nearly always all small strings: sum their counts with no
                // branch per symbol, noting any that is not small, and count again only then.
                let raw = UnsafeRawPointer(b.baseAddress!)
                var total = 0
                var notSmall: UInt8 = 0
                for i in 0..<b.count {
                    let top = raw.load(fromByteOffset: i &* MemoryLayout<String>.stride &+ 15, as: UInt8.self)
                    total &+= Int(top & 0x0F)
                    notSmall |= (top & 0xB0) ^ 0xA0
                }
                if notSmall == 0 { n += total; return }
            }
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
        // Columns sit three levels below the table on the wire: table, dictionary, list.
        for c in t.columns { n += try size(c, depth + 3) }
        return n
    }

    /// Counts travel as 4-byte signed integers.
    func checkCount(_ n: Int) throws {
        guard n <= Int(Int32.max) else { throw QWireError(.tooLarge, "\(n) items exceed the 2^31-1 count limit") }
    }
}

// MARK: - Write pass

/// An output cursor over a buffer the size pass has proved large enough. Writes are
/// little-endian and unaligned.
struct WireWriter {
    var p: UnsafeMutableRawPointer
    // The end of the buffer: for debug checks that the two passes agree, and to keep the
    // symbol fast path's 16-byte stores inside the buffer.
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

    /// A guid's 16 bytes in their written order (big-endian halves).
    @inline(__always) mutating func guid(_ g: QGUID) {
        p.storeBytes(of: g.high.bigEndian, as: UInt64.self)
        (p + 8).storeBytes(of: g.low.bigEndian, as: UInt64.self)
        p += 16
    }
}
