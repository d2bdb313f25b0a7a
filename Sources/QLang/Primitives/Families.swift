// Every primitive family, in registration order. Each family file registers the
// glyphs and keywords it owns; a family may add guarded overloads to a primitive
// another family owns with `Registry.overload` (registered later in this list).
extension Registry {
    static let families: [@Sendable (inout Registry) -> Void] = [
        Core.register,        // @ . , ~ ! : enlist count type til
        Arithmetic.register,  // + - * % neg
        Math.register,        // numeric functions and aggregates
        Compare.register,     // comparison, logic, sorting, searching
        Lists.register,       // list structure
        Strings.register,     // $ casts, text functions
        Tables.register,      // tables, joins, qSQL helpers
        System.register,      // value, parse, eval, system, .z, internal -n! functions
        Library.register,     // .Q .h .j namespaces, file I/O (0: 1: read0 …)
        IPC.register,         // hopen hclose, connection handles
    ]
}
