import StackCore

extension SIPMessage {
    /// Parses the first field named `name` as `T`; nil when there is none.
    public func header<T: SIPHeaderValue>(_ name: SIPHeaderName, as type: T.Type, limits: SIPParserLimits = .default) throws(SIPParseError) -> T? {
        guard let v = headers.first(name) else { return nil }
        return try T(parsing: v, header: name, limits: limits)
    }

    /// Parses every value of `name` (split at list commas for list headers) as `T`.
    public func headerList<T: SIPHeaderValue>(_ name: SIPHeaderName, as type: T.Type, limits: SIPParserLimits = .default) throws(SIPParseError) -> [T] {
        var out: [T] = []
        for v in try headers.values(name, limits: limits) where !v.isEmpty {
            out.append(try T(parsing: v, header: name, limits: limits))
        }
        return out
    }

    /// The tokens of a token-list header (Allow, Supported, Require, Proxy-Require, Unsupported).
    public func optionTags(_ name: SIPHeaderName) throws(SIPParseError) -> [String] {
        try headerList(name, as: SIPOptionTag.self).map(\.token.string)
    }

    /// Route values, in order.
    public func routes() throws(SIPParseError) -> [SIPNameAddress] { try headerList(.route, as: SIPNameAddress.self) }
    /// Record-Route values, in order.
    public func recordRoutes() throws(SIPParseError) -> [SIPNameAddress] { try headerList(.recordRoute, as: SIPNameAddress.self) }
    /// Expires in seconds.
    public func expires() throws(SIPParseError) -> UInt32? { try header(.expires, as: SIPDeltaSeconds.self)?.seconds }
    /// Min-Expires in seconds.
    public func minExpires() throws(SIPParseError) -> UInt32? { try header(.minExpires, as: SIPDeltaSeconds.self)?.seconds }
    /// The User-Agent text.
    public var userAgent: String? { headers.first(.userAgent)?.string }
    /// The Server text.
    public var server: String? { headers.first(.server)?.string }
}
