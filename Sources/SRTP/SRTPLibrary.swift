import CSRTP

/// libsrtp's one-time initialisation (`srtp_init` registers its ciphers), run once on first use.
enum SRTPLibrary {
    /// The status of `srtp_init`, evaluated once (Swift runs a static's initialiser exactly once,
    /// thread-safely). libsrtp answers a second `srtp_init` in the process (by an embedder's own code)
    /// with an error though its kernel is ready, so the status is not an error by itself: a kernel
    /// that is really unusable makes `srtp_create` fail, and that error is reported.
    static let initialised: srtp_err_status_t = srtp_init()

    /// Runs `srtp_init` if this module has not run it.
    static func ensureInitialised() {
        _ = initialised
    }

    /// A libsrtp session for `key` with `ssrcType` (any inbound or any outbound), or a specific SSRC.
    static func makeSession(key: SRTPMasterKey, ssrcType: srtp_ssrc_type_t, replayWindow: Int) throws(SRTPError) -> srtp_t {
        ensureInitialised()
        var session: srtp_t?
        let status = withPolicy(key: key, ssrcType: ssrcType, ssrc: 0, replayWindow: replayWindow) { policy in
            srtp_create(&session, &policy)
        }
        guard status == srtp_err_status_ok, let session else {
            throw .library(function: "srtp_create", status: Int32(status.rawValue))
        }
        return session
    }

    /// Calls `body` with a policy for `key` whose key pointers stay valid for the call (libsrtp copies them).
    static func withPolicy(key: SRTPMasterKey, ssrcType: srtp_ssrc_type_t, ssrc: UInt32, replayWindow: Int,
                           _ body: (inout srtp_policy_t) -> srtp_err_status_t) -> srtp_err_status_t {
        var policy = srtp_policy_t()
        key.profile.apply(to: &policy)
        policy.ssrc.type = ssrcType
        policy.ssrc.value = ssrc
        policy.window_size = UInt(replayWindow)
        policy.allow_repeat_tx = 0
        var material = key.keyAndSalt
        guard let mki = key.mki else {
            return material.withUnsafeMutableBufferPointer { buffer in
                policy.key = buffer.baseAddress
                return body(&policy)
            }
        }
        var mkiBytes = mki.bytes
        return material.withUnsafeMutableBufferPointer { keyBuffer in
            mkiBytes.withUnsafeMutableBufferPointer { mkiBuffer in
                var master = srtp_master_key_t(key: keyBuffer.baseAddress, mki_id: mkiBuffer.baseAddress, mki_size: UInt32(mki.length))
                return withUnsafeMutablePointer(to: &master) { masterPointer in
                    var list: UnsafeMutablePointer<srtp_master_key_t>? = masterPointer
                    return withUnsafeMutablePointer(to: &list) { listPointer in
                        policy.keys = listPointer
                        policy.num_master_keys = 1
                        return body(&policy)
                    }
                }
            }
        }
    }
}
