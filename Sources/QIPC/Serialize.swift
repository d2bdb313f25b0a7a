// QValue -> kdb+ payload bytes (little-endian).
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

    static func writeFunction(_ f: QFunction, _ w: inout WireWriter) throws {
        switch f {
        case .lambda(let l):
            w.u8(WireType.lambda)
            w.symbol(wireContext(l.namespace))
            w.u8(UInt8(QType.char.rawValue))
            w.u8(0)
            w.count(l.source.utf8.count)
            w.text(l.source)
        case .primitive(let p):
            w.u8(UInt8(p.typeNumber))
            w.u8(try PrimitiveCodes.code(for: p))
        case .iterator(let it):
            w.u8(WireType.iterator)
            w.u8(it.rawValue)
        case .projection(let g, let args):
            w.u8(WireType.projection)
            w.count(args.count + 1)
            try write(g, &w)
            for a in args {
                if let a = a {
                    try write(a, &w)
                } else {
                    w.u8(WireType.unary)
                    w.u8(PrimitiveCodes.elided)
                }
            }
        case .composition(let parts):
            w.u8(WireType.composition)
            w.count(parts.count)
            for p in parts { try write(p, &w) }
        case .derived(let it, let g):
            w.u8(WireType.derivedBase + it.rawValue)
            try write(g, &w)
        case .native(let nf):
            throw QWireError(.unsupported, "native function \(nf.name) cannot be serialized")
        }
    }
}
