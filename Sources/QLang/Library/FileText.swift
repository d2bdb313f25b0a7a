import QCore

// `0:` File Text: prepare text (`"," 0: t`), save text (`` `:f 0: strings ``), load
// delimited text (`("SJF";",") 0: …`), load fixed-width text (`("SJ";4 8) 0: …`) and
// key-value pairs (`"S=;" 0: "a=1;b=2"`).

enum FileText {
    static func register(_ r: inout Registry) {
        r.add("0:", dyad: { x, y, s in try fileText(x, y, s) })
    }

    /// `x 0: y`, dispatched on the form of `x`.
    static func fileText(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom(.char, .x(let d)):
            return try prepare(d, y, s)
        case .atom(.symbol, _):
            let path = try Library.filePath(x)
            let lines = try saveLines(y)
            var out: [UInt8] = []
            for l in lines { out += l; out.append(10) }
            try Library.writeFile(path, out)
            return x
        case .vector(let v) where v.type == .char:
            guard case .x(let spec) = v.storage else { throw QError.type }
            return try keyValues(spec, y)
        case .list(let l) where l.count == 2 || l.count == 3:
            return try load(l, y, s)
        default:
            throw QError.type
        }
    }

    /// The strings `` `:f 0: y `` writes: a list of strings (or chars).
    static func saveLines(_ y: QValue) throws -> [[UInt8]] {
        switch y {
        case .list(let l): return try l.map { try Library.bytes($0) }
        case .vector(let v) where v.count == 0: return []
        default: throw QError.type
        }
    }

    // MARK: prepare text

    /// `d 0: t`: the rows of a table (header first) or a list of columns as strings of
    /// cells joined by the delimiter `d`.
    static func prepare(_ d: UInt8, _ y: QValue, _ s: Interpreter) throws -> QValue {
        let header: [[UInt8]]?
        let columns: [QValue]
        switch y {
        case .table(let t):
            header = t.names.map { Array($0.utf8) }
            columns = t.columns
        case .dict(let dict):
            guard case .table(let k) = dict.keys, case .table(let v) = dict.values else { throw QError.type }
            header = (k.names + v.names).map { Array($0.utf8) }
            columns = k.columns + v.columns
        case .list(let l):
            header = nil
            columns = l
        default:
            throw QError.type
        }
        let cells = try columns.map { try cellTexts($0, s, delimiter: d) }
        let rows = cells.first?.count ?? 0
        guard cells.allSatisfy({ $0.count == rows }) else { throw QError.length }
        var out: [[UInt8]] = []
        out.reserveCapacity(rows + 1)
        if let h = header { out.append(join(h.map { quoted($0, d) }, d)) }
        for r in 0..<rows { out.append(join(cells.map { $0[r] }, d)) }
        return Library.stringList(out)
    }

    private static func join(_ parts: [[UInt8]], _ d: UInt8) -> [UInt8] {
        var line: [UInt8] = []
        for (k, p) in parts.enumerated() {
            if k > 0 { line.append(d) }
            line += p
        }
        return line
    }

    /// A cell holding the delimiter or a newline is quoted, with quotes doubled.
    static func quoted(_ b: [UInt8], _ d: UInt8) -> [UInt8] {
        guard b.contains(where: { $0 == d || $0 == 10 }) else { return b }
        var out: [UInt8] = [34]
        for c in b {
            out.append(c)
            if c == 34 { out.append(34) }
        }
        out.append(34)
        return out
    }

    /// The text of each cell of a column: a vector, or a list of strings. Temporals are
    /// written as ISO 8601 (`2022-03-14`, `2022-03-14T16:12:57.427`).
    static func cellTexts(_ col: QValue, _ s: Interpreter, delimiter d: UInt8 = 44) throws -> [[UInt8]] {
        switch col {
        case .vector(let v):
            switch v.storage {
            case .s(let names): return names.map { quoted(Array($0.utf8), d) }
            case .x(let b) where v.type == .char: return b.map { quoted([$0], d) }
            default:
                return (0..<v.count).map { isoText(v.type, v.storage[$0], s.display) }
            }
        case .list(let l):
            return try l.map { item in
                switch item {
                case .vector(let v) where v.type == .char:
                    guard case .x(let b) = v.storage else { throw QError.type }
                    return quoted(b, d)
                case .list(let e) where e.isEmpty: return []
                default: throw QError.type
                }
            }
        default:
            throw QError.type
        }
    }

    /// An atom's text with ISO 8601 dates (`-` between date parts, `T` before a time).
    static func isoText(_ t: QType, _ sc: QScalar, _ o: QDisplayOptions) -> [UInt8] {
        var b = Strings.atomText(t, sc, o)
        switch t {
        case .date, .month, .timestamp, .datetime:
            for k in 0..<min(b.count, 10) where b[k] == 46 { b[k] = 45 }
            if b.count > 10 && (b[10] == 68 || b[10] == 84) { b[10] = 84 }
        default: break
        }
        return b
    }

    // MARK: load

    /// `(types;delimiter[;flag]) 0: y` and `(types;widths) 0: y`.
    static func load(_ spec: [QValue], _ y: QValue, _ s: Interpreter) throws -> QValue {
        let types = try Library.bytes(spec[0])
        for c in types where c != 32 && c != 42 && QType(letter: Character(Unicode.Scalar(c | 0x20))) == nil {
            throw QError.type
        }
        switch spec[1] {
        case .atom(.char, .x(let d)):
            let flag = spec.count == 3 ? try Library.int(spec[2]) : 0
            return try loadDelimited(types, d, header: false, multiline: flag != 0, y, s)
        case .vector(let v) where v.type == .char && v.count == 1:
            guard case .x(let d) = v.storage else { throw QError.type }
            let flag = spec.count == 3 ? try Library.int(spec[2]) : 0
            return try loadDelimited(types, d[0], header: true, multiline: flag != 0, y, s)
        case .vector(let v) where v.type == .long || v.type == .int || v.type == .short:
            let widths = (0..<v.count).map { Int(scalarInt(v.storage[$0])) }
            guard widths.count == types.count, widths.allSatisfy({ $0 >= 0 }) else { throw QError.length }
            return try loadFixed(types, widths, y, s)
        case .atom(let t, let sc) where t == .long || t == .int:
            guard types.count == 1 else { throw QError.length }
            return try loadFixed(types, [Int(scalarInt(sc))], y, s)
        default:
            throw QError.type
        }
    }

    /// The records of `y`: a string is one record, a list of strings one per item, a file
    /// (or part of one) one per line, or split only outside quotes when `multiline`.
    static func records(_ y: QValue, multiline: Bool) throws -> (recs: [[UInt8]], single: Bool) {
        if let (path, offset, length) = try Library.fileRange(y) {
            let data = try Library.readFile(path, offset: offset, length: length)
            return (multiline ? quotedLines(data) : Library.splitLines(data), false)
        }
        switch y {
        case .vector(let v) where v.type == .char:
            guard case .x(let b) = v.storage else { throw QError.type }
            return ([b], true)
        default:
            let items = try Library.lines(y)
            if multiline { return (quotedLines(Array(items.joined(separator: [10]))), false) }
            return (items, false)
        }
    }

    /// Lines split at newlines outside double quotes.
    static func quotedLines(_ b: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0, inQuote = false
        for k in 0..<b.count {
            if b[k] == 34 { inQuote.toggle() } else if b[k] == 10 && !inQuote {
                var end = k
                if end > start && b[end - 1] == 13 { end -= 1 }
                out.append(Array(b[start..<end]))
                start = k + 1
            }
        }
        if start < b.count { out.append(Array(b[start...])) }
        return out
    }

    /// Splits a record at the delimiter; a field in double quotes may hold the delimiter
    /// and doubled quotes, which are undone.
    static func fields(_ r: [UInt8], _ d: UInt8) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var k = 0
        let n = r.count
        while true {
            var f: [UInt8] = []
            if k < n && r[k] == 34 {
                k += 1
                while k < n {
                    if r[k] == 34 {
                        if k + 1 < n && r[k + 1] == 34 { f.append(34); k += 2; continue }
                        k += 1
                        break
                    }
                    f.append(r[k]); k += 1
                }
                while k < n && r[k] != d { f.append(r[k]); k += 1 }
            } else {
                let start = k
                while k < n && r[k] != d { k += 1 }
                f = Array(r[start..<k])
            }
            out.append(f)
            if k >= n { break }
            k += 1  // past the delimiter
        }
        return out
    }

    static func loadDelimited(_ types: [UInt8], _ d: UInt8, header: Bool, multiline: Bool, _ y: QValue, _ s: Interpreter) throws -> QValue {
        var (recs, single) = try records(y, multiline: multiline)
        var names: [String] = []
        if header {
            guard !recs.isEmpty else { throw QError.length }
            names = fields(recs.removeFirst(), d).map { String(decoding: trimmed($0), as: UTF8.self) }
        }
        var cols = [[[UInt8]]](repeating: [], count: types.count)
        for k in cols.indices where types[k] != 32 { cols[k].reserveCapacity(recs.count) }
        for r in recs {
            let fs = fields(r, d)
            for k in 0..<types.count where types[k] != 32 {
                cols[k].append(k < fs.count ? fs[k] : [])
            }
        }
        var outNames: [String] = [], outCols: [QValue] = []
        for k in 0..<types.count where types[k] != 32 {
            let col = try column(types[k], cols[k], s)
            if single && !header { outCols.append(col.element(0)); continue }
            outCols.append(col)
            if header { outNames.append(k < names.count ? names[k] : "") }
        }
        if header { return .table(QTable(names: outNames, columns: outCols)) }
        return .list(outCols)
    }

    static func loadFixed(_ types: [UInt8], _ widths: [Int], _ y: QValue, _ s: Interpreter) throws -> QValue {
        let width = widths.reduce(0, +)
        var recs: [[UInt8]]
        if let (path, offset, length) = try Library.fileRange(y) {
            let data = try Library.readFile(path, offset: offset, length: length)
            if data.contains(10) { recs = Library.splitLines(data) } else {
                guard width > 0 else { throw QError.length }
                recs = stride(from: 0, to: data.count - width + 1, by: width).map { Array(data[$0..<$0 + width]) }
            }
        } else {
            recs = try Library.lines(y)
        }
        var cols = [[[UInt8]]](repeating: [], count: types.count)
        for r in recs {
            var at = 0
            for k in 0..<types.count {
                let w = widths[k]
                if types[k] != 32 {
                    let lo = min(at, r.count), hi = min(at + w, r.count)
                    cols[k].append(Array(r[lo..<hi]))
                }
                at += w
            }
        }
        var out: [QValue] = []
        for k in 0..<types.count where types[k] != 32 { out.append(try column(types[k], cols[k], s)) }
        return .list(out)
    }

    /// Field text without surrounding blanks.
    static func trimmed(_ f: [UInt8]) -> ArraySlice<UInt8> {
        var lo = 0, hi = f.count
        while lo < hi && (f[lo] == 32 || f[lo] == 9 || f[lo] == 13) { lo += 1 }
        while hi > lo && (f[hi - 1] == 32 || f[hi - 1] == 9 || f[hi - 1] == 13) { hi -= 1 }
        return f[lo..<hi]
    }

    /// A column parsed from field texts by an upper-case type letter (`*` keeps strings).
    static func column(_ letter: UInt8, _ fs: [[UInt8]], _ s: Interpreter) throws -> QValue {
        switch letter {
        case 42: return Library.stringList(fs)
        case 83, 115: return .symbols(fs.map { String(decoding: trimmed($0), as: UTF8.self) })
        case 67, 99: return chars(fs.map { $0.first ?? 32 })
        default:
            guard let t = QType(letter: Character(Unicode.Scalar(letter | 0x20))) else { throw QError.type }
            if t == .long || t == .int || t == .short, let v = fastIntegers(t, fs) { return v }
            let dayFirst = s.settings.dateFormat == 1
            let atoms = fs.map { QLiteral.tok(t, Array(trimmed($0)), dayFirst: dayFirst) }
            return .vector(QVector(t, QStorage.gather(kind: t.storageKind, atoms)))
        }
    }

    /// Plain decimal integers without building an atom per field; nil when any field is
    /// anything else (left to tok).
    static func fastIntegers(_ t: QType, _ fs: [[UInt8]]) -> QValue? {
        var out = [Int64]()
        out.reserveCapacity(fs.count)
        for f in fs {
            let b = trimmed(f)
            if b.isEmpty { out.append(Int64.min); continue }
            var k = b.startIndex
            let neg = b[k] == 45
            if neg { k += 1 }
            guard k < b.endIndex, b.endIndex - k <= 18 else { return nil }
            var v: Int64 = 0
            while k < b.endIndex {
                let c = b[k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
                k += 1
            }
            out.append(neg ? -v : v)
        }
        switch t {
        case .long: return .longs(out)
        case .int:
            guard out.allSatisfy({ $0 == Int64.min || ($0 > Int64(Int32.min) && $0 <= Int64(Int32.max)) }) else { return nil }
            return .ints(out.map { $0 == Int64.min ? Int32.min : Int32($0) })
        default:
            guard out.allSatisfy({ $0 == Int64.min || ($0 > Int64(Int16.min) && $0 <= Int64(Int16.max)) }) else { return nil }
            return .vector(QVector(.short, .h(out.map { $0 == Int64.min ? Int16.min : Int16($0) })))
        }
    }

    // MARK: key-value pairs

    /// `"S=;" 0: text`: keys and values from `key=value` records; a `*` third character
    /// lets values hold separators inside double quotes.
    static func keyValues(_ spec: [UInt8], _ y: QValue) throws -> QValue {
        guard spec.count == 3 || spec.count == 4 else { throw QError.length }
        let quotedMode = spec.count == 4 && spec[2] == 42
        let kt = spec[0] | 0x20, fieldSep = spec[1], recSep = spec[spec.count - 1]
        guard kt == 115 || kt == 105 || kt == 106 else { throw QError.type }
        let text = try Library.bytes(y)
        var keys: [[UInt8]] = [], vals: [[UInt8]] = []
        for rec in quotedMode ? fields(text, recSep, keepQuotes: true) : split(text, recSep) where !rec.isEmpty {
            let cut = rec.firstIndex(of: fieldSep) ?? rec.count
            keys.append(Array(rec[..<cut]))
            var v = cut < rec.count ? Array(rec[(cut + 1)...]) : []
            if quotedMode, v.first == 34 { v = fields(v, fieldSep).first ?? [] }
            vals.append(v)
        }
        let keyValue: QValue
        switch kt {
        case 115: keyValue = .symbols(keys.map { String(decoding: $0, as: UTF8.self) })
        case 105:
            keyValue = .vector(QVector(.int, QStorage.gather(kind: .i, keys.map { QLiteral.tok(.int, $0) })))
        default:
            keyValue = .vector(QVector(.long, QStorage.gather(kind: .j, keys.map { QLiteral.tok(.long, $0) })))
        }
        return .list([keyValue, Library.stringList(vals)])
    }

    private static func split(_ b: [UInt8], _ sep: UInt8) -> [[UInt8]] {
        b.split(separator: sep, omittingEmptySubsequences: false).map(Array.init)
    }

    /// Splits at `sep` outside double quotes, keeping the quotes.
    private static func fields(_ b: [UInt8], _ sep: UInt8, keepQuotes: Bool) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0, inQuote = false
        for k in 0..<b.count {
            if b[k] == 34 { inQuote.toggle() } else if b[k] == sep && !inQuote {
                out.append(Array(b[start..<k]))
                start = k + 1
            }
        }
        out.append(Array(b[start...]))
        return out
    }
}
