// kdb+ payload bytes -> QValue, in either byte order. Every read is checked against the
// end of the input, and every count against the bytes left, before anything is allocated;
// vectors are read with one bounds check and one memcpy, then byte-swapped in place only
// for big-endian input.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QCore

extension QWire {
    /// Deserializes a payload (the bytes after the 8-byte message header).
    ///
    /// - Parameters:
    ///   - bytes: Exactly one serialized value; trailing bytes are an error.
    ///   - littleEndian: The byte order of the payload (header byte 0).
    ///   - options: Nesting limit and hooks for primitives and enumerations.
    /// - Returns: The value. Type 101/102 primitives go through `options.resolvePrimitive`;
    ///   an elided projection argument becomes `nil`; a lambda arrives with a nil body and
    ///   parameters scanned from its source.
    /// - Throws: `QError` with the text when the payload is an error (type -128);
    ///   `QWireError` for truncated, inconsistent or unsupported input.
    /// - Complexity: O(n) in the payload size; fixed-width vectors are copied in bulk.
    public static func deserialize(_ bytes: [UInt8], littleEndian: Bool = true,
                                   options: QWireOptions = QWireOptions()) throws -> QValue {
        try bytes.withUnsafeBytes { try deserialize($0, littleEndian: littleEndian, options: options) }
    }

    /// Deserializes a payload from borrowed memory; see `deserialize(_:littleEndian:options:)`.
    /// The buffer is only read during the call.
    public static func deserialize(_ bytes: UnsafeRawBufferPointer, littleEndian: Bool = true,
                                   options: QWireOptions = QWireOptions()) throws -> QValue {
        var d = WireDecoder(reader: WireReader(bytes, littleEndian: littleEndian), options: options)
        let v = try d.value(0)
        guard d.r.atEnd else { throw d.r.fail(.malformed, "\(d.r.remaining) bytes after the value") }
        return v
    }
}

/// One decode: a reader, the options, and the recursion over values.
struct WireDecoder {
    var r: WireReader
    let options: QWireOptions

    init(reader: WireReader, options: QWireOptions) {
        r = reader
        self.options = options
    }

    mutating func value(_ depth: Int) throws -> QValue {
        guard depth <= options.maxDepth else { throw r.fail(.tooDeep, "nesting deeper than \(options.maxDepth)") }
        let typeByte = try r.u8()
        let t = Int8(bitPattern: typeByte)
        switch t {
        case -19 ... -1:
            guard let qt = QType(rawValue: -t) else { break }
            return .atom(qt, try scalar(qt.storageKind))
        case 0:
            return try list(depth)
        case 1...19:
            guard let qt = QType(rawValue: t) else { break }
            return try vector(qt)
        case 20...76:
            return try enumeration()
        case -76 ... -20:
            return try enumeratedAtom()
        case 98:
            return .table(try table(depth))
        case 99, 127:
            return .dict(try dict(depth, sorted: t == 127))
        case -128:
            throw QError(try r.cString())
        default:
            if typeByte >= 100 && typeByte <= 111 { return .function(try function(typeByte, depth)) }
            if typeByte == 112 { throw r.fail(.unsupported, "foreign object (type 112)") }
        }
        throw QWireError(.unknownType, "unknown type byte \(t)", offset: r.pos - 1)
    }

    mutating func scalar(_ kind: QStorageKind) throws -> QScalar {
        switch kind {
        case .b: return .b(try r.u8() != 0)
        case .g: return .g(try r.guid())
        case .x: return .x(try r.u8())
        case .h: return .h(try r.int(Int16.self))
        case .i: return .i(try r.int(Int32.self))
        case .j: return .j(try r.int(Int64.self))
        case .e: return .e(Float(bitPattern: try r.int(UInt32.self)))
        case .f: return .f(Double(bitPattern: try r.int(UInt64.self)))
        case .s, .mixed: return .s(try r.symbol())
        }
    }

    mutating func attribute() throws -> QAttribute {
        let b = try r.u8()
        guard let a = QAttribute(rawValue: b) else { throw QWireError(.malformed, "unknown attribute \(b)", offset: r.pos - 1) }
        return a
    }

    mutating func vector(_ t: QType) throws -> QValue {
        let attr = try attribute()
        let kind = t.storageKind
        let n = try r.count(minWidth: max(kind.wireWidth, 1))
        return .vector(QVector(t, try storage(kind, n), attribute: attr))
    }

    mutating func storage(_ kind: QStorageKind, _ n: Int) throws -> QStorage {
        switch kind {
        case .b: return .b(try r.bools(n))
        case .x: return .x(try r.bytes(n))
        case .h: return .h(try r.bulk(n, Int16.self) { $0.byteSwapped })
        case .i: return .i(try r.bulk(n, Int32.self) { $0.byteSwapped })
        case .j: return .j(try r.bulk(n, Int64.self) { $0.byteSwapped })
        case .e: return .e(try r.bulk(n, Float.self) { Float(bitPattern: $0.bitPattern.byteSwapped) })
        case .f: return .f(try r.bulk(n, Double.self) { Double(bitPattern: $0.bitPattern.byteSwapped) })
        case .g:
            var a = [QGUID]()
            a.reserveCapacity(n)
            for _ in 0..<n { a.append(try r.guid()) }
            return .g(a)
        case .s, .mixed:
            return .s(try r.symbols(n))
        }
    }


    mutating func list(_ depth: Int) throws -> QValue {
        _ = try attribute()  // a general list keeps no attribute in the value model
        let n = try r.count(minWidth: 1)
        // Reserve only a little up front: nested lists could otherwise each reserve
        // for the whole remaining input before any item is read.
        var items = [QValue]()
        items.reserveCapacity(min(n, 1024))
        for _ in 0..<n { items.append(try value(depth + 1)) }
        return .list(items)
    }

    mutating func dict(_ depth: Int, sorted: Bool) throws -> QDict {
        let start = r.pos
        let keys = try value(depth + 1)
        let values = try value(depth + 1)
        guard isListLike(keys), isListLike(values), keys.count == values.count else {
            throw QWireError(.malformed, "dictionary keys and values do not match", offset: start)
        }
        return QDict(keys: keys, values: values, sorted: sorted)
    }

    func isListLike(_ v: QValue) -> Bool {
        switch v {
        case .vector, .list, .table: return true
        default: return false
        }
    }

    mutating func table(_ depth: Int) throws -> QTable {
        let start = r.pos
        _ = try attribute()  // `s#` on a table is carried by its first column (`p#`)
        guard r.peek() == WireType.dict else {
            throw QWireError(.malformed, "table is not a flipped dictionary", offset: r.pos)
        }
        let inner = try value(depth + 1)
        guard case .dict(let d) = inner,
              case .vector(let keys) = d.keys, case .s(let names) = keys.storage else {
            throw QWireError(.malformed, "table columns are not named by symbols", offset: start)
        }
        guard case .list(let columns) = d.values else {
            throw QWireError(.unsupported, "table whose columns are not in memory (splayed?)", offset: start)
        }
        let rows = columns.first?.count ?? 0
        for c in columns {
            guard isListLike(c), c.count == rows else {
                throw QWireError(.malformed, "table columns of unequal length or not lists", offset: start)
            }
        }
        return QTable(names: names, columns: columns)
    }

    mutating func enumeration() throws -> QValue {
        let attr = try attribute()
        let n = try r.count(minWidth: 4)
        let domain = try r.cString()
        let indices = try r.bulk(n, Int32.self) { $0.byteSwapped }
        guard let resolve = options.resolveEnumeration else {
            throw r.fail(.unsupported, "enumeration over `\(domain) (kdb+ sends symbols unless asked to keep enums)")
        }
        var v = try resolve(domain, indices)
        if case .vector(var vec) = v, attr != .none { vec.attribute = attr; v = .vector(vec) }
        return v
    }

    mutating func enumeratedAtom() throws -> QValue {
        let domain = try r.cString()
        let index = try r.int(Int32.self)
        guard let resolve = options.resolveEnumeration else {
            throw r.fail(.unsupported, "enumerated atom over `\(domain)")
        }
        let v = try resolve(domain, [index])
        if case .vector(let vec) = v, vec.count == 1 { return vec[0] }
        return v
    }
}

// MARK: - Input cursor

/// A cursor over borrowed bytes in a given byte order.
struct WireReader {
    let base: UnsafeRawPointer
    let count: Int
    var pos: Int = 0
    /// True when the input's byte order differs from the host's (little-endian).
    let swap: Bool

    init(_ buffer: UnsafeRawBufferPointer, littleEndian: Bool) {
        // An empty buffer may have no base address; any non-null pointer is fine as
        // every read is checked against `count` first.
        base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)!
        count = buffer.count
        swap = littleEndian != (1.littleEndian == 1)
    }

    var remaining: Int { count - pos }
    var atEnd: Bool { pos == count }

    func fail(_ kind: QWireError.Kind, _ message: String) -> QWireError {
        QWireError(kind, message, offset: pos)
    }

    @inline(__always) func need(_ n: Int) throws {
        guard n <= count - pos else {
            throw fail(.truncated, "needs \(n) bytes, \(count - pos) left")
        }
    }

    @inline(__always) mutating func u8() throws -> UInt8 {
        try need(1)
        defer { pos += 1 }
        return base.load(fromByteOffset: pos, as: UInt8.self)
    }

    /// The next byte without consuming it, or nil at the end.
    func peek(_ ahead: Int = 0) -> UInt8? {
        pos + ahead < count ? base.load(fromByteOffset: pos + ahead, as: UInt8.self) : nil
    }

    @inline(__always) mutating func int<T: FixedWidthInteger>(_: T.Type) throws -> T {
        try need(MemoryLayout<T>.size)
        let v = base.loadUnaligned(fromByteOffset: pos, as: T.self)
        pos += MemoryLayout<T>.size
        return swap ? v.byteSwapped : v
    }

    /// A 4-byte item count: negative counts and counts the remaining bytes cannot hold
    /// (at `minWidth` bytes per item) are rejected before anything is allocated.
    mutating func count(minWidth: Int) throws -> Int {
        let n = Int(try int(Int32.self))
        guard n >= 0 else { throw fail(.badCount, "negative count \(n)") }
        guard minWidth == 0 || n <= remaining / minWidth else {
            throw fail(.badCount, "count \(n) exceeds the \(remaining) bytes left")
        }
        return n
    }

    mutating func guid() throws -> QGUID {
        try need(16)
        // Guids are byte strings: the same order in either byte order of message.
        let h = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
        let l = base.loadUnaligned(fromByteOffset: pos + 8, as: UInt64.self)
        pos += 16
        return QGUID(high: UInt64(bigEndian: h), low: UInt64(bigEndian: l))
    }

    /// `n` raw bytes.
    mutating func bytes(_ n: Int) throws -> [UInt8] {
        try need(n)
        defer { pos += n }
        return [UInt8](UnsafeRawBufferPointer(start: base + pos, count: n))
    }

    /// `n` fixed-width elements copied in one go, byte-swapped when the input's order
    /// differs from the host's. The caller has checked `n` against the remaining bytes.
    mutating func bulk<T>(_ n: Int, _: T.Type, swapped: (T) -> T) throws -> [T] {
        let size = n * MemoryLayout<T>.stride
        try need(size)
        let src = base + pos
        pos += size
        return [T](unsafeUninitializedCapacity: n) { buf, initialized in
            if n > 0 { memcpy(buf.baseAddress!, src, size) }
            if swap { for i in 0..<n { buf[i] = swapped(buf[i]) } }
            initialized = n
        }
    }

    /// `n` booleans: any nonzero byte is true (a Bool must hold exactly 0 or 1).
    mutating func bools(_ n: Int) throws -> [Bool] {
        try need(n)
        let src = (base + pos).assumingMemoryBound(to: UInt8.self)
        pos += n
        return [Bool](unsafeUninitializedCapacity: n) { buf, initialized in
            for i in 0..<n { buf[i] = src[i] != 0 }
            initialized = n
        }
    }
}
