import SIPMessage
import StackCore

/// The JSON shape of `softphone decode sip`; its keys are a stable interface for scripts.
enum SIPMessageJSON {
    static func encode(_ m: SIPMessage) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        switch m.startLine {
        case .request(let r):
            pairs += [("kind", .string("request")), ("method", .string(r.method.rawValue)), ("uri", .string(r.uriText.string)),
                      ("status", .null), ("reason", .null)]
        case .response(let s):
            pairs += [("kind", .string("response")), ("method", .null), ("uri", .null),
                      ("status", .number(s.status.rawValue)), ("reason", .string(s.reason.string))]
        }
        pairs.append(("headers", .array(m.headers.map { .object([("name", .string($0.wireName.string)), ("value", .string($0.value.string))]) })))
        pairs.append(("via", .array(m.via.map(via))))
        pairs.append(("from", m.from.map(address) ?? .null))
        pairs.append(("to", m.to.map(address) ?? .null))
        pairs.append(("callID", .string(m.callID?.string)))
        pairs.append(("cseq", m.cseq.map { .object([("number", .number(Int($0.number))), ("method", .string($0.method.rawValue))]) } ?? .null))
        pairs.append(("contact", contact(m.contact)))
        pairs.append(("maxForwards", .number(m.maxForwards)))
        pairs.append(("contentLength", .number(m.declaredContentLength)))
        pairs.append(("bodyLength", .number(m.body.count)))
        pairs.append(("warnings", .array(m.warnings.map { .string($0.description) } + m.defects.map { .string($0.description) })))
        return .object(pairs)
    }

    static func via(_ v: SIPVia) -> JSONValue {
        let rport: JSONValue
        switch v.rport {
        case .none: rport = .null
        case .some(.none): rport = .bool(true)
        case .some(.some(let p)): rport = .number(p)
        }
        return .object([
            ("transport", .string(v.transport.string)), ("host", .string(v.host.description)), ("port", .number(v.port)),
            ("branch", .string(v.branch?.string)), ("received", .string(v.received?.string)), ("rport", rport),
        ])
    }

    static func address(_ a: SIPNameAddress) -> JSONValue {
        .object([("display", .string(a.displayName)), ("uri", .string(a.uri.text.string)), ("tag", .string(a.tag?.string))])
    }

    static func contact(_ c: SIPContactList?) -> JSONValue {
        switch c {
        case nil: return .null
        case .wildcard?: return .string("*")
        case .addresses(let list)?:
            return .array(list.map { c in
                .object([("display", .string(c.address.displayName)), ("uri", .string(c.address.uri.text.string)),
                         ("expires", .number(c.expires.map(Int.init))), ("q", c.q.map { .double($0) } ?? .null)])
            })
        }
    }
}
