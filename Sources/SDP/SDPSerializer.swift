extension SDPSessionDescription {
    /// The description as RFC 8866 text: lines in the §9 order, each ended by CRLF.
    public func serialized() -> String {
        var s = "v=\(version)\r\n"
        let o = origin
        s += "o=\(o.username) \(o.sessionID) \(o.sessionVersion) \(o.networkType) \(o.addressType) \(o.address)\r\n"
        s += "s=\(sessionName.isEmpty ? "-" : sessionName)\r\n"
        if let information { s += "i=\(information)\r\n" }
        if let uri { s += "u=\(uri)\r\n" }
        for e in emails { s += "e=\(e)\r\n" }
        for p in phones { s += "p=\(p)\r\n" }
        if let connection { s += "c=\(connection.serialized)\r\n" }
        for b in bandwidths { s += "b=\(b.type):\(b.value)\r\n" }
        for t in timings.isEmpty ? [SDPTiming()] : timings {
            s += "t=\(t.start) \(t.stop)\r\n"
            for r in t.repeats { s += "r=\(r)\r\n" }
        }
        if let timeZones { s += "z=\(timeZones)\r\n" }
        if let key { s += "k=\(key)\r\n" }
        for a in attributes { s += "a=\(a)\r\n" }
        for m in media {
            s += "m=\(m.type) \(m.port)\(m.portCount.map { "/\($0)" } ?? "") \(m.proto) \(m.formats.joined(separator: " "))\r\n"
            if let information = m.information { s += "i=\(information)\r\n" }
            for c in m.connections { s += "c=\(c.serialized)\r\n" }
            for b in m.bandwidths { s += "b=\(b.type):\(b.value)\r\n" }
            if let key = m.key { s += "k=\(key)\r\n" }
            for a in m.attributes { s += "a=\(a)\r\n" }
        }
        return s
    }

    /// The serialized description as bytes.
    public func serializedBytes() -> [UInt8] { Array(serialized().utf8) }
}

extension SDPConnection {
    var serialized: String {
        var s = "\(networkType) \(addressType) \(address)"
        if let ttl { s += "/\(ttl)" }
        if let count { s += "/\(count)" }
        return s
    }
}
