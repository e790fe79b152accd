import StackCore

extension SIPURI {
    /// URI equality of RFC 3261 §19.1.4.
    ///
    /// Scheme, user and password must match (case-sensitive after decoding escapes of unreserved
    /// characters); hosts compare ignoring case; a written port never equals an omitted one; `user`,
    /// `ttl`, `method`, `maddr` and `transport` parameters must be in both or neither; any parameter in both must
    /// match ignoring case; header components must match as a set.
    public static func == (a: SIPURI, b: SIPURI) -> Bool {
        guard a.scheme == b.scheme, a.host == b.host, a.port == b.port else { return false }
        guard normalized(a.user) == normalized(b.user), normalized(a.password) == normalized(b.password) else {
            return false
        }
        let pa = keyed(a.parameters), pb = keyed(b.parameters)
        // §19.1.4 names user, ttl, method and maddr; its examples also hold `sip:bob@biloxi.com` and
        // `sip:bob@biloxi.com;transport=udp` unequal, so transport is treated the same way.
        for name in ["user", "ttl", "method", "maddr", "transport"] {
            let k = Array(name.utf8)
            if (pa[k] == nil) != (pb[k] == nil) { return false }
        }
        for (name, value) in pa {
            if let other = pb[name], other != value { return false }
        }
        return headerSet(a.headers) == headerSet(b.headers)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scheme)
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(Self.normalized(user))
    }

    /// Escapes of unreserved characters decoded, other escapes upper-cased, so equal texts compare equal.
    static func normalized(_ s: ByteString?) -> [UInt8]? {
        guard let s else { return nil }
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == 0x25, i + 2 < s.endIndex, let h = ASCII.hexValue(s[i + 1]), let l = ASCII.hexValue(s[i + 2]) {
                let c = h << 4 | l
                if Grammar.isUnreserved(c) { out.append(c) } else { out += [0x25, s[i + 1] & ~0x20, s[i + 2] & ~0x20] }
                i += 3
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    private static func keyed(_ p: SIPParameters) -> [[UInt8]: [UInt8]?] {
        var out: [[UInt8]: [UInt8]?] = [:]
        for param in p {
            let key = ParameterKey(param)
            if out[key.name] == nil { out[key.name] = .some(key.value) }
        }
        return out
    }

    private static func headerSet(_ h: ByteString?) -> Set<[UInt8]> {
        guard let h else { return [] }
        return Set(h.bytes.split(separator: 0x26).map { PercentEncoding.decode($0) })
    }
}
