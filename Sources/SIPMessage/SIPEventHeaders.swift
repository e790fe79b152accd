import StackCore

/// A token followed by header parameters: the shape of Event, Subscription-State, Session-Expires,
/// Min-SE, Retry-After, Content-Disposition and others.
public struct SIPTokenWithParameters: SIPHeaderValue, Hashable, CustomStringConvertible {
    /// The value as written.
    public let text: ByteString
    let tokenRange: Range<Int>
    /// The parameters after the token.
    public let parameters: SIPParameters

    /// The leading token.
    public var token: ByteString { text[tokenRange] }
    public var description: String { text.string }

    public init(parsing value: ByteString, header: SIPHeaderName, limits: SIPParserLimits) throws(SIPParseError) {
        let (token, parameters) = try Scanner.scan(value.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let token = try s.requireToken("value")
            // Retry-After may carry a comment: delta-seconds [ comment ] *( SEMI retry-param ).
            s.skipLWS()
            if s.peek() == 0x28 { try Self.skipComment(&s) }
            let parameters = try ParameterGrammar.validate(&s, style: .header, limit: limits.maxParameters)
            try s.expectEnd()
            return (token, parameters)
        }
        tokenRange = token
        self.parameters = SIPParameters(text: value[parameters], style: .header)
        text = value
    }

    static func skipComment(_ s: inout Scanner) throws(SIPParseError) {
        var depth = 0
        repeat {
            guard let c = s.peek() else { throw s.error("unterminated comment") }
            if c == 0x28 { depth += 1 } else if c == 0x29 { depth -= 1 } else if c == 0x5C { s.i += 1 }
            s.i += 1
        } while depth > 0
    }
}

/// Event (RFC 6665 §8.2.1): the event package and its `id`.
public struct SIPEvent: SIPHeaderValue, Hashable {
    /// The underlying token and parameters.
    public let value: SIPTokenWithParameters
    /// The event package (`refer`, `presence`, `dialog`, …), possibly with template (`a.b`).
    public var package: ByteString { value.token }
    /// The `id` parameter.
    public var id: ByteString? { value.parameters.value("id") }
    public init(parsing v: ByteString, header: SIPHeaderName = .event, limits: SIPParserLimits) throws(SIPParseError) {
        value = try SIPTokenWithParameters(parsing: v, header: header, limits: limits)
    }
}

/// Subscription-State (RFC 6665 §8.2.3).
public struct SIPSubscriptionState: SIPHeaderValue, Hashable {
    /// The underlying token and parameters.
    public let value: SIPTokenWithParameters
    /// `active`, `pending`, `terminated` or an extension.
    public var state: ByteString { value.token }
    /// The `reason` parameter of a terminated subscription.
    public var reason: ByteString? { value.parameters.value("reason") }
    /// The `expires` parameter in seconds.
    public var expires: UInt32? { value.parameters.value("expires")?.decimalValue().map(UInt32.init) }
    /// The `retry-after` parameter in seconds.
    public var retryAfter: UInt32? { value.parameters.value("retry-after")?.decimalValue().map(UInt32.init) }
    public init(parsing v: ByteString, header: SIPHeaderName = .subscriptionState, limits: SIPParserLimits) throws(SIPParseError) {
        value = try SIPTokenWithParameters(parsing: v, header: header, limits: limits)
    }
}

/// A delta-seconds value with parameters: Session-Expires (RFC 4028 §4, with `refresher`),
/// Min-SE (§5), Retry-After (RFC 3261 §20.33, with `duration`), Expires and Min-Expires.
public struct SIPDeltaSeconds: SIPHeaderValue, Hashable {
    /// The number of seconds.
    public let seconds: UInt32
    /// The parameters (`refresher=uac|uas`, `duration=`).
    public let parameters: SIPParameters
    /// The `refresher` parameter of Session-Expires.
    public var refresher: ByteString? { parameters.value("refresher") }
    /// The `duration` parameter of Retry-After.
    public var duration: UInt32? { parameters.value("duration")?.decimalValue().map(UInt32.init) }

    public init(parsing v: ByteString, header: SIPHeaderName, limits: SIPParserLimits) throws(SIPParseError) {
        let t = try SIPTokenWithParameters(parsing: v, header: header, limits: limits)
        guard let n = t.token.decimalValue(limit: UInt64(UInt32.max)) else {
            throw SIPParseError(.invalidHeaderValue, at: t.token.startIndex, header: header, "delta-seconds not a number within 2^32-1")
        }
        seconds = UInt32(n)
        parameters = t.parameters
    }
}
