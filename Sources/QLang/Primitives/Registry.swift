import QCore

/// A primitive's unary form.
typealias Monad = @Sendable (QValue, Interpreter) throws -> QValue
/// A primitive's binary form.
typealias Dyad = @Sendable (QValue, QValue, Interpreter) throws -> QValue
/// A primitive's form for three or more arguments.
typealias Polyad = @Sendable ([QValue], Interpreter) throws -> QValue

/// An extra overload of a primitive, added by a family that does not own it: tried
/// before the owner's forms when its arity and predicate match.
struct Overload: Sendable {
    let arity: Int
    let matches: @Sendable ([QValue]) -> Bool
    let run: Polyad
}

/// One primitive: a glyph or keyword and its forms by number of arguments.
struct PrimitiveDef: Sendable {
    /// Glyph or keyword, e.g. `+` or `count`.
    let name: String
    /// True when it can be written between its arguments (`2+3`, ``x xbar y``).
    let infix: Bool
    var monad: Monad?
    var dyad: Dyad?
    var polyad: Polyad?
    /// Overloads added by other families (e.g. `n!t` keying a table), checked first.
    var overloads: [Overload] = []
    /// The value q code sees for it.
    var value: QValue
}

/// The table of every primitive, keyed by glyph or keyword. One place to find any
/// primitive's implementation: each family file adds its entries in `register(into:)`.
struct Registry: Sendable {
    private(set) var defs: [PrimitiveDef] = []
    private(set) var byName: [String: Int] = [:]

    /// The shared table, built once.
    static let shared: Registry = {
        var r = Registry()
        // Index 0 is the identity `::`, which QCore knows as the generic null.
        r.add("::", monad: { x, _ in x }, dyad: nil)
        for family in Registry.families { family(&r) }
        // The unary forms of operator glyphs as values of their own: `(#:)`, `=:`.
        for def in r.defs where def.infix && def.monad != nil && !(def.name.first?.isLetter ?? true) && def.name != "::" {
            r.add(def.name + ":", infix: false, monad: def.monad)
        }
        return r
    }()

    /// Adds a primitive, or adds forms to one another family registered: a glyph's unary
    /// and binary forms may come from different families. Setting a form twice is a bug.
    /// Glyphs, and keywords with only a binary form, are infix unless `infix` says otherwise.
    mutating func add(_ name: String, infix: Bool? = nil, monad: Monad? = nil, dyad: Dyad? = nil, polyad: Polyad? = nil) {
        let isGlyph = name.unicodeScalars.first.map { !CharacterSet.letters.contains($0) } ?? false
        if let id = byName[name] {
            var d = defs[id]
            precondition(!(monad != nil && d.monad != nil) && !(dyad != nil && d.dyad != nil) && !(polyad != nil && d.polyad != nil),
                         "primitive \(name): form registered twice")
            d.monad = d.monad ?? monad
            d.dyad = d.dyad ?? dyad
            d.polyad = d.polyad ?? polyad
            let infixFlag = infix ?? (isGlyph || (d.dyad != nil && d.monad == nil))
            defs[id] = PrimitiveDef(name: name, infix: infixFlag, monad: d.monad, dyad: d.dyad, polyad: d.polyad,
                                    overloads: d.overloads, value: Registry.value(id, name, isGlyph, d.monad, d.dyad))
            return
        }
        let infixFlag = infix ?? (isGlyph || (dyad != nil && monad == nil))
        let id = defs.count
        defs.append(PrimitiveDef(name: name, infix: infixFlag, monad: monad, dyad: dyad, polyad: polyad,
                                 value: Registry.value(id, name, isGlyph, monad, dyad)))
        byName[name] = id
    }

    /// The q value of a primitive: operators (glyphs, binary keywords) are type 102.
    private static func value(_ id: Int, _ name: String, _ isGlyph: Bool, _ monad: Monad?, _ dyad: Dyad?) -> QValue {
        if id == 0 { return .function(.primitive(QPrimitive.identity)) }
        let type: Int16 = (isGlyph && dyad != nil) || (monad == nil && dyad != nil) ? 102 : 101
        return .function(.primitive(QPrimitive(id: id, name: name, typeNumber: type)))
    }

    /// Replaces forms of an existing primitive (for families that extend a glyph).
    mutating func extend(_ name: String, monad: Monad? = nil, dyad: Dyad? = nil, polyad: Polyad? = nil) {
        guard let id = byName[name] else { preconditionFailure("no primitive \(name)") }
        if let m = monad { defs[id].monad = m }
        if let d = dyad { defs[id].dyad = d }
        if let p = polyad { defs[id].polyad = p }
    }

    /// Adds an overload for `arity` arguments, used when `matches` holds. Lets a family
    /// give a glyph it does not own a meaning for its own types (`1!t`, `?[t;c;b;a]`).
    mutating func overload(_ name: String, arity: Int, when matches: @escaping @Sendable ([QValue]) -> Bool, _ run: @escaping Polyad) {
        guard let id = byName[name] else { preconditionFailure("no primitive \(name)") }
        defs[id].overloads.append(Overload(arity: arity, matches: matches, run: run))
    }

    /// The id of a glyph or keyword.
    func id(_ name: String) -> Int? { byName[name] }

    @inline(__always) subscript(_ id: Int) -> PrimitiveDef { defs[id] }
}

/// Minimal letter test without Foundation.
private enum CharacterSet {
    enum letters {
        static func contains(_ u: Unicode.Scalar) -> Bool {
            (u >= "a" && u <= "z") || (u >= "A" && u <= "Z")
        }
    }
}
