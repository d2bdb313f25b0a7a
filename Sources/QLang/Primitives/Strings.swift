import QCore

enum Strings {
    static func register(_ r: inout Registry) {}
}
