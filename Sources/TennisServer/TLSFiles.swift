import NIOSSL

/// Loads PEM files into TLS configurations, with errors that name the file.
public enum TLSFiles {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// A server configuration from a certificate chain and its private key.
    public static func server(certificate: String, key: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw Problem(description: "cannot read the certificate \(certificate): \(error)")
        }
        guard !chain.isEmpty else { throw Problem(description: "no certificate in \(certificate)") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw Problem(description: "cannot read the private key \(key): \(error)")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                        privateKey: .privateKey(privateKey))
    }

    /// A client configuration that trusts the certificates in `caFile` (a private CA), or the
    /// system's roots when nil.
    public static func client(trusting caFile: String?) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw Problem(description: "cannot read the CA certificate \(caFile): \(error)")
            }
        }
        return configuration
    }
}
