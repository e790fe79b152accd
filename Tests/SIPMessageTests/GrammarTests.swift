@testable import SIPMessage
import Testing

/// The bitmap character classes against the RFC 3261 §25.1 sets written out.
@Suite struct GrammarTests {
    static let alnum = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    static func set(_ extra: String) -> Set<UInt8> { alnum.union(extra.utf8) }

    @Test func classesMatchTheABNF() {
        let cases: [(String, (UInt8) -> Bool, Set<UInt8>)] = [
            ("token", Grammar.isToken, Self.set("-.!%*_+`'~")),
            ("word", Grammar.isWord, Self.set("-.!%*_+`'~()<>:\\\"/[]?{}")),
            ("unreserved", Grammar.isUnreserved, Self.set("-_.!~*'()")),
            ("user", Grammar.isUserChar, Self.set("-_.!~*'()&=+$,;?/")),
            ("password", Grammar.isPasswordChar, Self.set("-_.!~*'()&=+$,")),
            ("paramchar", Grammar.isParamChar, Self.set("-_.!~*'()[]/:&+$")),
            ("hnv", Grammar.isHeaderChar, Self.set("-_.!~*'()[]/?:+$")),
            ("host", Grammar.isHostChar, Self.set("-._")),
        ]
        for (name, f, expected) in cases {
            for c in 0...255 {
                #expect(f(UInt8(c)) == expected.contains(UInt8(c)), "\(name) byte \(c)")
            }
        }
    }
}
