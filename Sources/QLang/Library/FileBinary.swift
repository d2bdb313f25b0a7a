import QCore

// `1:` File Binary: parse fixed-width binary records (`("ich";4 1 2) 1: bytes`, the
// order of types and widths choosing little- or big-endian) and write raw bytes of a
// value to a file (`` `:f 1: 0x0102 ``).

enum FileBinary {
    /// Registers `1:`.
    static func register(_ r: inout Registry) {
        r.add("1:", dyad: { x, y, _ in try fileBinary(x, y) })
    }

    /// `x 1: y`: a file symbol on the left writes; a (types;widths) pair reads.
    static func fileBinary(_ x: QValue, _ y: QValue) throws -> QValue {
        if Library.isFileSymbol(x) {
            try Library.writeFile(Library.filePath(x), try rawBytes(y))
            return x
        }
        guard case .list(let spec) = x, spec.count >= 2 else { throw QError.type }
        // (file;block size;algorithm;level): compression is not supported, so the data
        // is written plainly, which every reader of the file still understands.
        if spec.count == 4, Library.isFileSymbol(spec[0]) {
            try Library.writeFile(Library.filePath(spec[0]), try rawBytes(y))
            return spec[0]
        }
        guard spec.count == 2 else { throw QError.length }
        if let types = try? Library.bytes(spec[0]) {
            return try parse(types, try widths(spec[1]), bigEndian: false, try source(y))
        }
        return try parse(try Library.bytes(spec[1]), try widths(spec[0]), bigEndian: true, try source(y))
    }

    /// Field widths from an integer vector or atom.
    static func widths(_ v: QValue) throws -> [Int] {
        switch v {
        case .vector(let vec) where vec.type.isNumeric && !vec.type.isFloating:
            return (0..<vec.count).map { Int(scalarInt(vec.storage[$0])) }
        case .atom(let t, let sc) where t.isNumeric && !t.isFloating:
            return [Int(scalarInt(sc))]
        default: throw QError.type
        }
    }

    /// The bytes to parse: a byte vector, a string, a file or a part of a file.
    static func source(_ y: QValue) throws -> [UInt8] {
        if let (path, offset, length) = try Library.fileRange(y) {
            return try Library.readFile(path, offset: offset, length: length)
        }
        return try Library.rawBytes(y)
    }

    /// Parses whole records of the given field types and widths into one column per
    /// non-blank type.
    static func parse(_ types: [UInt8], _ widths: [Int], bigEndian: Bool, _ data: [UInt8]) throws -> QValue {
        guard types.count == widths.count else { throw QError.length }
        guard widths.allSatisfy({ $0 >= 0 && $0 <= Int(Int32.max) }) else { throw QError.domain }
        let width = widths.reduce(0, +)
        let n = width == 0 ? 0 : data.count / width
        var out: [QValue] = []
        var at = 0
        for (k, letter) in types.enumerated() {
            let w = widths[k]
            defer { at += w }
            if letter == 32 { continue }
            let offsets = (0..<n).map { $0 * width + at }
            out.append(try column(letter, w, offsets, data, bigEndian))
        }
        return .list(out)
    }

    /// One column: the field of width `w` at each record offset.
    static func column(_ letter: UInt8, _ w: Int, _ offsets: [Int], _ d: [UInt8], _ be: Bool) throws -> QValue {
        func bytes(_ o: Int) -> ArraySlice<UInt8> { d[o..<o + w] }
        func integer(_ o: Int, _ size: Int) -> Int64 {
            let b = bytes(o)
            let used = min(w, size)
            var u: UInt64 = 0
            if be {
                for c in b.suffix(used) { u = u << 8 | UInt64(c) }
            } else {
                for c in b.prefix(used).reversed() { u = u << 8 | UInt64(c) }
            }
            let shift = UInt64(64 - 8 * used)
            return used == 0 ? 0 : Int64(bitPattern: u << shift) >> Int64(shift)
        }
        switch letter {
        case 42: return Library.stringList(offsets.map { Array(bytes($0)) })
        case 115:
            return .symbols(offsets.map { o in
                String(decoding: bytes(o).prefix { $0 != 0 }, as: UTF8.self)
            })
        case 98: return .bools(offsets.map { o in bytes(o).contains { $0 != 0 } })
        case 120, 99:
            return .vector(QVector(letter == 99 ? .char : .byte, .x(offsets.map { o in w > 0 ? d[o] : 0 })))
        case 103:
            guard w == 16 else { throw QError.length }
            return .vector(QVector(.guid, .g(offsets.map { QGUID(bytes: Array(bytes($0))) })))
        default:
            guard let t = QType(letter: Character(Unicode.Scalar(letter))) else { throw QError.type }
            switch t.storageKind {
            case .h: return .vector(QVector(t, .h(offsets.map { Int16(truncatingIfNeeded: integer($0, 2)) })))
            case .i: return .vector(QVector(t, .i(offsets.map { Int32(truncatingIfNeeded: integer($0, 4)) })))
            case .j: return .vector(QVector(t, .j(offsets.map { integer($0, 8) })))
            case .e: return .vector(QVector(t, .e(offsets.map { Float(bitPattern: UInt32(truncatingIfNeeded: integer($0, 4))) })))
            case .f: return .vector(QVector(t, .f(offsets.map { Double(bitPattern: UInt64(bitPattern: integer($0, 8))) })))
            default: throw QError.type
            }
        }
    }

    /// The raw little-endian bytes of an atom or vector, as `1:` writes them.
    static func rawBytes(_ y: QValue) throws -> [UInt8] {
        let storage: QStorage
        switch y {
        case .atom(let t, let sc):
            storage = QStorage.gather(kind: t.storageKind, [.atom(t, sc)])
        case .vector(let v):
            storage = v.storage
        case .list(let l) where l.isEmpty:
            return []
        default:
            // General lists, dictionaries and tables would be written as anymap files.
            throw QError.nyi
        }
        func le<T: FixedWidthInteger>(_ a: [T]) -> [UInt8] {
            var out = [UInt8]()
            out.reserveCapacity(a.count * MemoryLayout<T>.size)
            for v in a { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
            return out
        }
        switch storage {
        case .b(let a): return a.map { $0 ? 1 : 0 }
        case .x(let a): return a
        case .g(let a): return a.flatMap { $0.bytes }
        case .h(let a): return le(a)
        case .i(let a): return le(a)
        case .j(let a): return le(a)
        case .e(let a): return le(a.map { $0.bitPattern })
        case .f(let a): return le(a.map { $0.bitPattern })
        case .s(let a): return a.flatMap { Array($0.utf8) + [0] }
        }
    }
}
