import NIOSSL

/// TLS for the wire port: a server certificate chain and its private key, PEM files as
/// `mongod --tlsCertificateKeyFile` takes them (here as two files, or one holding both).
public struct WireTLS: Sendable {
    let context: NIOSSLContext

    /// Loads the certificate chain and key.
    /// - Throws: `WireTLSError` naming the file that could not be used and why.
    public init(certificateFile: String, keyFile: String) throws {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw WireTLSError(file: certificateFile, reason: "not a readable PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw WireTLSError(file: certificateFile, reason: "no certificate in it") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw WireTLSError(file: keyFile, reason: "not a readable PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw WireTLSError(file: keyFile, reason: "the key does not go with the certificate, or TLS cannot use them (\(error))")
        }
    }

    /// The handler that encrypts one accepted connection.
    func handler() -> NIOSSLServerHandler { NIOSSLServerHandler(context: context) }
}

/// A TLS certificate or key the wire server cannot use.
public struct WireTLSError: Error, CustomStringConvertible {
    public let file: String
    public let reason: String

    public var description: String { "cannot use \(file) for the wire protocol's TLS: \(reason)" }
}
