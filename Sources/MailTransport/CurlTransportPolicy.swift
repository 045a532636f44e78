internal import CCurl
internal import CCurlShim

/// The one transport policy every libcurl handle of ticketd gets (DESIGN §3, invariant 5): TLS
/// always and always verified (implicit TLS, or STARTTLS required), TLS 1.2 at least, exactly
/// the configured CA file when there is one, and timeouts so that no server can hold a poll or a
/// send for ever. IMAP and SMTP set it here, so the two can never drift apart.
extension CurlEasy {
    /// Applies the policy; returns the names of the options libcurl refused (empty when all held).
    func applyTransportPolicy(protocols: String, caFile: String?, connectTimeout: Double, responseTimeout: Double) -> [String] {
        var refused: [String] = []
        func require(_ ok: Bool, _ name: String) { if !ok { refused.append(name) } }
        require(set(CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        require(set(CURLOPT_PROTOCOLS_STR, protocols), "PROTOCOLS_STR")
        // imap:// and smtp:// must upgrade with STARTTLS or fail; imaps:// and smtps:// are TLS from the first byte.
        require(set(CURLOPT_USE_SSL, ticketd_curl_usessl_all()), "USE_SSL")
        require(set(CURLOPT_SSL_VERIFYPEER, 1), "SSL_VERIFYPEER")
        require(set(CURLOPT_SSL_VERIFYHOST, 2), "SSL_VERIFYHOST")
        require(set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2), "SSLVERSION")
        if let caFile, !caFile.isEmpty {
            // Trust exactly this file: no directory of system CAs beside it.
            require(set(CURLOPT_CAINFO, caFile), "CAINFO")
            require(set(CURLOPT_CAPATH, nil), "CAPATH")
        }
        let connectMilliseconds = max(1, Int((connectTimeout * 1000).rounded(.up)))
        let responseSeconds = max(1, Int(responseTimeout.rounded(.up)))
        require(set(CURLOPT_CONNECTTIMEOUT_MS, connectMilliseconds), "CONNECTTIMEOUT_MS")
        require(set(CURLOPT_SERVER_RESPONSE_TIMEOUT, responseSeconds), "SERVER_RESPONSE_TIMEOUT")
        // A transfer that stalls (below 1 byte/s) for the response timeout is abandoned too.
        require(set(CURLOPT_LOW_SPEED_LIMIT, 1), "LOW_SPEED_LIMIT")
        require(set(CURLOPT_LOW_SPEED_TIME, responseSeconds), "LOW_SPEED_TIME")
        require(set(CURLOPT_TCP_KEEPALIVE, 1), "TCP_KEEPALIVE")
        return refused
    }

    /// Whether a libcurl result code means the TLS handshake or the certificate check failed:
    /// IMAP and SMTP report these as the same kind of error, with the same fix.
    static func isTLSFailure(_ code: UInt32) -> Bool {
        tlsFailureCodes.contains(code)
    }

    private static let tlsFailureCodes: Set<UInt32> = [
        CURLE_SSL_CONNECT_ERROR.rawValue, CURLE_PEER_FAILED_VERIFICATION.rawValue, CURLE_SSL_CERTPROBLEM.rawValue,
        CURLE_SSL_CIPHER.rawValue, CURLE_SSL_ENGINE_NOTFOUND.rawValue, CURLE_SSL_ENGINE_SETFAILED.rawValue,
        CURLE_SSL_CACERT_BADFILE.rawValue, CURLE_SSL_SHUTDOWN_FAILED.rawValue, CURLE_SSL_CRL_BADFILE.rawValue,
        CURLE_SSL_ISSUER_ERROR.rawValue, CURLE_SSL_PINNEDPUBKEYNOTMATCH.rawValue,
        CURLE_SSL_INVALIDCERTSTATUS.rawValue, CURLE_SSL_CLIENTCERT.rawValue,
    ]
}
