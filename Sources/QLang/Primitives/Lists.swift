import QCore
#if canImport(Glibc)
import Glibc
#endif

// The list family: `#` take/reshape/attributes and count, `_` drop/cut, `^` fill, and the
// list keywords. The unary glyph forms (`+x` flip, `*x` first, `!x` key, `|x` reverse,
// `,x` enlist) live here too; the binary forms of those glyphs belong to other families.
// Keywords that cover iterators (`each` `over` `scan` `prior` `peach`) hand off to
// `applyDerived`.

enum Lists {
    static func register(_ r: inout Registry) {
        r.add("#", monad: { x, _ in .long(Int64(x.count)) }, dyad: { x, y, s in try take(x, y, s) })
        r.add("_", dyad: { x, y, s in try drop(x, y, s) })
        r.add("^", dyad: { x, y, _ in try fill(x, y) })
        r.add(",", monad: { x, _ in ListItems.enlist(x) })
        r.add("+", monad: { x, _ in try flip(x) })
        r.add("*", monad: { x, _ in first(x) })
        r.add("!", monad: { x, s in try key(x, s) })
        r.add("|", monad: { x, _ in reverse(x) })

        r.add("first", monad: { x, _ in first(x) })
        r.add("last", monad: { x, _ in last(x) })
        r.add("flip", monad: { x, _ in try flip(x) })
        r.add("reverse", monad: { x, _ in reverse(x) })
        r.add("rotate", dyad: { x, y, _ in try rotate(x, y) })
        r.add("raze", monad: { x, s in try raze(x, s) })
        r.add("sublist", dyad: { x, y, _ in try sublist(x, y) })
        r.add("except", dyad: { x, y, _ in try except(x, y) })
        r.add("inter", dyad: { x, y, _ in try inter(x, y) })
        r.add("union", dyad: { x, y, s in try union(x, y, s) })
        r.add("cross", dyad: { x, y, s in try cross(x, y, s) })
        r.add("cut", dyad: { x, y, s in try cutKeyword(x, y, s) })
        r.add("fills", monad: { x, s in try fills(x, s) })
        r.add("next", monad: { x, _ in try next(x) })
        r.add("prev", monad: { x, _ in try prev(x) })
        r.add("xprev", dyad: { x, y, _ in try xprev(x, y) })
        r.add("key", monad: { x, s in try key(x, s) })
        r.add("attr", monad: { x, _ in attr(x) })

        r.add("each", dyad: { f, x, s in try s.applyDerived(.each, f, [x]) })
        r.add("peach", dyad: { f, x, s in try s.applyDerived(.each, f, [x]) })
        r.add("over", dyad: { f, x, s in try s.applyDerived(.over, f, [x]) })
        r.add("scan", dyad: { f, x, s in try s.applyDerived(.scan, f, [x]) })
        r.add("prior", dyad: { f, x, s in try s.applyDerived(.prior, f, [x]) })
    }

    /// `key x`: a dictionary's keys (a keyed table's key table), `til` of an integer, the
    /// type name of a vector, or for a symbol the keys of the dictionary it names.
    static func key(_ x: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .dict(let d):
            return d.keys
        case .vector(let v):
            return .symbol(v.type.name)
        case .atom(.symbol, .s(let name)):
            return try keyOfName(name, s)
        case .atom:
            guard intAtom(x) != nil else { throw QError.type }
            return try Core.til(x)
        case .list, .table, .function:
            throw QError.type
        }
    }

    /// `` key `name ``: keys of a global dictionary; the name itself if it is defined, else `()`;
    /// the names in a namespace; for a file handle `` `:path `` the sorted entries of a
    /// directory, the handle of an existing file, `()` when there is none.
    private static func keyOfName(_ name: String, _ s: Interpreter) throws -> QValue {
        if name.hasPrefix(":") { return keyOfPath(name) }
        if name.isEmpty {
            // Namespaces at the root: the built-in ones first, as kdb+ lists them; not .z.
            let hasJ = s.globals.keys.contains { $0.hasPrefix(".j.") }
            var out = hasJ ? ["q", "Q", "h", "j", "o"] : ["q", "Q", "h", "o"]
            var seen = Set(out + ["z", "j"])
            for g in s.globals.keys.sorted() where g.hasPrefix(".") {
                let ns = g.dropFirst().prefix { $0 != "." }
                if !ns.isEmpty, seen.insert(String(ns)).inserted { out.append(String(ns)) }
            }
            return .symbols(out)
        }
        if name == "." {
            return .symbols(s.globals.keys.filter { !$0.hasPrefix(".") }.sorted())
        }
        let full = name.hasPrefix("..") ? String(name.dropFirst(2)) : s.qualify(name)
        if let v = s.globals[full] ?? s.globals[name] {
            if case .dict(let d) = v { return d.keys }
            return .symbol(name)
        }
        if case .dict(let d)? = s.namespaceDict(name) { return d.keys }
        return .emptyList
    }

    private static func keyOfPath(_ handle: String) -> QValue {
        let path = String(handle.dropFirst())
        var st = stat()
        guard stat(path.isEmpty ? "." : path, &st) == 0 else { return .emptyList }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return .symbol(handle) }
        guard let dir = opendir(path.isEmpty ? "." : path) else { return .emptyList }
        defer { closedir(dir) }
        var names = [String]()
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .symbols(names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}

// `x^y` fill (atomic; dictionaries and keyed tables coalesce through `atomic2`) and
// `fills` (carry the last non-null forward).

extension Lists {
    /// Result types of `x^y`: row is the type of `x`, column the type of `y`.
    static let fillTable = TypeTable([
        "b.xhijefc.pmdznuvt", ".g................", "x.xhijefc.pmdznuvt", "h.hhijefc.pmdznuvt",
        "i.iiijefc.pmdznuvt", "j.jjjjefc.pmdznuvt", "e.eeeeefc.pmdznuvt", "f.ffffffc.pmdznuvt",
        "c.ccccccc.pmdznuvt", ".........s........", "p.ppppppp.ppppnuvt", "m.mmmmmmm.pmd.....",
        "d.ddddddd.pddz....", "z.zzzzzzz.p.zznuvt", "n.nnnnnnn.n..nnnnn", "u.uuuuuuu.u..unuvt",
        "v.vvvvvvv.v..vnvvt", "t.ttttttt.t..tnttt",
    ])

    /// `x^y`.
    static func fill(_ x: QValue, _ y: QValue) throws -> QValue {
        try atomic2(x, y) { a, b in try fillKernel(a, b) }
    }

    /// Fill for atom/vector operands: `y` where not null, else `x`, in the result type.
    static func fillKernel(_ x: QValue, _ y: QValue) throws -> QValue {
        guard let tx = simpleType(x), let ty = simpleType(y), let r = fillTable.result(tx, ty) else { throw QError.type }
        let mask = nullMask(y)
        let xr = convert(x, tx, to: r), yr = convert(y, ty, to: r)
        switch (xr, yr) {
        case (.atom, .atom):
            return mask.first == true ? xr : yr
        case (_, .vector(let yv)):
            guard mask.contains(true) else { return .vector(QVector(r, yv.storage)) }
            // Positions that are null in y take x (an atom x fills them all).
            let xs: QStorage
            switch xr {
            case .vector(let xv): xs = xv.storage
            case .atom(_, let sc): xs = ListItems.storage(of: r, sc)
            default: throw QError.type
            }
            guard let st = QStorage.dispatch([xs, yv.storage], SelectKernel(mask: mask)) else { throw QError.type }
            return .vector(QVector(r, st))
        case (.vector(let xv), .atom(_, let sc)):
            // A non-null atom y replaces every item; a null one keeps x.
            if mask.first == true { return .vector(QVector(r, xv.storage)) }
            return .vector(QVector(r, ListItems.storage(of: r, sc).apply(TakeOp(n: xv.count), type: r)))
        default:
            throw QError.type
        }
    }

    /// Which items of an atom or vector are null (a char's null is a blank).
    static func nullMask(_ v: QValue) -> [Bool] {
        switch v {
        case .atom(let t, let s): return [s.isNull(as: t)]
        case .vector(let vec):
            switch vec.storage {
            case .b(let a): return [Bool](repeating: false, count: a.count)
            case .g(let a): return a.map { $0 == .null }
            case .x(let a): return vec.type == .char ? a.map { $0 == 32 } : [Bool](repeating: false, count: a.count)
            case .h(let a): return a.map { $0 == Int16.min }
            case .i(let a): return a.map { $0 == Int32.min }
            case .j(let a): return a.map { $0 == Int64.min }
            case .e(let a): return a.map { $0.isNaN }
            case .f(let a): return a.map { $0.isNaN }
            case .s(let a): return a.map { $0.isEmpty }
            }
        default: return []
        }
    }

    /// An atom or vector converted to type `r` (numbers widen, temporals change unit).
    static func convert(_ v: QValue, _ t: QType, to r: QType) -> QValue {
        if t == r { return v }
        if r == .symbol || r == .guid || t == .symbol || t == .guid { return v }
        if r.isFloating {
            return floatResult(floatOperand(v, Arithmetic.floatFactor(t, r)), r)
        }
        if t.isFloating && r.isTemporal { return intResult(Arithmetic.intFromFloat(v, t, r), r) }
        return intResult(intOperand(v, unitRatio(from: t, to: r)), r)
    }

    /// `fills x`: nulls replaced by the last non-null item before them.
    static func fills(_ x: QValue, _ s: Interpreter) throws -> QValue {
        func carry<T>(_ a: [T], _ isNull: (T) -> Bool) -> [T] {
            var out = a
            out.withUnsafeMutableBufferPointer { p in
                guard p.count > 1 else { return }
                for k in 1..<p.count where isNull(p[k]) { p[k] = p[k - 1] }
            }
            return out
        }
        switch x {
        case .atom, .function: return x
        case .vector(let v):
            let st: QStorage
            switch v.storage {
            case .b: return x
            case .x where v.type != .char: return x
            case .g(let a): st = .g(carry(a) { $0 == .null })
            case .x(let a): st = .x(carry(a) { $0 == 32 })
            case .h(let a): st = .h(carry(a) { $0 == Int16.min })
            case .i(let a): st = .i(carry(a) { $0 == Int32.min })
            case .j(let a): st = .j(carry(a) { $0 == Int64.min })
            case .e(let a): st = .e(carry(a) { $0.isNaN })
            case .f(let a): st = .f(carry(a) { $0.isNaN })
            case .s(let a): st = .s(carry(a) { $0.isEmpty })
            }
            return .vector(QVector(v.type, st))
        case .list(let l):
            // A general list fills item by item with `^`.
            guard var acc = l.first else { return x }
            var out = [acc]
            out.reserveCapacity(l.count)
            for v in l.dropFirst() {
                acc = try fill(acc, v)
                out.append(acc)
            }
            return .list(out)
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try fills(d.values, s), sorted: d.sorted))
        case .table(let t):
            return .table(QTable(names: t.names, columns: try t.columns.map { try fills($0, s) }))
        }
    }
}
