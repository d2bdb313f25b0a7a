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
            // Namespaces at the root.
            var seen = Set<String>(), out = [String]()
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
