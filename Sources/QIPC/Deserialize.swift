// kdb+ payload bytes -> QValue, in either byte order.
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

    // MARK: functions

    mutating func function(_ typeByte: UInt8, _ depth: Int) throws -> QFunction {
        switch typeByte {
        case WireType.lambda:
            return .lambda(try lambda(depth))
        case WireType.unary, WireType.binary:
            let code = try r.u8()
            return try primitive(code, typeNumber: Int16(typeByte))
        case WireType.iterator:
            let code = try r.u8()
            guard let it = QIterator(rawValue: code) else {
                throw QWireError(.unknownPrimitive, "unknown iterator code \(code)", offset: r.pos - 1)
            }
            return .iterator(it)
        case WireType.projection:
            let n = try r.count(minWidth: 1)
            guard n >= 1 else { throw r.fail(.malformed, "projection without a function") }
            let g = try value(depth + 1)
            var args = [QValue?]()
            args.reserveCapacity(min(n, 1024))
            for _ in 1..<n {
                if r.peek() == WireType.unary && r.peek(1) == PrimitiveCodes.elided {
                    _ = try r.bytes(2)
                    args.append(nil)
                } else {
                    args.append(try value(depth + 1))
                }
            }
            return .projection(g, args)
        case WireType.composition:
            let n = try r.count(minWidth: 1)
            guard n >= 1 else { throw r.fail(.malformed, "empty composition") }
            var parts = [QValue]()
            parts.reserveCapacity(min(n, 1024))
            for _ in 0..<n { parts.append(try value(depth + 1)) }
            return .composition(parts)
        default:
            let it = QIterator(rawValue: typeByte - WireType.derivedBase)!  // 106...111
            return .derived(it, try value(depth + 1))
        }
    }

    mutating func lambda(_ depth: Int) throws -> QLambda {
        let context = try r.cString()
        let start = r.pos
        guard case .vector(let text) = try value(depth + 1), text.type == .char, case .x(let bytes) = text.storage else {
            throw QWireError(.malformed, "lambda without its source text", offset: start)
        }
        let source = String(decoding: bytes, as: UTF8.self)
        let namespace = context.isEmpty || context.hasPrefix(".") ? context : "." + context
        return QLambda(source: source, parameters: QWire.lambdaParameters(source), namespace: namespace, body: nil)
    }

    mutating func primitive(_ code: UInt8, typeNumber: Int16) throws -> QFunction {
        // Identity; 0xFF (an elided argument) outside a projection reads as identity too.
        if typeNumber == 101 && (code == 0 || code == PrimitiveCodes.elided) { return .primitive(QPrimitive.identity) }
        guard let name = PrimitiveCodes.name(code: code, typeNumber: typeNumber) else {
            throw QWireError(.unknownPrimitive, "unknown code \(code) for type \(typeNumber)", offset: r.pos - 1)
        }
        guard let resolve = options.resolvePrimitive else {
            return .primitive(QPrimitive(id: QWire.unresolvedPrimitiveID, name: name, typeNumber: typeNumber))
        }
        guard let p = resolve(name, typeNumber) else {
            throw QWireError(.unknownPrimitive, "primitive \(name) is not known here", offset: r.pos - 1)
        }
        return .primitive(p)
    }
}
